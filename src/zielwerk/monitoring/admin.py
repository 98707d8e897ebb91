"""Admin views: imports and observations are read-only records of what was imported."""

from __future__ import annotations

from django.contrib import admin

from .models import ImportRun, Observation, ObservationRevision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "file_name", "actor", "user", "rows_read", "created", "revised"]
    list_filter = ["file_format"]
    search_fields = ["file_name", "source", "actor"]


class RevisionInline(admin.TabularInline):
    model = ObservationRevision
    fk_name = "observation"
    extra = 0
    can_delete = False
    readonly_fields = ["old_value", "old_unit", "old_flags", "old_import_run", "import_run"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "region", "series", "year", "value", "unit", "flags"]
    list_filter = ["indicator__framework"]
    search_fields = ["indicator__code", "region__ars", "region__name"]
    list_select_related = ["indicator", "region"]
    raw_id_fields = ["indicator", "region", "import_run"]
    inlines = [RevisionInline]


@admin.register(ObservationRevision)
class ObservationRevisionAdmin(ReadOnlyAdmin):
    list_display = ["observation", "old_value", "import_run"]
    raw_id_fields = ["observation", "old_import_run", "import_run"]
