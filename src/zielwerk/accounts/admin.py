"""Site admins manage organisations, memberships and API tokens in the Django admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import AdminLoginForm
from .models import ApiToken, Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "last_visit_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "region__name", "region__ars"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["region"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "email", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are created by members in the application (the raw token is shown to them
    once); here site admins can only see and revoke them."""

    list_display = [
        "name",
        "organisation",
        "scope",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "organisation"]
    search_fields = ["name", "organisation__name", "created_by__username"]
    readonly_fields = [
        "organisation",
        "name",
        "scope",
        "token_hash",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Ausgewählte Token widerrufen"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for api_token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(api_token=api_token, user=request.user)


# The admin's login is locked after too many failures, exactly like the site's login.
admin.site.login_form = AdminLoginForm
