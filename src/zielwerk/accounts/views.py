"""Login, the own account (data download, deletion), invitations, members and API tokens."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import gdpr, services
from .access import organisation_required, signed_in
from .forms import (
    AccountDeleteForm,
    ApiTokenForm,
    InvitationForm,
    LoginForm,
    RoleForm,
    SignupForm,
)
from .models import ApiToken, Invitation, Membership, Organisation, Role


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [(_("Anmelden"), None)]}


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")  # type: ignore[assignment]  # a lazy URL works


@login_required
def account(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=signed_in(request)).select_related("organisation")
    context = {
        "memberships": memberships,
        "form": AccountDeleteForm(user=request.user),
        "breadcrumbs": [(_("Mein Konto"), None)],
    }
    return render(request, "accounts/account.html", context)


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    data = gdpr.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="zielwerk-konto.json"'
    return response


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        memberships = Membership.objects.filter(user=signed_in(request)).select_related(
            "organisation"
        )
        context = {
            "memberships": memberships,
            "form": form,
            "breadcrumbs": [(_("Mein Konto"), None)],
        }
        return render(request, "accounts/account.html", context, status=400)
    user = request.user
    try:
        gdpr.account_delete(user=user)
    except gdpr.AccountDeleteRefused as refused:
        form.add_error(None, str(refused))
        memberships = Membership.objects.filter(user=signed_in(request)).select_related(
            "organisation"
        )
        context = {
            "memberships": memberships,
            "form": form,
            "breadcrumbs": [(_("Mein Konto"), None)],
        }
        return render(request, "accounts/account.html", context, status=409)
    logout(request)
    messages.success(request, _("Ihr Konto und Ihre persönlichen Daten wurden gelöscht."))
    return redirect("portal:home")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_find(token=token)
    crumbs = [(_("Einladung"), None)]
    if found is None:
        return render(
            request, "accounts/invitation_invalid.html", {"breadcrumbs": crumbs}, status=404
        )
    form = None
    refused = None
    if request.user.is_authenticated:
        refused = services.invitation_address_problem(invitation=found, user=request.user)
    if request.method == "POST" and refused is None:
        if request.user.is_authenticated:
            try:
                services.invitation_accept(invitation=found, user=request.user)
            except services.MembershipError as exc:
                refused = str(exc)
            else:
                return redirect("workspace:dashboard")
        else:
            form = SignupForm(request.POST, email=found.email)
            if form.is_valid():
                user = services.invitation_signup(invitation=found, form=form)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("workspace:dashboard")
    elif not request.user.is_authenticated:
        form = SignupForm(email=found.email)
    context = {"invitation": found, "form": form, "breadcrumbs": crumbs, "refused": refused}
    status = 403 if refused else 400 if form and form.is_bound else 200
    return render(request, "accounts/invitation.html", context, status=status)


@organisation_required("accounts.manage_members")
def members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("accounts:invitation", args=[token])
            ),
        )
        messages.success(request, _("Die Einladung wurde per E-Mail verschickt."))
        return redirect("accounts:members", org=organisation.slug)
    context = {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user").order_by("user__username"),
        "invitations": [i for i in organisation.invitations.all() if i.is_open],
        "form": form,
        "role_form": RoleForm(),
        "breadcrumbs": [
            (_("Arbeitsbereich"), reverse("workspace:org_dashboard", args=[organisation.slug])),
            (_("Mitglieder"), None),
        ],
    }
    return render(request, "accounts/members.html", context, status=400 if form.errors else 200)


def _back(organisation: Organisation) -> HttpResponseRedirect:
    return redirect("accounts:members", org=organisation.slug)


@require_POST
@organisation_required("accounts.manage_members")
def member_role(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine gültige Rolle."))
        return _back(organisation)
    try:
        services.membership_role_set(membership=membership, role=form.cleaned_data["role"])
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Die Rolle wurde geändert."))
    return _back(organisation)


@require_POST
@organisation_required("accounts.manage_members")
def member_remove(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    try:
        services.membership_remove(membership=membership)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Das Mitglied wurde entfernt."))
    return _back(organisation)


@require_POST
@organisation_required("accounts.manage_members")
def invitation_revoke(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    get_object_or_404(Invitation, pk=pk, organisation=organisation).delete()
    messages.success(request, _("Die Einladung wurde zurückgezogen."))
    return _back(organisation)


@organisation_required("accounts.create_api_token")
def api_tokens(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Create tokens (the new token is shown once, on this response only) and list them:
    administrators see every token of the organisation, other members their own."""
    form = ApiTokenForm(request.POST or None, organisation=organisation)
    created = None
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["validity"]
        _token, created = services.api_token_create(
            organisation=organisation,
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=timezone.now() + timedelta(days=int(days)) if days else None,
        )
        form = ApiTokenForm(organisation=organisation)
    tokens = organisation.api_tokens.select_related("created_by", "revoked_by")
    if not request.user.has_perm("accounts.manage_api_tokens", organisation):
        tokens = tokens.filter(created_by=signed_in(request))
    roles = dict(organisation.memberships.values_list("user_id", "role"))
    context = {
        "organisation": organisation,
        "form": form,
        "created_token": created,
        "tokens": [
            (t, Role(roles[t.created_by_id]).label if t.created_by_id in roles else None)
            for t in tokens
        ],
        "api_url": request.build_absolute_uri("/api/v1/"),
        "breadcrumbs": [
            (_("Arbeitsbereich"), reverse("workspace:org_dashboard", args=[organisation.slug])),
            (_("API-Token"), None),
        ],
    }
    response = render(
        request, "accounts/api_tokens.html", context, status=400 if form.errors else 200
    )
    response["Cache-Control"] = "no-store"  # the new token must not stay in any cache
    return response


@require_POST
@organisation_required("accounts.create_api_token")
def api_token_revoke(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    api_token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    own = api_token.created_by_id == request.user.pk
    if not own and not request.user.has_perm("accounts.manage_api_tokens", organisation):
        raise PermissionDenied
    services.api_token_revoke(api_token=api_token, user=request.user)
    messages.success(
        request, _("Das Token „%(name)s“ wurde widerrufen.") % {"name": api_token.name}
    )
    return redirect("accounts:api_tokens", org=organisation.slug)
