"""Which observations an indicator page shows: the reader's selection and the matching rows.

The page, its CSV/XLSX downloads and its chart images all resolve the same GET parameters
(``reihe`` series, ``einheit`` unit, ``jahr`` map year) through ``selection_resolve``, so a
download always holds exactly the numbers the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db.models import Count, Max, QuerySet

from zielwerk.catalogue.models import DnsTarget
from zielwerk.core.observations import OBSERVATION_SCHEMA
from zielwerk.core.regions import BUND_ARS, LEVEL_RANK, Level
from zielwerk.monitoring.frames import observations_frame_of, rows_frame
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from .rendering import cached

PARAM_SERIES = "reihe"
PARAM_UNIT = "einheit"
PARAM_YEAR = "jahr"
PARAM_REGION = "region"
MAP_PAGE_ROWS = 200
"""Rows of the map's table per page: a map of every Gemeinde stays a bounded page."""
PARAM_PAGE = "seite"
# ARS digits shared by the regions below one region of a level (the scope of a map).
_SCOPE_LENGTH = {Level.LAND: 0, Level.RBZ: 2, Level.KREIS: 2, Level.GEMEINDE: 5}


@dataclass(frozen=True)
class RegionCount:
    ars: str
    name: str
    level: str
    count: int


@dataclass(frozen=True)
class Selection:
    """What the page shows, resolved against the data (unknown parameters fall back)."""

    indicator_id: int
    code: str
    series: str
    unit: str
    pairs: tuple[tuple[str, str], ...]  # every (series, unit) of the indicator
    region: RegionCount | None  # the chart's region: Germany where it has the series
    map_level: str  # "" without regional data
    map_scope: str  # ARS prefix of the mapped regions ("" = all of Germany)
    map_years: tuple[int, ...]
    map_year: int | None
    focus: bool = False  # the reader chose the chart's region (``region`` parameter)

    @property
    def query(self) -> str:
        """The selection as URL parameters, for links to downloads and images."""
        params = {PARAM_SERIES: self.series, PARAM_UNIT: self.unit}
        if self.map_year is not None:
            params[PARAM_YEAR] = str(self.map_year)
        if self.focus and self.region is not None:
            params[PARAM_REGION] = self.region.ars
        return urlencode(params)


@dataclass(frozen=True)
class IndicatorSummary:
    """What an indicator's observations hold, and its default series."""

    pairs: tuple[tuple[str, str], ...]  # every (series, unit)
    latest_year: int | None
    sources: tuple[str, ...]
    default_series: str = ""
    default_unit: str = ""


def _summary(indicator_id: int) -> IndicatorSummary:
    # Two cheap reads rather than one GROUP BY with MAX: the distinct keys need no sort of
    # every row, the latest year comes from the unique key's index alone.
    found = list(
        Observation.objects.filter(indicator_id=indicator_id)
        .values_list("series", "unit", "source")
        .distinct()
        .order_by()
    )
    latest = Observation.objects.filter(indicator_id=indicator_id).aggregate(last=Max("year"))
    pairs = tuple(sorted({(series, unit) for series, unit, _s in found}))
    # The page opens on Germany's series where Germany has data, whatever a municipality
    # imported later; otherwise on the series most regions have.
    national = sorted(
        Observation.objects.filter(indicator_id=indicator_id, region__ars=BUND_ARS)
        .values_list("series", "unit")
        .distinct()
        .order_by()
    )
    candidates = national or list(pairs)
    series = _default_series(indicator_id, sorted({s for s, _u in candidates})) if pairs else ""
    units = [u for s, u in candidates if s == series]
    target_units = set(
        DnsTarget.objects.filter(indicator_id=indicator_id).values_list("unit", flat=True)
    )
    return IndicatorSummary(
        pairs=pairs,
        latest_year=latest["last"],
        sources=tuple(sorted({source for _s, _u, source in found if source})),
        default_series=series,
        default_unit=next((u for u in units if u in target_units), units[0] if units else ""),
    )


def indicator_summary(indicator_id: int) -> IndicatorSummary:
    """Series, units, latest year, sources and default series of an indicator (cached per
    data and catalogue version)."""
    return cached(f"summary:{indicator_id}", lambda: _summary(indicator_id))


def _default_series(indicator_id: int, series: list[str]) -> str:
    if "" in series:
        return ""
    with_target = set(
        DnsTarget.objects.filter(indicator_id=indicator_id, target_value__isnull=False)
        .exclude(series="")
        .values_list("series", flat=True)
    )
    return next((s for s in series if s in with_target), series[0])


def _regions(indicator_id: int, series: str, unit: str) -> list[RegionCount]:
    # Grouped by region id in the unique key's order (no join, no sort of the rows), then the
    # regions looked up by primary key.
    counts = dict(
        Observation.objects.filter(indicator_id=indicator_id, series=series, unit=unit)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = Region.objects.filter(pk__in=counts).values_list("pk", "ars", "name", "level")
    return sorted(
        (RegionCount(ars, name, level, counts[pk]) for pk, ars, name, level in found),
        key=lambda r: r.ars,
    )


@dataclass(frozen=True)
class LevelSpread:
    """The regions of one level with data: how many, their Länder, first ARS, common prefix."""

    level: str
    regions: int
    lands: tuple[str, ...]
    first: str
    common: str


@dataclass(frozen=True)
class RegionSpread:
    """Where a series of an indicator has data, in a few numbers whatever the number of
    regions (10,800 Gemeinden): this is what every page view reads from the cache, so it
    must not hold one entry per region."""

    bund: RegionCount | None
    largest: RegionCount | None  # most values; the first by ARS on a tie
    levels: tuple[LevelSpread, ...]


def _common_prefix(first: str, last: str) -> str:
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _spread(indicator_id: int, series: str, unit: str) -> RegionSpread:
    regions = _regions(indicator_id, series, unit)
    by_level: dict[str, list[str]] = {}
    for region in regions:  # in ARS order
        by_level.setdefault(region.level, []).append(region.ars)
    levels = tuple(
        LevelSpread(
            level=level,
            regions=len(codes),
            lands=tuple(sorted({code[:2] for code in codes})),
            first=codes[0],
            common=_common_prefix(codes[0], codes[-1]),
        )
        for level, codes in sorted(by_level.items())
    )
    return RegionSpread(
        bund=next((r for r in regions if r.ars == BUND_ARS), None),
        largest=max(regions, key=lambda r: r.count, default=None),
        levels=levels,
    )


def _region_count(indicator_id: int, series: str, unit: str, ars: str) -> RegionCount | None:
    """The reader's region with its number of values of the series, None without any."""
    found = Region.objects.filter(ars=ars).values_list("pk", "name", "level").first()
    if found is None:
        return None
    pk, name, level = found
    count = Observation.objects.filter(
        indicator_id=indicator_id, region_id=pk, series=series, unit=unit
    ).count()
    return RegionCount(ars, name, level, count) if count else None


def _mapped(level: str, scope: str) -> QuerySet[Region, Any]:
    """The ids of the regions of a map (level and ARS prefix), as a subquery: the database
    then seeks the unique key region by region instead of scanning every row."""
    return Region.objects.filter(level=level, ars__startswith=scope).values("pk")


def _map_scope(spread: RegionSpread, focus: RegionCount | None) -> tuple[str, str]:
    """The map's level and ARS prefix.

    The finest level with data, within one Land when that level is Gemeinden and the data
    cover several Länder (the focused region's Land, else the first): a map of all 10,800
    Gemeinden would be neither readable nor fast. Without a focus, Kreise are preferred to
    Gemeinden when both have data.
    """
    german = set(Level)
    below = {s.level: s for s in spread.levels if s.level != Level.BUND and s.level in german}
    if not below:
        return "", ""
    levels = {Level(name) for name in below}
    if focus is not None and focus.level != Level.BUND and focus.level in german:
        level = Level(focus.level)
    elif Level.KREIS in levels and Level.GEMEINDE in levels:
        level = Level.KREIS
    else:
        level = max(levels, key=lambda lvl: LEVEL_RANK[lvl])
    shown = below.get(level.value)
    if shown is None:  # the focus's level has no other data: its own Land or Kreis
        return level.value, focus.ars[: _SCOPE_LENGTH[level]] if focus is not None else ""
    if level == Level.GEMEINDE and len(shown.lands) > 1:
        land = focus.ars[:2] if focus is not None else shown.first[:2]
        return level.value, land
    common = shown.common[: _SCOPE_LENGTH[level]]
    scope = common[:2] if len(common) < _SCOPE_LENGTH[level] else common
    return level.value, scope


def _map_years(
    indicator_id: int, series: str, unit: str, level: str, scope: str
) -> list[tuple[int, int]]:
    """(year, number of regions) of the map's level and scope."""
    found = (
        Observation.objects.filter(
            indicator_id=indicator_id,
            series=series,
            unit=unit,
            region_id__in=_mapped(level, scope),
        )
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return list(found)


def _pick(wanted: str, allowed: list[str], default: str) -> str:
    return wanted if wanted in allowed else default


def _year(text: str, counts: list[tuple[int, int]]) -> int | None:
    """The requested year if the map has it, else the latest year in which the map is
    (nearly) complete: at least 80 % of the most regions any year has."""
    if not counts:
        return None
    if text.isdigit() and int(text) in {year for year, _n in counts}:
        return int(text)
    most = max(n for _year, n in counts)
    return max(year for year, n in counts if n >= 0.8 * most)


def selection_resolve(
    *, indicator_id: int, code: str, params: Mapping[str, str]
) -> Selection | None:
    """The reader's selection from GET parameters, or None when the indicator has no data."""
    summary = indicator_summary(indicator_id)
    pairs = summary.pairs
    if not pairs:
        return None
    all_series = sorted({s for s, _unit in pairs})
    wanted = params.get(PARAM_REGION, "")
    default_series, default_unit = summary.default_series, summary.default_unit
    if wanted and PARAM_SERIES not in params:
        own = region_pairs(indicator_id, wanted)
        if own:
            default_series, default_unit = own[0]
    series = _pick(params.get(PARAM_SERIES, "\x00"), all_series, default_series)
    units = [u for s, u in pairs if s == series]
    unit = _pick(params.get(PARAM_UNIT, "\x00"), units, _pick(default_unit, units, units[0]))
    key = f"regions:{indicator_id}:{series}:{unit}"
    spread = cached(key, lambda: _spread(indicator_id, series, unit))
    chosen = _region_count(indicator_id, series, unit, wanted) if wanted else None
    region = chosen or spread.bund or spread.largest
    level, scope = _map_scope(spread, chosen)
    counts: list[tuple[int, int]] = []
    if level:
        counts = cached(
            key + f":years:{level}:{scope}",
            lambda: _map_years(indicator_id, series, unit, level, scope),
        )
    return Selection(
        indicator_id=indicator_id,
        code=code,
        series=series,
        unit=unit,
        pairs=pairs,
        region=region,
        map_level=level,
        map_scope=scope,
        map_years=tuple(year for year, _n in counts),
        map_year=_year(params.get(PARAM_YEAR, ""), counts),
        focus=chosen is not None,
    )


def region_pairs(indicator_id: int, ars: str) -> list[tuple[str, str]]:
    """The (series, unit) pairs a region has for an indicator, headline first."""
    found = (
        Observation.objects.filter(indicator_id=indicator_id, region__ars=ars)
        .values_list("series", "unit")
        .distinct()
        .order_by()
    )
    return sorted(set(found))


SHOWN_COLUMNS = ("region", "name", "year", "period", "value", "flags")


def chart_rows(selection: Selection) -> pl.DataFrame:
    """The chart's observations: the selected series in the chart's region, by year."""
    found = Observation.objects.filter(
        indicator_id=selection.indicator_id,
        series=selection.series,
        unit=selection.unit,
        region__ars=selection.region.ars if selection.region else "",
    ).order_by("year")
    return observations_frame_of(found, SHOWN_COLUMNS)


def map_rows(selection: Selection) -> pl.DataFrame:
    """The map's observations: the regions of the map's level and scope in the map year."""
    if not selection.map_level or selection.map_year is None:
        return rows_frame([], SHOWN_COLUMNS)
    found = Observation.objects.filter(
        indicator_id=selection.indicator_id,
        series=selection.series,
        unit=selection.unit,
        year=selection.map_year,
        region_id__in=_mapped(selection.map_level, selection.map_scope),
    ).order_by("region__name")
    return observations_frame_of(found, SHOWN_COLUMNS)


def shown_observations(selection: Selection) -> pl.DataFrame:
    """Exactly what the page shows (chart and map rows) as an observation frame for the tidy
    writers: indicator, region, series, year, period, value, unit, flags."""
    both = pl.concat([chart_rows(selection), map_rows(selection)]).unique(
        subset=["region", "year"], keep="first", maintain_order=True
    )
    return both.select(
        pl.lit(selection.code).alias("indicator"),
        "region",
        pl.lit(selection.series).alias("series"),
        pl.col("year").cast(OBSERVATION_SCHEMA["year"]),
        "period",
        "value",
        pl.lit(selection.unit).alias("unit"),
        "flags",
    )
