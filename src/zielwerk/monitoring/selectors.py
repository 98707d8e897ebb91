"""Read-only queries of the monitoring app for pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from zielwerk.core.regions import BUND_ARS as GERMANY_ARS

from .frames import observations_frame_of
from .models import Assessment, Observation
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


@dataclass(frozen=True)
class Latest:
    year: int
    period: str
    value: float
    flags: str


@dataclass(frozen=True)
class RegionIndicator:
    """One indicator at a glance on a region page, with its Land and Germany beside it."""

    indicator_id: int
    series: str
    unit: str
    latest: Latest
    land: Latest | None  # the Land's value in the same year, else its latest
    germany: Latest | None


def observations_of(region_ids: list[int], indicator_ids: list[int] | None = None) -> pl.DataFrame:
    """Observations of these regions keyed by ids (``region``, ``indicator`` are ids here)."""
    found = Observation.objects.filter(region_id__in=region_ids)
    if indicator_ids is not None:
        found = found.filter(indicator_id__in=indicator_ids)
    columns = ("region_id", "indicator_id", "series", "unit", "year", "period", "value", "flags")
    frame = observations_frame_of(found.order_by(), columns)
    return frame.rename({"region_id": "region", "indicator_id": "indicator"})


def latest_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Per indicator: its headline series (else the first), the latest year of it."""
    keys = frame.select("indicator", "series", "unit").unique().sort("indicator", "series", "unit")
    chosen = keys.group_by("indicator", maintain_order=True).first()
    return (
        frame.join(chosen, on=["indicator", "series", "unit"])
        .sort("year")
        .group_by("indicator", maintain_order=True)
        .last()
        .sort("indicator")
    )


def value_near(
    frame: pl.DataFrame, region_id: int, key: tuple[int, str, str], year: int
) -> Latest | None:
    if frame.is_empty():
        return None
    mine = frame.filter(
        (pl.col("region") == region_id)
        & (pl.col("indicator") == key[0])
        & (pl.col("series") == key[1])
        & (pl.col("unit") == key[2])
    )
    if mine.is_empty():
        return None
    same = mine.filter(pl.col("year") == year)
    row = (same if not same.is_empty() else mine.sort("year").tail(1)).row(0, named=True)
    return Latest(row["year"], row["period"], row["value"], row["flags"])


def region_indicators(
    *, region_id: int, comparison_ids: tuple[int | None, int | None]
) -> list[RegionIndicator]:
    """The indicators with data for a region: latest value and year of the headline series,
    and the same indicator, series and unit in its Land and in Germany (``comparison_ids``:
    the Land's and Germany's region ids, None where not applicable)."""
    own = observations_of([region_id])
    if own.is_empty():
        return []
    latest = latest_rows(own)
    others = [i for i in comparison_ids if i is not None]
    compared = observations_of(others, latest["indicator"].to_list()) if others else own.clear()
    land_id, germany_id = comparison_ids
    result = []
    for row in latest.iter_rows(named=True):
        key = (row["indicator"], row["series"], row["unit"])
        result.append(
            RegionIndicator(
                indicator_id=row["indicator"],
                series=row["series"],
                unit=row["unit"],
                latest=Latest(row["year"], row["period"], row["value"], row["flags"]),
                land=value_near(compared, land_id, key, row["year"]) if land_id else None,
                germany=value_near(compared, germany_id, key, row["year"]) if germany_id else None,
            )
        )
    return result
