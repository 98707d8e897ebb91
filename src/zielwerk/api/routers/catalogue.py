"""Goals, targets and indicators of the catalogue."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.catalogue.units import unit_label

from ..schemas import ErrorOut, GoalOut, IndicatorDetail, IndicatorOut, TargetOut
from ..selectors import indicator_list

router = Router(tags=["catalogue"])


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "framework": indicator.framework,
        "goal": indicator.goal.number,
        "targets": [t.code for t in indicator.targets.all()],
        "title_de": indicator.title_de,
        "title_en": indicator.title_en,
        "unit": indicator.unit,
        "direction": indicator.direction,
    }


@router.get("/goals", response=list[GoalOut], summary="The 17 goals")
def goals(request: HttpRequest) -> list[Goal]:
    return list(Goal.objects.order_by("number"))


@router.get("/targets", response=list[TargetOut], summary="The targets (169 UN targets)")
def targets(request: HttpRequest, goal: int | None = None) -> list[dict[str, Any]]:
    found = Target.objects.select_related("goal").order_by("sort_key")
    if goal is not None:
        found = found.filter(goal__number=goal)
    return [
        {"code": t.code, "goal": t.goal.number, "title_de": t.title_de, "title_en": t.title_en}
        for t in found
    ]


@router.get("/indicators", response=list[IndicatorOut], summary="Indicators (UN, DNS, own)")
def indicators(
    request: HttpRequest,
    framework: Literal["un", "dns", "own"] | None = None,
    goal: int | None = None,
) -> list[dict[str, Any]]:
    return [_indicator(i) for i in indicator_list(framework=framework or "", goal=goal)]


def _kit_source(found: Indicator) -> dict[str, Any] | None:
    if found.framework != Indicator.Framework.KIT:
        return None
    meta = found.metadata or {}
    return {
        "source": meta.get("source", ""),
        "source_id": meta.get("source_id", ""),
        "formula_de": meta.get("formula_de", ""),
        "rationale_de": meta.get("rationale_de", ""),
        "levels": list(meta.get("levels", [])),
    }


@router.get(
    "/indicators/{code}",
    response={200: IndicatorDetail, 404: ErrorOut},
    summary="One indicator with its links",
)
def indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    found = get_object_or_404(
        Indicator.objects.public()
        .select_related("goal")
        .prefetch_related("targets", "un_indicators", "dns_indicators"),
        code=code,
    )
    return _indicator(found) | {
        "definition_de": found.definition_de,
        "definition_en": found.definition_en,
        "unit_label": unit_label(found.unit),
        "municipal": _kit_source(found),
        "un_indicators": [i.code for i in found.un_indicators.all()],
        "dns_indicators": [i.code for i in found.dns_indicators.all()],
        "observation_count": found.observations.count(),
    }
