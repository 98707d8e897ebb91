"""Read-only queries of the monitoring app for pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zielwerk.core.regions import BUND_ARS as GERMANY_ARS

from .models import Assessment
from .status import SYMBOLS, TONES, explain, label

SHOWN_METHODS = ("dns", "opensdg", "eurostat")


@dataclass(frozen=True)
class StatusView:
    method: str
    method_label: str
    status: str
    label: str
    symbol: str
    tone: str
    series: str
    region: str
    score: float | None
    explanation: str
    components: dict[str, Any]


def _view(a: Assessment) -> StatusView:
    return StatusView(
        method=a.method,
        method_label=a.get_method_display(),
        status=a.status,
        label=label(a.status),
        symbol=SYMBOLS.get(a.status, ""),
        tone=TONES.get(a.status, "none"),
        series=a.series,
        region=a.region.name if a.region else "",
        score=a.score,
        explanation=explain(a.method, a.status, a.components),
        components=a.components,
    )


def indicator_assessments(*, indicator_id: int, region_ars: str = GERMANY_ARS) -> list[StatusView]:
    """The series assessments of one indicator in one region (Germany by default)."""
    found = (
        Assessment.objects.filter(
            indicator_id=indicator_id,
            region__ars=region_ars,
            level=Assessment.Level.SERIES,
            method__in=SHOWN_METHODS,
        )
        .select_related("region")
        .order_by("series", "method")
    )
    return [_view(a) for a in found]


def headline_statuses(*, indicator_ids: Iterable[int]) -> dict[int, dict[str, StatusView]]:
    """Per indicator: the national DNS symbol and Open SDG status (worst DNS symbol and the
    indicator-level Open SDG result), for lists of indicators. One query."""
    rank = {"thunderstorm": 0, "cloud": 1, "sun_cloud": 2, "sun": 3, "not_assessed": 4}
    found = (
        Assessment.objects.filter(indicator_id__in=list(indicator_ids), region__ars=GERMANY_ARS)
        .filter(
            method__in=("dns", "opensdg"),
        )
        .select_related("region")
    )
    result: dict[int, dict[str, StatusView]] = {}
    for a in found:
        views = result.setdefault(a.indicator_id, {})
        if a.method == "opensdg" and a.level == Assessment.Level.INDICATOR:
            views["opensdg"] = _view(a)
        elif a.method == "dns" and a.level == Assessment.Level.SERIES:
            current = views.get("dns")
            if current is None or rank.get(a.status, 5) < rank.get(current.status, 5):
                views["dns"] = _view(a)
    return result
