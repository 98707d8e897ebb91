"""Helpers shared by the workspace views: breadcrumbs, the indicator of a URL."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator

from ..scope import selected_indicators


def crumbs(organisation: Organisation, *trail: tuple[str, str | None]) -> list[Any]:
    home = reverse("workspace:org_dashboard", args=[organisation.slug])
    return [
        (_("Arbeitsbereich"), reverse("workspace:dashboard")),
        (organisation.name, home if trail else None),
        *trail,
    ]


def selected_indicator(organisation: Organisation, code: str) -> Indicator:
    """An indicator of the organisation's set, else 404 (also for other organisations')."""
    found = selected_indicators(organisation).select_related("goal").filter(code=code).first()
    if found is None:
        raise Http404(_("Dieser Indikator gehört nicht zum Indikatorenset."))
    return found


def context(request: HttpRequest, organisation: Organisation, **extra: Any) -> dict[str, Any]:
    """What every workspace page needs: the organisation and what the user may do there."""
    user = request.user
    may = {
        name.split(".")[1]: user.has_perm(name, organisation)
        for name in (
            "workspace.select_indicators",
            "workspace.edit_indicator",
            "workspace.edit_target",
            "workspace.edit_data",
            "workspace.publish",
            "accounts.manage_members",
        )
    }
    return {"organisation": organisation, "may": may, **extra}
