"""Synergies and trade-offs between a region's kit indicators (docs/methods/interlinkages.md).

Two views of the same indicators, the headline series of every kit indicator with a desired
direction that the region has: over the years of the region's own series (``TIME``) and
across the regions of its BBSR peer group in one year (``PEERS``). Computed by
``zielwerk.core.interlinkages`` and cached per data version and language; the page, its
images and a report all take their numbers from ``region_interlinkages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from django.utils.translation import get_language, gettext, gettext_lazy, pgettext

from zielwerk.catalogue.models import Indicator
from zielwerk.core.interlinkage_chart import (
    Cell,
    InterlinkageText,
    goal_cells,
    matrix_chart,
    network_chart,
    pair_cells,
)
from zielwerk.core.interlinkages import (
    MIN_POINTS,
    GoalPairShare,
    PairResult,
    cross_section_pairs,
    goal_shares,
    time_series_pairs,
)
from zielwerk.monitoring.frames import observations_frame_of
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from .comparison import peer_type_label
from .rendering import cached
from .texts import chart_numbers

View = Literal["zeitreihe", "vergleichsgruppe"]
TIME: View = "zeitreihe"
PEERS: View = "vergleichsgruppe"
VIEWS: tuple[View, ...] = (TIME, PEERS)
Level = Literal["indikatoren", "ziele"]
LEVELS: tuple[Level, ...] = ("indikatoren", "ziele")
CHARTS = ("matrix", "netz")

KIND_LABELS = {
    "synergy": gettext_lazy("Synergie"),
    "trade_off": gettext_lazy("Zielkonflikt"),
    "unclassified": gettext_lazy("nicht eingeordnet"),
    "insufficient": gettext_lazy("zu wenige Daten"),
}
REASON_LABELS = {
    "": "",
    "not_significant": gettext_lazy("nicht signifikant"),
    "weak": gettext_lazy("schwacher Zusammenhang"),
    "constant": gettext_lazy("eine Reihe ist konstant"),
    "too_few_points": gettext_lazy("weniger als %(n)s gemeinsame Punkte"),
}


@dataclass(frozen=True)
class LinkedIndicator:
    code: str
    title: str
    goal: str  # the goal number
    direction: str  # "increase" or "decrease"


@dataclass(frozen=True)
class RegionInterlinkages:
    """The pairs of both views with their goal shares; ``without_direction`` lists the codes
    of the region's kit indicators that have no desired direction (left out)."""

    indicators: tuple[LinkedIndicator, ...]
    without_direction: tuple[str, ...]
    time_series: tuple[PairResult, ...]
    cross_section: tuple[PairResult, ...]
    time_goals: tuple[GoalPairShare, ...]
    cross_goals: tuple[GoalPairShare, ...]
    peer_group: str
    peer_regions: int

    def pairs(self, view: View) -> tuple[PairResult, ...]:
        return self.time_series if view == TIME else self.cross_section

    def goals(self, view: View) -> tuple[GoalPairShare, ...]:
        return self.time_goals if view == TIME else self.cross_goals

    def count(self, view: View, kind: str) -> int:
        return sum(1 for p in self.pairs(view) if p.kind == kind)


def _headline_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Per indicator its headline series: the first series and unit (as ``latest_rows``)."""
    keys = frame.select("indicator", "series", "unit").unique().sort("indicator", "series", "unit")
    return keys.group_by("indicator", maintain_order=True).first()


def _peer_values(region: Region, keys: pl.DataFrame, codes: dict[int, str]) -> pl.DataFrame:
    found = Observation.objects.filter(
        region__peer_type=region.peer_type, indicator_id__in=list(codes)
    )
    columns = ("region", "indicator_id", "series", "unit", "year", "value")
    frame = observations_frame_of(found.order_by(), columns, chunk_size=50_000)
    frame = frame.rename({"indicator_id": "indicator"}).join(
        keys, on=["indicator", "series", "unit"], how="semi"
    )
    return frame.select(
        pl.col("indicator").replace_strict(codes, return_dtype=pl.String), "region", "year", "value"
    )


def _build(region: Region) -> RegionInterlinkages:
    kit = Indicator.objects.filter(framework=Indicator.Framework.KIT).select_related("goal")
    indicators = {i.pk: i for i in kit}
    found = Observation.objects.filter(region=region, indicator_id__in=list(indicators))
    columns = ("indicator_id", "series", "unit", "year", "value")
    own = observations_frame_of(found.order_by(), columns).rename({"indicator_id": "indicator"})
    keys = _headline_keys(own)
    present = sorted(keys.get_column("indicator").to_list(), key=lambda i: indicators[i].sort_key)
    linked = [indicators[i] for i in present if indicators[i].direction]
    codes = {i.pk: i.code for i in linked}
    directions = {i.code: i.direction for i in linked}
    keys = keys.filter(pl.col("indicator").is_in(list(codes)))
    series = own.join(keys, on=["indicator", "series", "unit"], how="semi").select(
        pl.col("indicator").replace_strict(codes, return_dtype=pl.String), "year", "value"
    )
    time = time_series_pairs(series, directions) if codes else []
    peers = _peer_values(region, keys, codes) if codes and region.peer_type else None
    cross = cross_section_pairs(peers, directions) if peers is not None else []
    goals = {i.code: str(i.goal.number) for i in linked}
    return RegionInterlinkages(
        indicators=tuple(
            LinkedIndicator(i.code, i.title, str(i.goal.number), i.direction) for i in linked
        ),
        without_direction=tuple(indicators[i].code for i in present if not indicators[i].direction),
        time_series=tuple(time),
        cross_section=tuple(cross),
        time_goals=tuple(goal_shares(time, goals)),
        cross_goals=tuple(goal_shares(cross, goals)),
        peer_group=peer_type_label(region.peer_type),
        peer_regions=0 if peers is None else peers.get_column("region").n_unique(),
    )


def region_interlinkages(*, region: Region) -> RegionInterlinkages:
    """Synergies and trade-offs of the region's kit indicators, both views (cached per data
    version and language)."""
    return cached(f"interlinkages:{region.pk}:{get_language()}", lambda: _build(region))


def view_title(view: View) -> str:
    """The heading of a view in the active language."""
    if view == TIME:
        return gettext("Zusammenhänge über die Jahre")
    return gettext("Zusammenhänge in der Vergleichsgruppe")


def _text(links: RegionInterlinkages, view: View, level: Level, chart: str) -> InterlinkageText:
    pairs = links.pairs(view)
    title = view_title(view)
    kind = gettext("Matrix") if chart == "matrix" else gettext("Netz")
    counts = {
        "kind": kind,
        "title": title,
        "pairs": len(pairs),
        "synergies": links.count(view, "synergy"),
        "trade_offs": links.count(view, "trade_off"),
        "insufficient": links.count(view, "insufficient"),
    }
    description = (
        gettext(
            "%(kind)s – %(title)s: %(pairs)s Indikatorpaare – Synergien: %(synergies)s, "
            "Zielkonflikte: %(trade_offs)s, zu wenige Daten: %(insufficient)s. Die Synergien und "
            "Zielkonflikte stehen in der Tabelle unter den Grafiken, alle Paare in der "
            "verlinkten Tabelle."
        )
        % counts
    )
    row = gettext("Indikator") if level == "indikatoren" else gettext("Ziel")
    return InterlinkageText(
        title=gettext("%(title)s – %(kind)s") % {"title": title, "kind": kind},
        description=description,
        kinds={k: str(v) for k, v in KIND_LABELS.items()},
        row=row,
        column=row,
        rho=pgettext("Spearman", "ρ"),
        p=pgettext("p-Wert", "p"),
        n=pgettext("Anzahl Punkte", "n"),
    )


def _cells(links: RegionInterlinkages, view: View, level: Level) -> tuple[list[Cell], list[str]]:
    if level == "indikatoren":
        labels = {i.code: i.code for i in links.indicators}
        return pair_cells(links.pairs(view), labels), list(labels.values())
    names = {i.goal: gettext("Ziel %(number)s") % {"number": i.goal} for i in links.indicators}
    detail = gettext("%(synergies)s %% Synergien, %(trade_offs)s %% Zielkonflikte")
    cells = goal_cells(links.goals(view), names, {"detail": detail})
    return cells, list(dict.fromkeys(names.values()))


def interlinkage_matrix_spec(
    *, links: RegionInterlinkages, view: View, level: Level = "indikatoren"
) -> dict[str, Any]:
    """The matrix of one view (``TIME`` or ``PEERS``) as a Vega-Lite spec, in the active
    language; indicators or goals (``level``)."""
    cells, order = _cells(links, view, level)
    text = _text(links, view, level, "matrix")
    return matrix_chart(cells, text=text, order=order, numbers=chart_numbers())


def interlinkage_network_spec(
    *, links: RegionInterlinkages, view: View, level: Level = "indikatoren"
) -> dict[str, Any]:
    """The network of one view as a Vega-Lite spec: synergies solid, trade-offs dashed."""
    cells, order = _cells(links, view, level)
    text = _text(links, view, level, "netz")
    return network_chart(cells, text=text, nodes=order, numbers=chart_numbers())


@dataclass(frozen=True)
class PairRow:
    """One line of the pair table, worded for readers."""

    left: LinkedIndicator
    right: LinkedIndicator
    kind: str
    kind_label: str
    reason: str
    rho: float | None
    p: float | None
    n: int
    year: int | None


def pair_rows(*, links: RegionInterlinkages, view: View) -> list[PairRow]:
    """The pairs of one view for a table: synergies, then trade-offs, then the others;
    strongest ρ first within each class."""
    by_code = {i.code: i for i in links.indicators}
    order = {"synergy": 0, "trade_off": 1, "unclassified": 2, "insufficient": 3}
    pairs = sorted(
        links.pairs(view), key=lambda p: (order[p.kind], -abs(p.rho or 0.0), p.left, p.right)
    )
    return [
        PairRow(
            left=by_code[p.left],
            right=by_code[p.right],
            kind=p.kind,
            kind_label=str(KIND_LABELS[p.kind]),
            reason=str(REASON_LABELS[p.reason]) % {"n": MIN_POINTS} if p.reason else "",
            rho=p.rho,
            p=p.p,
            n=p.n,
            year=p.year,
        )
        for p in pairs
    ]


def figure_alt(*, links: RegionInterlinkages, view: View, chart: str) -> str:
    """The text alternative of a chart (``chart``: "matrix" or "netz") of one view."""
    return _text(links, view, "indikatoren", chart).description
