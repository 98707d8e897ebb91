from django.contrib import admin

from .models import Network, NetworkMembership, Partnership


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("region", "partner_name", "partner_country", "kind", "since", "source")
    list_filter = ("kind", "partner_country")
    search_fields = ("region__name", "region__ars", "partner_name")
    raw_id_fields = ("region", "partner_region")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "url")
    search_fields = ("name",)
    readonly_fields = ("created_by", "created_at")


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ("network", "region", "since")
    list_filter = ("network",)
    raw_id_fields = ("region",)
    readonly_fields = ("created_by", "created_at")
