"""``assessments_refresh``: compute and store every method's assessment after data changes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import transaction

from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.core.assessment import assess, build_panel, opensdg_indicators
from zielwerk.core.targets import TargetSpec
from zielwerk.regions.models import Region

from ..models import Assessment
from .exporting import observations_frame

# (stored method code, core method, Eurostat horizon)
SERIES_METHODS: tuple[tuple[str, str, int], ...] = (
    ("dns", "dns", 5),
    ("opensdg", "opensdg", 5),
    ("eurostat", "eurostat", 5),
    ("eurostat15", "eurostat", 15),
)
RESULT_KEYS = ("indicator", "region", "series", "method", "status", "score")


@dataclass
class RefreshSummary:
    indicators: int = 0
    stored: int = 0
    by_method: dict[str, int] = field(default_factory=dict)


def national_targets(indicators: Sequence[str] = ()) -> list[TargetSpec]:
    """The machine-readable DNS targets (the national ones), as core target specs."""
    queryset = DnsTarget.objects.select_related("indicator")
    if indicators:
        queryset = queryset.filter(indicator__code__in=indicators)
    return [t.to_spec(t.indicator.code) for t in queryset]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _rows(frame: pl.DataFrame, method: str, level: str, ids: dict[str, dict[str, int]]) -> list:
    components = [c for c in frame.columns if c not in RESULT_KEYS]
    objects = []
    for row in frame.iter_rows(named=True):
        objects.append(
            Assessment(
                indicator_id=ids["indicator"][row["indicator"]],
                region_id=ids["region"].get(row.get("region") or ""),
                series=row.get("series") or "",
                level=level,
                method=method,
                status=row["status"],
                score=_clean(row.get("score")),
                components={c: _clean(row[c]) for c in components},
            )
        )
    return objects


def assessments_refresh(*, indicators: Sequence[str] = ()) -> RefreshSummary:
    """Recompute the assessments of ``indicators`` (all with targets when empty) and store them.

    Runs every series method over all series at once (one polars computation per method),
    then replaces the stored results of those indicators in one transaction.
    """
    targets = national_targets(indicators)
    codes = sorted({t.indicator for t in targets})
    summary = RefreshSummary(indicators=len(codes))
    observations = observations_frame(indicators=codes) if codes else None
    objects: list[Assessment] = []
    if observations is not None and observations.height:
        panel = build_panel(observations.select("indicator", "region", "series", "year", "value"))
        ids = {
            "indicator": dict(Indicator.objects.filter(code__in=codes).values_list("code", "id")),
            "region": dict(
                Region.objects.filter(
                    ars__in=observations.get_column("region").unique().to_list()
                ).values_list("ars", "id")
            ),
        }
        for stored, method, horizon in SERIES_METHODS:
            result = assess(method, panel, targets, horizon=horizon)  # type: ignore[arg-type]
            objects += _rows(result, stored, Assessment.Level.SERIES, ids)
            summary.by_method[stored] = result.height
            if method == "opensdg":
                level = opensdg_indicators(result).with_columns(method=pl.lit("opensdg"))
                objects += _rows(level, stored, Assessment.Level.INDICATOR, ids)
    with transaction.atomic():
        Assessment.objects.filter(indicator__code__in=codes).delete()
        Assessment.objects.bulk_create(objects, batch_size=2000)
    summary.stored = len(objects)
    return summary
