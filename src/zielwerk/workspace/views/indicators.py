"""Own indicators: list, create, edit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Goal

from .. import services
from ..forms import OwnIndicatorForm
from ..models import OwnIndicator
from ..services.own_indicators import METADATA_FIELDS
from .common import context, crumbs


def _data(form: OwnIndicatorForm) -> services.OwnIndicatorData:
    d: dict[str, Any] = form.cleaned_data
    return services.OwnIndicatorData(
        title_de=d["title_de"],
        title_en=d["title_en"],
        definition_de=d["definition_de"],
        definition_en=d["definition_en"],
        unit=d["unit"],
        direction=d["direction"],
        goal=d["goal"],
        targets=tuple(d["target_codes"]),
        source=d["source"],
    )


def _list_crumb(organisation: Organisation) -> tuple[str, str]:
    return (_("Eigene Indikatoren"), reverse("workspace:own_list", args=[organisation.slug]))


@organisation_required("workspace.view")
def own_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    items = OwnIndicator.objects.filter(organisation=organisation).select_related(
        "indicator", "indicator__goal"
    )
    return render(
        request,
        "workspace/own_list.html",
        context(
            request,
            organisation,
            items=items,
            breadcrumbs=crumbs(organisation, (_("Eigene Indikatoren"), None)),
        ),
    )


@organisation_required("workspace.edit_indicator")
def own_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OwnIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.own_indicator_create(
            organisation=organisation, user=request.user, data=_data(form)
        )
        return redirect("workspace:own_list", org=organisation.slug)
    return render(
        request,
        "workspace/own_form.html",
        context(
            request,
            organisation,
            form=form,
            title=_("Eigenen Indikator anlegen"),
            breadcrumbs=crumbs(organisation, _list_crumb(organisation), (_("Neu"), None)),
        ),
        status=400 if form.errors else 200,
    )


@organisation_required("workspace.edit_indicator")
def own_edit(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    own = get_object_or_404(
        OwnIndicator.objects.select_related("indicator"),
        organisation=organisation,
        indicator__code=code,
    )
    ind = own.indicator
    # What the editors last entered, including changes still waiting for review.
    entered = services.proposed_values(own)
    initial = {
        **{name: entered[name] for name in METADATA_FIELDS},
        "goal": Goal.objects.get(number=entered["goal"]).pk,
        "source": own.source,
        "target_codes": ", ".join(entered["targets"]),
    }
    form = OwnIndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.own_indicator_update(own=own, user=request.user, data=_data(form))
        return redirect("workspace:own_list", org=organisation.slug)
    return render(
        request,
        "workspace/own_form.html",
        context(
            request,
            organisation,
            form=form,
            own=own,
            title=_("Indikator %(code)s bearbeiten") % {"code": ind.code},
            breadcrumbs=crumbs(organisation, _list_crumb(organisation), (ind.code, None)),
        ),
        status=400 if form.errors else 200,
    )
