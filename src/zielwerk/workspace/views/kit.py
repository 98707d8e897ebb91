"""The kit: browse the catalogue and choose the indicator set."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Goal, Indicator

from .. import selectors, services
from .common import context, crumbs


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _filters(request: HttpRequest) -> selectors.KitFilter:
    goal = request.GET.get("ziel", "")
    return selectors.KitFilter(
        goal=int(goal) if goal.isdigit() else None,
        availability=request.GET.get("daten", ""),
        topic=request.GET.get("thema", ""),
        framework=request.GET.get("rahmen", ""),
        text=request.GET.get("suche", "").strip()[:100],
        suitable=request.GET.get("geeignet") == "1",
    )


@organisation_required("workspace.view")
def kit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm("workspace.select_indicators", organisation):
            raise PermissionDenied
        added, removed = services.indicator_selection_set(
            organisation=organisation,
            user=request.user,
            shown=_ids(request.POST.getlist("shown")),
            chosen=_ids(request.POST.getlist("chosen")),
        )
        messages.success(
            request,
            _("Indikatorenset gespeichert: %(added)s hinzugefügt, %(removed)s entfernt.")
            % {"added": added, "removed": removed},
        )
        return redirect(request.get_full_path())
    filters = _filters(request)
    return render(
        request,
        "workspace/kit.html",
        context(
            request,
            organisation,
            indicators=selectors.kit_list(organisation=organisation, filters=filters),
            filters=filters,
            goals=Goal.objects.all(),
            topics=selectors.kit_topics(),
            frameworks=Indicator.Framework.choices,
            breadcrumbs=crumbs(organisation, (_("Indikator-Baukasten"), None)),
        ),
    )
