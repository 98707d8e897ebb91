"""Stored assessments of published data, with the numbers they were computed from."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router

from zielwerk.monitoring.models import Assessment

from ..schemas import AssessmentOut

router = Router(tags=["assessments"])


@router.get(
    "/assessments",
    response=list[AssessmentOut],
    summary="Assessments of one indicator (DNS, Open SDG, Eurostat), with explanation",
)
def assessments(
    request: HttpRequest,
    indicator: str,
    region: str | None = None,
    method: Literal["dns", "opensdg", "eurostat", "eurostat15"] | None = None,
    level: Literal["series", "indicator"] | None = None,
) -> list[dict[str, Any]]:
    found = Assessment.objects.filter(indicator__code=indicator)
    if region:
        found = found.filter(region__ars=region)
    if method:
        found = found.filter(method=method)
    if level:
        found = found.filter(level=level)
    rows = found.order_by("region__ars", "series", "method", "level").values(
        "indicator__code",
        "region__ars",
        "series",
        "level",
        "method",
        "status",
        "score",
        "components",
        "computed_at",
    )
    return [
        {
            **{k: v for k, v in row.items() if k not in ("indicator__code", "region__ars")},
            "indicator": row["indicator__code"],
            "region": row["region__ars"] or "",
        }
        for row in rows
    ]
