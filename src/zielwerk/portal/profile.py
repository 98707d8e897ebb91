"""The public SDG profile of a municipality (the region page).

For every goal: the region's indicators with latest value, unit and year, the trend over
the last five years (direction-only: Eurostat's method without a target), the status
against the region's published council target where there is one (stored assessments, DNS
and Open SDG methods), the position among similar municipalities (``PeerStanding``) and the
Kreis, Land and Germany values of the same indicator, series and unit. Above it an overview
of the 17 goals: how many indicators improve, worsen and are on track.

Built once per data version and language (``rendering.cached``), never per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

import polars as pl
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.core.assessment import assess, build_panel
from zielwerk.core.peers import similar_regions
from zielwerk.core.targets import TargetSpec
from zielwerk.monitoring import council
from zielwerk.monitoring.models import Assessment, PeerStanding
from zielwerk.monitoring.selectors import Latest, latest_rows, observations_of, value_near
from zielwerk.monitoring.status import LABELS, SYMBOLS, TONES
from zielwerk.regions.models import Region

from .comparison import comparison_regions, peer_type_label
from .rendering import cached
from .texts import flag_text, number

IMPROVING = ("significant_progress", "moderate_progress")
WORSENING = ("moderate_movement_away", "significant_movement_away")
ON_TRACK = ("sun", "sun_cloud", "target_achieved", "substantial_progress")
TREND_LABELS = {
    "significant_progress": gettext_lazy("verbessert sich deutlich"),
    "moderate_progress": gettext_lazy("verbessert sich leicht"),
    "moderate_movement_away": gettext_lazy("verschlechtert sich leicht"),
    "significant_movement_away": gettext_lazy("verschlechtert sich deutlich"),
}
TREND_YEARS: Literal[5] = 5


@dataclass(frozen=True)
class Shown:
    value: str
    year: str
    flags: str
    flag_text: str


def shown(latest: Latest) -> Shown:
    year = latest.period or str(latest.year)
    return Shown(number(latest.value), year, latest.flags, flag_text(latest.flags))


def shown_if(latest: Latest | None) -> Shown | None:
    return None if latest is None else shown(latest)


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    tone: str
    symbol: str = ""


@dataclass(frozen=True)
class Standing:
    percentile: float | None
    rank: int
    n: int
    year: int


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    url: str
    unit: str
    own: Shown
    trend: Status | None
    target: list[Status]
    standing: Standing | None
    compared: list[Shown | None]


@dataclass
class GoalProfile:
    goal: Goal
    rows: list[ProfileRow] = field(default_factory=list)

    @property
    def improving(self) -> int:
        return sum(1 for r in self.rows if r.trend and r.trend.code in IMPROVING)

    @property
    def worsening(self) -> int:
        return sum(1 for r in self.rows if r.trend and r.trend.code in WORSENING)

    @property
    def on_track(self) -> int:
        return sum(1 for r in self.rows if any(s.code in ON_TRACK for s in r.target[:1]))

    @property
    def with_target(self) -> int:
        return sum(1 for r in self.rows if r.target)


@dataclass(frozen=True)
class Profile:
    goals: list[GoalProfile]
    compared_names: list[str]
    peer_group: str
    similar: list[Region]
    targets: list[Any]
    indicator_count: int


def _status(code: str, labels: dict[str, object] | None = None) -> Status:
    words = (labels or LABELS).get(code, code)
    return Status(code, str(words), TONES.get(code, "neutral"), SYMBOLS.get(code, ""))


def _trends(
    latest: pl.DataFrame, own: pl.DataFrame, ars: str, codes: dict[int, Indicator]
) -> dict[int, Status]:
    """Direction-only trend of each shown series (Eurostat, five years)."""
    specs = [
        TargetSpec(
            indicator=str(row["indicator"]),
            kind="direction",
            direction=codes[row["indicator"]].direction,  # type: ignore[arg-type]
            region=ars,
            series=row["series"],
        )
        for row in latest.iter_rows(named=True)
        if codes[row["indicator"]].direction
    ]
    if not specs:
        return {}
    keys = latest.select("indicator", "series", "unit")
    series = own.join(keys, on=["indicator", "series", "unit"], how="semi").select(
        pl.col("indicator").cast(pl.String), pl.lit(ars).alias("region"), "series", "year", "value"
    )
    result = assess("eurostat", build_panel(series), specs, horizon=TREND_YEARS)
    return {
        int(r["indicator"]): _status(r["status"], TREND_LABELS)  # type: ignore[arg-type]
        for r in result.iter_rows(named=True)
        if r["status"] in TREND_LABELS
    }


def _targets(region: Region) -> dict[tuple[int, str], list[Status]]:
    found = Assessment.objects.filter(
        region=region, level=Assessment.Level.SERIES, method__in=("dns", "opensdg")
    ).values_list("indicator_id", "series", "method", "status")
    statuses: dict[tuple[int, str], list[Status]] = {}
    for indicator_id, series, _method, status in sorted(found, key=lambda r: r[2]):
        statuses.setdefault((indicator_id, series), []).append(_status(status))
    return statuses


def _standings(region: Region) -> dict[tuple[int, str], Standing]:
    found = PeerStanding.objects.filter(region=region).values_list(
        "indicator_id", "series", "percentile", "rank", "n", "year"
    )
    return {(i, s): Standing(p, r, n, y) for i, s, p, r, n, y in found}


def _similar(region: Region) -> list[Region]:
    if not region.peer_type:
        return []
    rows = list(Region.objects.filter(peer_type=region.peer_type).values_list("ars", "population"))
    frame = pl.DataFrame(
        {
            "ars": [a for a, _p in rows],
            "group": [region.peer_type] * len(rows),
            "land": [a[:2] for a, _p in rows],
            "population": [p for _a, p in rows],
        },
        schema={"ars": pl.String, "group": pl.String, "land": pl.String, "population": pl.Int64},
    )
    chosen = similar_regions(frame, region.ars, limit=10)
    found = Region.objects.in_bulk(chosen, field_name="ars")
    return [found[a] for a in chosen if a in found]


def _build(region: Region) -> Profile:
    compared = comparison_regions(region)[1:]
    own = observations_of([region.pk])
    goals = {g.pk: GoalProfile(g) for g in Goal.objects.all()}
    if own.is_empty():
        return Profile(
            list(goals.values()), [r.name for r in compared], "", _similar(region), [], 0
        )
    latest = latest_rows(own)
    indicator_ids = latest.get_column("indicator").to_list()
    indicators = Indicator.objects.select_related("goal").in_bulk(indicator_ids)
    others = observations_of([r.pk for r in compared], indicator_ids) if compared else own.clear()
    trends = _trends(latest, own, region.ars, indicators)
    targets = _targets(region)
    standings = _standings(region)
    for row in latest.iter_rows(named=True):
        indicator = indicators[row["indicator"]]
        key = (row["indicator"], row["series"], row["unit"])
        query = urlencode({"region": region.ars, "reihe": row["series"], "einheit": row["unit"]})
        goals[indicator.goal_id].rows.append(
            ProfileRow(
                indicator=indicator,
                url=reverse("catalogue:indicator", args=[indicator.code]) + "?" + query + "#daten",
                unit=row["unit"],
                own=shown(Latest(row["year"], row["period"], row["value"], row["flags"])),
                trend=trends.get(row["indicator"]),
                target=targets.get((row["indicator"], row["series"]), []),
                standing=standings.get((row["indicator"], row["series"])),
                compared=[shown_if(value_near(others, r.pk, key, row["year"])) for r in compared],
            )
        )
    for goal in goals.values():
        goal.rows.sort(key=lambda r: (r.indicator.framework != "kom", r.indicator.sort_key))
    return Profile(
        goals=list(goals.values()),
        compared_names=[r.name for r in compared],
        peer_group=peer_type_label(region.peer_type),
        similar=_similar(region),
        targets=council.public(region_ids=[region.pk]),
        indicator_count=latest.height,
    )


def municipal_profile(*, region: Region) -> Profile:
    """The region's SDG profile (cached per data version and language)."""
    return cached(f"profile:{region.pk}:{get_language()}", lambda: _build(region))
