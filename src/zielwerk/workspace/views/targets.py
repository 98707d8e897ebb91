"""Targets with the council decision, versioned, beside the national DNS targets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation

from .. import selectors, services
from ..forms import TargetForm
from .common import context, crumbs, selected_indicator


@organisation_required("workspace.view")
def targets(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "workspace/targets.html",
        context(
            request,
            organisation,
            rows=selectors.targets_overview(organisation=organisation),
            breadcrumbs=crumbs(organisation, (_("Ziele"), None)),
        ),
    )


@organisation_required("workspace.view")
def target_detail(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    indicator = selected_indicator(organisation, code)
    form = TargetForm(request.POST or None, initial={"unit": indicator.unit})
    if request.method == "POST":
        if not request.user.has_perm("workspace.edit_target", organisation):
            raise PermissionDenied
        if form.is_valid():
            services.organisation_target_create(
                organisation=organisation,
                user=request.user,
                indicator=indicator,
                data=services.TargetData(**form.cleaned_data),
            )
            messages.success(
                request,
                _("Das Ziel wurde als Entwurf gespeichert. Es gilt, sobald es veröffentlicht ist."),
            )
            return redirect("workspace:target_detail", org=organisation.slug, code=code)
    return render(
        request,
        "workspace/target_detail.html",
        context(
            request,
            organisation,
            indicator=indicator,
            form=form,
            history=selectors.target_history(organisation=organisation, indicator=indicator),
            national=selectors.national_targets(indicator=indicator),
            breadcrumbs=crumbs(
                organisation,
                (_("Ziele"), reverse("workspace:targets", args=[organisation.slug])),
                (indicator.code, None),
            ),
        ),
        status=400 if form.errors else 200,
    )
