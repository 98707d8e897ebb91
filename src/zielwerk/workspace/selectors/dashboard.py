"""The organisation's dashboard: latest values, trends, assessments and data gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import polars as pl

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.frames import observations_frame_of
from zielwerk.monitoring.models import Assessment, Observation

from ..models import StagedObservation
from ..scope import selected_indicators
from .targets import targets_in_force

GAP_YEARS = 3
"""An indicator whose latest value is older than this many years counts as a data gap."""


@dataclass(frozen=True)
class DashboardRow:
    indicator: Indicator
    latest_year: int | None
    latest_value: float | None
    trend: str  # "up", "down", "flat" or "" (fewer than two values)
    trend_good: bool | None
    dns: str  # DNS weather code, "" without a target
    opensdg: str  # Open SDG status code, "" without a target
    local_target: bool  # assessed against the council's target (else the national one)
    gap: bool
    drafts: int


def _frame(organisation: Organisation, ids: list[int]) -> pl.DataFrame:
    found = Observation.objects.filter(indicator_id__in=ids, region=organisation.region)
    return observations_frame_of(found, ("indicator", "region", "series", "year", "value"))


def _stored(organisation: Organisation, ids: list[int]) -> tuple[dict[str, str], dict[str, str]]:
    """Stored assessments of the organisation's region: against its council's targets in
    force (a municipality), or the national ones (Germany). Read, never computed here."""
    found: tuple[dict[str, str], dict[str, str]] = ({}, {})
    rows = (
        Assessment.objects.filter(
            indicator_id__in=ids, region=organisation.region, method__in=("dns", "opensdg")
        )
        .order_by("indicator__code", "series", "level")
        .values_list("indicator__code", "method", "status")
    )
    for code, method, status in rows:
        found[0 if method == "dns" else 1].setdefault(code, status)
    return found


def _trend(values: pl.DataFrame, direction: str) -> tuple[str, bool | None]:
    if values.height < 2:
        return "", None
    last, previous = values.get_column("value")[-1], values.get_column("value")[-2]
    trend = "flat" if last == previous else ("up" if last > previous else "down")
    if trend == "flat" or not direction:
        return trend, None
    return trend, (trend == "up") == (direction == Indicator.Direction.INCREASE)


def _main_series(frame: pl.DataFrame, code: str) -> pl.DataFrame:
    """The headline series of the indicator, else its first series, by year."""
    own = frame.filter(pl.col("indicator") == code)
    if own.is_empty():
        return own
    headline = own.filter(pl.col("series") == "")
    if headline.is_empty():
        first = own.sort("series").get_column("series")[0]
        headline = own.filter(pl.col("series") == first)
    return headline.sort("year")


def dashboard_rows(*, organisation: Organisation) -> list[DashboardRow]:
    indicators = list(selected_indicators(organisation).select_related("goal"))
    frame = _frame(organisation, [i.pk for i in indicators])
    local = {t.indicator.code for t in targets_in_force(organisation=organisation)}
    dns, opensdg = _stored(organisation, [i.pk for i in indicators])
    drafts = Counter(
        StagedObservation.objects.filter(organisation=organisation).values_list(
            "indicator_id", flat=True
        )
    )
    oldest_recent = date.today().year - GAP_YEARS
    rows = []
    for indicator in indicators:
        series = _main_series(frame, indicator.code)
        latest = series.row(-1, named=True) if series.height else None
        trend, good = _trend(series, indicator.direction)
        rows.append(
            DashboardRow(
                indicator=indicator,
                latest_year=latest["year"] if latest else None,
                latest_value=latest["value"] if latest else None,
                trend=trend,
                trend_good=good,
                dns=dns.get(indicator.code, ""),
                opensdg=opensdg.get(indicator.code, ""),
                local_target=indicator.code in local,
                gap=latest is None or latest["year"] < oldest_recent,
                drafts=drafts[indicator.pk],
            )
        )
    return rows
