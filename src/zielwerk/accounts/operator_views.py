"""The platform operator area: organisations, creating one by searching its region, and
inviting its first administrator (permission ``accounts.operate_platform``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from zielwerk.regions.models import Region

from . import operator_selectors, services
from .models import Organisation, Role
from .operator_forms import AdminInvitationForm, OrganisationForm, RegionSearchForm

View = Callable[..., HttpResponse]
PERMISSION = "accounts.operate_platform"


def operator_required(view: View) -> View:
    """Anonymous users go to the login page, everyone but operators gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    home = reverse("accounts:operator_organisations")
    return [(_("Betrieb der Plattform"), home if trail else None), *trail]


@operator_required
def organisations(request: HttpRequest) -> HttpResponse:
    context = {
        "organisations": operator_selectors.organisations_overview(),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "accounts/operator_organisations.html", context)


def _chosen_region(request: HttpRequest) -> tuple[Region | None, str | None]:
    """The region named by ``region`` (an ARS) in the form or the address, or why not."""
    ars = (request.POST if request.method == "POST" else request.GET).get("region", "").strip()
    if not ars:
        if request.method != "POST":
            return None, None
        return None, _("Bitte suchen und wählen Sie zuerst die Region.")
    region = Region.objects.select_related("parent").filter(ars=ars).first()
    if region is None:
        return None, _(
            "Es gibt keine Region mit dem Regionalschlüssel (ARS) „%(value)s“. "
            "Bitte suchen Sie die Region über ihren Namen."
        ) % {"value": ars[:40]}
    return region, None


@operator_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET ``q``): search the region, server-side, no JavaScript needed; step 2
    (GET/POST ``region``): name, short name and kind; then on to inviting the administrator."""
    search = RegionSearchForm(request.GET or None)
    region, region_problem = _chosen_region(request)
    form = None
    if region is not None:
        form = OrganisationForm(request.POST or None, region=region)
        if request.method == "POST" and form.is_valid():
            organisation = services.organisation_create_by_operator(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"],
                region=region,
                operator=request.user,
            )
            messages.success(
                request,
                _(
                    "Die Organisation „%(name)s“ wurde angelegt. "
                    "Laden Sie jetzt ihre Verwaltung ein."
                )
                % {"name": organisation.name},
            )
            return redirect("accounts:operator_invite", slug=organisation.slug)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    results = None
    if region is None and query:
        results = operator_selectors.region_choices(query=query)
    context = {
        "search": search,
        "query": query,
        "results": results,
        "region": region,
        "region_problem": region_problem,
        "existing": operator_selectors.organisations_of_region(region) if region else [],
        "form": form,
        "breadcrumbs": _crumbs((_("Organisation anlegen"), None)),
    }
    bad = bool(search.errors or region_problem or (form is not None and form.errors))
    return render(request, "accounts/operator_create.html", context, status=400 if bad else 200)


@operator_required
def admin_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("region"), slug=slug)
    form = AdminInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.organisation_admin_invite(
            organisation=organisation,
            email=form.cleaned_data["email"],
            invited_by=request.user,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("accounts:invitation", args=[token])
            ),
        )
        messages.success(
            request,
            _(
                "Die Einladung an %(email)s ist verschickt: Rolle „Verwalten“ bei "
                "„%(name)s“, gültig bis %(date)s."
            )
            % {
                "email": invitation.email,
                "name": organisation.name,
                "date": date_format(localtime(invitation.expires_at), "SHORT_DATE_FORMAT"),
            },
        )
        return redirect("accounts:operator_organisations")
    context = {
        "organisation": organisation,
        "admins": organisation.memberships.filter(role=Role.ADMIN).select_related("user"),
        "invitations": [i for i in organisation.invitations.filter(role=Role.ADMIN) if i.is_open],
        "form": form,
        "breadcrumbs": _crumbs((organisation.name, None)),
    }
    return render(
        request, "accounts/operator_invite.html", context, status=400 if form.errors else 200
    )
