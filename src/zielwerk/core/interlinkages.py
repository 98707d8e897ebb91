"""Synergies and trade-offs between indicators (Pradhan et al. 2017).

Method: docs/methods/interlinkages.md.

For every pair of indicators the values are first aligned to their desired direction (a
"lower is better" indicator is multiplied by −1), then Spearman's rank correlation ρ is
computed over the points both indicators have: the years of one region's time series, or
the regions of a peer group in one year (the cross-section). With ``n`` points, average
ranks for ties and the two-sided p-value of Student's t with ``n − 2`` degrees of freedom
(as ``scipy.stats.spearmanr``)::

    ρ = Pearson correlation of the ranks,   t = ρ · √((n − 2) / ((1 + ρ)(1 − ρ))),
    p = 2 · P(T_{n−2} > |t|)

A pair is a **synergy** if ρ > 0.6 and p < 0.05, a **trade-off** if ρ < −0.6 and
p < 0.05, otherwise unclassified; with fewer than 5 points it is *insufficient data*, and
a series that is constant over the shared points has no ρ (unclassified, reason
``constant``). Every result keeps its evidence: n, ρ, p and the points (as published,
before alignment). All pairs are computed at once on a long frame (one self-join, ranks
as window expressions); nothing loops over pairs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import polars as pl
from scipy.special import stdtr  # type: ignore[import-untyped]

SYNERGY_RHO = 0.6
"""ρ above this (and significant): a synergy."""
TRADE_OFF_RHO = -0.6
"""ρ below this (and significant): a trade-off."""
SIGNIFICANCE = 0.05
"""Two-sided p below this: significant."""
MIN_POINTS = 5
"""Fewer shared points than this: insufficient data."""

Kind = Literal["synergy", "trade_off", "unclassified", "insufficient"]
KINDS: tuple[Kind, ...] = ("synergy", "trade_off", "unclassified", "insufficient")
Reason = Literal["", "not_significant", "weak", "constant", "too_few_points"]
DIRECTION_SIGNS = {"increase": 1, "decrease": -1}
"""Desired direction → the sign that aligns it ("decrease": lower is better, × −1)."""


class Point(NamedTuple):
    """One shared point of a pair: a year (time series) or a region (cross-section), and the
    two values as published (before alignment)."""

    at: int | str
    left: float
    right: float


@dataclass(frozen=True)
class PairResult:
    """The classification of one indicator pair with its evidence.

    ``rho`` is the correlation of the *aligned* values (``left_sign``, ``right_sign``: +1
    for "higher is better", −1 for "lower is better"); ``points`` hold the values as
    published. ``year`` is the year of a cross-section (None for a time series)."""

    left: str
    right: str
    n: int
    rho: float | None
    p: float | None
    kind: Kind
    reason: Reason
    left_sign: int
    right_sign: int
    year: int | None
    points: tuple[Point, ...]


@dataclass(frozen=True)
class GoalPairShare:
    """The indicator pairs between two goals (``left == right``: within one goal).

    ``assessed`` counts the pairs with enough data and a defined ρ; the shares are of
    them (0 when none is assessed)."""

    left: str
    right: str
    pairs: int
    assessed: int
    synergies: int
    trade_offs: int

    @property
    def synergy_share(self) -> float:
        return self.synergies / self.assessed if self.assessed else 0.0

    @property
    def trade_off_share(self) -> float:
        return self.trade_offs / self.assessed if self.assessed else 0.0


def spearman_p(rho: float, n: int) -> float:
    """Two-sided p-value of ρ from n points (Student's t, n − 2 degrees of freedom).

    >>> round(spearman_p(0.9, 5), 4)
    0.0374
    >>> spearman_p(1.0, 6)
    0.0
    """
    dof = n - 2
    denominator = (rho + 1.0) * (1.0 - rho)
    if denominator <= 0.0:
        return 0.0
    t = rho * math.sqrt(max(dof / denominator, 0.0))
    return float(min(1.0, 2.0 * stdtr(dof, -abs(t))))


def classify(rho: float | None, p: float | None, n: int) -> tuple[Kind, Reason]:
    """The class of a pair and why (the decision of Pradhan et al. 2017).

    >>> classify(0.61, 0.01, 12)
    ('synergy', '')
    >>> classify(0.6, 0.001, 30)
    ('unclassified', 'weak')
    >>> classify(-0.9, 0.2, 4)
    ('insufficient', 'too_few_points')
    """
    if n < MIN_POINTS:
        return "insufficient", "too_few_points"
    if rho is None or p is None:
        return "unclassified", "constant"
    if rho > SYNERGY_RHO or rho < TRADE_OFF_RHO:
        if p < SIGNIFICANCE:
            return ("synergy" if rho > 0 else "trade_off"), ""
        return "unclassified", "not_significant"
    return "unclassified", "weak"


def _signs(indicators: Iterable[str], directions: Mapping[str, str]) -> pl.DataFrame:
    codes = sorted(set(indicators))
    unknown = sorted({directions.get(c, "") for c in codes} - set(DIRECTION_SIGNS))
    if unknown:
        raise ValueError(f"indicators need a desired direction, got: {unknown}")
    return pl.DataFrame(
        {"indicator": codes, "sign": [DIRECTION_SIGNS[directions[c]] for c in codes]},
        schema={"indicator": pl.String, "sign": pl.Int64},
    )


def _joined(values: pl.DataFrame, directions: Mapping[str, str], on: list[str]) -> pl.DataFrame:
    """Every pair of indicators (left < right) with their shared points."""
    clean = values.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
    signs = _signs(clean.get_column("indicator").to_list(), directions)
    frame = clean.join(signs, on="indicator").select("indicator", "sign", *on, "value")
    if frame.select("indicator", *on).is_duplicated().any():
        raise ValueError(f"more than one value per indicator and {' and '.join(on)}")
    right = frame.rename({"indicator": "right", "sign": "right_sign", "value": "y"})
    left = frame.rename({"indicator": "left", "sign": "left_sign", "value": "x"})
    return left.join(right, on=on).filter(pl.col("left") < pl.col("right"))


def _all_pairs(values: pl.DataFrame) -> pl.DataFrame:
    codes = sorted(set(values.get_column("indicator").to_list()))
    return pl.DataFrame(
        [(a, b) for i, a in enumerate(codes) for b in codes[i + 1 :]],
        schema={"left": pl.String, "right": pl.String},
        orient="row",
    )


def _statistics(joined: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """n and ρ per group: the Pearson correlation of the average ranks of aligned values."""
    ranked = joined.with_columns(
        rx=(pl.col("x") * pl.col("left_sign")).rank("average").over(by),
        ry=(pl.col("y") * pl.col("right_sign")).rank("average").over(by),
    )
    dx = pl.col("rx") - pl.col("rx").mean()
    dy = pl.col("ry") - pl.col("ry").mean()
    sxx, syy = (dx * dx).sum(), (dy * dy).sum()
    return ranked.group_by(by).agg(
        n=pl.len(),
        rho=pl.when((sxx > 0) & (syy > 0))
        .then(((dx * dy).sum() / (sxx * syy).sqrt()).clip(-1.0, 1.0))
        .otherwise(None),
        at=pl.col("at"),
        x=pl.col("x"),
        y=pl.col("y"),
        left_sign=pl.col("left_sign").first(),
        right_sign=pl.col("right_sign").first(),
    )


def _results(
    stats: pl.DataFrame, pairs: pl.DataFrame, directions: Mapping[str, str]
) -> list[PairResult]:
    full = pairs.join(stats, on=["left", "right"], how="left").sort("left", "right")
    results = []
    for row in full.iter_rows(named=True):
        n = row["n"] or 0
        rho = row["rho"] if n >= MIN_POINTS else None
        p = spearman_p(rho, n) if rho is not None else None
        kind, reason = classify(rho, p, n)
        columns = (row["at"] or [], row["x"] or [], row["y"] or [])
        points = tuple(Point(*t) for t in zip(*columns, strict=True))
        results.append(
            PairResult(
                left=row["left"],
                right=row["right"],
                n=n,
                rho=rho,
                p=p,
                kind=kind,
                reason=reason,
                left_sign=DIRECTION_SIGNS[directions[row["left"]]],
                right_sign=DIRECTION_SIGNS[directions[row["right"]]],
                year=row.get("year"),
                points=tuple(sorted(points)),
            )
        )
    return results


def time_series_pairs(values: pl.DataFrame, directions: Mapping[str, str]) -> list[PairResult]:
    """All indicator pairs over the years of one region's series.

    ``values``: ``indicator`` (code), ``year``, ``value`` — one value per indicator and
    year; ``directions``: indicator → ``"increase"`` or ``"decrease"``. Pairs without a
    shared year are reported as insufficient data (n = 0), sorted by the two codes.

    >>> years = [2015, 2016, 2017, 2018, 2019, 2020]
    >>> values = pl.DataFrame({"indicator": ["a"] * 6 + ["b"] * 6, "year": years * 2,
    ...                        "value": [1.0, 2, 3, 4, 5, 6, 9.0, 8, 7, 6, 4, 5]})
    >>> [pair] = time_series_pairs(values, {"a": "increase", "b": "decrease"})
    >>> pair.kind, pair.n, round(pair.rho, 3), round(pair.p, 4)
    ('synergy', 6, 0.943, 0.0048)
    """
    frame = values.select("indicator", pl.col("year").alias("at"), "value")
    joined = _joined(frame, directions, ["at"])
    stats = _statistics(joined, ["left", "right"])
    return _results(stats, _all_pairs(values), directions)


def cross_section_pairs(values: pl.DataFrame, directions: Mapping[str, str]) -> list[PairResult]:
    """All indicator pairs over the regions of a peer group, each in one year: the latest
    year in which at least ``MIN_POINTS`` regions have both indicators (else the year with
    the most such regions, reported as insufficient data).

    ``values``: ``indicator``, ``region``, ``year``, ``value``; ``Point.at`` is the region.

    >>> values = pl.DataFrame({"indicator": ["a"] * 5 + ["b"] * 5, "region": list("pqrst") * 2,
    ...                        "year": 2022, "value": [1.0, 2, 3, 4, 5, 10.0, 20, 30, 40, 50]})
    >>> [pair] = cross_section_pairs(values, {"a": "increase", "b": "decrease"})
    >>> pair.kind, pair.year, pair.rho, pair.p
    ('trade_off', 2022, -1.0, 0.0)
    """
    frame = values.select("indicator", pl.col("region").alias("at"), "year", "value")
    joined = _joined(frame, directions, ["at", "year"])
    counts = joined.group_by("left", "right", "year").agg(shared=pl.len())
    enough = pl.col("shared") >= MIN_POINTS
    # Prefer a year with enough regions, the latest of them; else the year with most regions.
    pick = (
        counts.with_columns(
            _enough=enough,
            _then=pl.when(enough).then(pl.col("year")).otherwise(pl.col("shared")),
        )
        .sort(["_enough", "_then", "year"], descending=True)
        .group_by("left", "right", maintain_order=True)
        .first()
        .select("left", "right", "year")
    )
    stats = _statistics(joined.join(pick, on=["left", "right", "year"]), ["left", "right", "year"])
    return _results(stats, _all_pairs(values), directions)


def goal_shares(pairs: Sequence[PairResult], goals: Mapping[str, str]) -> list[GoalPairShare]:
    """Per pair of goals (``goals``: indicator → goal): how many of their indicator pairs are
    synergies and trade-offs. One entry per goal pair with at least one indicator pair
    (``left == right``: pairs within one goal), sorted by goal number.

    >>> p = PairResult("a", "b", 6, 0.9, 0.01, "synergy", "", 1, 1, None, ())
    >>> q = PairResult("a", "c", 3, None, None, "insufficient", "too_few_points", 1, 1, None, ())
    >>> [(s.left, s.right, s.pairs, s.assessed, s.synergy_share) for s in
    ...  goal_shares([p, q], {"a": "1", "b": "2", "c": "2"})]
    [('1', '2', 2, 1, 1.0)]
    """
    counts: dict[tuple[str, str], list[int]] = {}
    for pair in pairs:
        a, b = sorted((goals[pair.left], goals[pair.right]), key=_natural)
        entry = counts.setdefault((a, b), [0, 0, 0, 0])
        entry[0] += 1
        entry[1] += pair.rho is not None
        entry[2] += pair.kind == "synergy"
        entry[3] += pair.kind == "trade_off"
    return [
        GoalPairShare(a, b, *entry)
        for (a, b), entry in sorted(
            counts.items(), key=lambda i: (_natural(i[0][0]), _natural(i[0][1]))
        )
    ]


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (10**9, text)
