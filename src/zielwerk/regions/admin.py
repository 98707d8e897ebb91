from django.contrib import admin

from zielwerk.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "ars", "ags", "population")
    list_filter = ("level",)
    search_fields = ("name", "=ars", "=ags")
    raw_id_fields = ("parent",)
    readonly_fields = ("name_folded",)
    list_select_related = ("parent",)
