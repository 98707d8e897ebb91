"""Site admins see workspaces in the Django admin; the audit trail is read-only there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import AuditEntry, OrganisationTarget, OwnIndicator, StagedObservation


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "organisation", "user", "action", "subject", "old_value", "new_value"]
    list_filter = ["action", "organisation"]
    search_fields = ["subject", "source"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OrganisationTarget)
class OrganisationTargetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "organisation",
        "indicator",
        "version",
        "kind",
        "decision_reference",
        "published_at",
    ]
    list_filter = ["organisation", "kind"]
    readonly_fields = ["created_by", "created_at", "published_by", "published_at"]


@admin.register(OwnIndicator)
class OwnIndicatorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["indicator", "organisation", "number"]
    list_filter = ["organisation"]


@admin.register(StagedObservation)
class StagedObservationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "indicator", "region", "series", "year", "value", "origin"]
    list_filter = ["organisation", "origin"]
