"""The indicators of a region page: latest value and year, beside its Land and Germany."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from zielwerk.catalogue.models import Indicator
from zielwerk.core.regions import BUND_ARS, Level
from zielwerk.monitoring.selectors import Latest, region_indicators
from zielwerk.regions.models import Region

from .rendering import cached
from .texts import flag_text, number, series_label


@dataclass(frozen=True)
class Shown:
    value: str
    year: str
    flags: str
    flag_text: str


@dataclass(frozen=True)
class RegionRow:
    indicator: Indicator
    url: str
    series: str
    unit: str
    own: Shown
    land: Shown | None
    germany: Shown | None


@dataclass(frozen=True)
class RegionIndicators:
    rows: list[RegionRow]
    land_name: str
    germany_name: str


def _shown(latest: Latest | None) -> Shown | None:
    if latest is None:
        return None
    year = latest.period or str(latest.year)
    return Shown(number(latest.value), year, latest.flags, flag_text(latest.flags))


def _build(region: Region, ancestors: list[Region]) -> RegionIndicators:
    land = next((a for a in ancestors if a.level == Level.LAND), None)
    germany = next((a for a in ancestors if a.ars == BUND_ARS), None)
    found = region_indicators(
        region_id=region.pk,
        comparison_ids=(land.pk if land else None, germany.pk if germany else None),
    )
    indicators = Indicator.objects.select_related("goal").in_bulk([f.indicator_id for f in found])
    rows = []
    for item in found:
        indicator = indicators[item.indicator_id]
        query = urlencode({"reihe": item.series, "einheit": item.unit})
        url = reverse("catalogue:indicator", args=[indicator.code]) + "?" + query
        own = _shown(item.latest)
        assert own is not None
        rows.append(
            RegionRow(
                indicator=indicator,
                url=url,
                series=series_label(item.series),
                unit=item.unit,
                own=own,
                land=_shown(item.land),
                germany=_shown(item.germany),
            )
        )
    rows.sort(key=lambda r: (r.indicator.goal.number, r.indicator.framework, r.indicator.sort_key))
    return RegionIndicators(rows, land.name if land else "", germany.name if germany else "")


def region_indicator_rows(*, region: Region, ancestors: list[Region]) -> RegionIndicators:
    """The region's indicators at a glance (cached per data version); ``ancestors`` are the
    region's parents up to the Bund (its Land and Germany are compared)."""
    return cached(f"region:{region.pk}:{get_language()}", lambda: _build(region, ancestors))
