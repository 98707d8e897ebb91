"""SDG Index (SDSN Sustainable Development Report) — docs/methods/sdg-index.md.

Normalise each indicator to 0–100 between its worst and best bound, average the indicators of a
goal, average the goals, rank the regions. The headline series (``series == ""``) of each
indicator is used, its latest value up to ``year``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from . import codes
from .dashboard import (
    GoalColourRule,
    goal_colours,
    goal_trends,
    indicator_colour,
    rescaled,
    trend_arrow,
    trend_components,
)
from .panel import Panel, as_panel, first_row_from, restrict, value_at, year_at

WORST_QUANTILE = 0.025
BEST_TOP = 5
TREND_BASE_YEAR = 2015
CODEBOOK_NUMBERS = ("best", "worst", "green", "yellow", "orange")


@dataclass(frozen=True)
class SdgIndex:
    """The three tables of ``zielwerk index``: indicators, goals, index."""

    indicators: pl.DataFrame
    goals: pl.DataFrame
    index: pl.DataFrame


def _lower_better(lower: pl.Expr, higher: pl.Expr) -> pl.Expr:
    """-1 where lower is better, +1 where higher is better, null when undecided."""
    return pl.when(lower).then(-1.0).when(higher).then(1.0)


def normalise_codebook(codebook: pl.DataFrame) -> pl.DataFrame:
    """Codebook columns ``indicator, goal, best, worst, green, yellow, orange`` and ``sign``.

    ``sign`` is +1 when higher is better: from an optional ``direction`` column, else from
    ``best`` vs ``worst``, else from ``green`` vs ``orange``, else +1.

    >>> normalise_codebook(pl.DataFrame({"indicator": ["a"], "goal": [3], "best": [0],
    ...                                  "worst": [10]})).get_column("sign").to_list()
    [-1.0]
    """
    missing = [c for c in ("indicator", "goal") if c not in codebook.columns]
    if missing:
        raise ValueError(f"codebook lacks the column(s) {', '.join(missing)}")
    numbers = [
        (pl.col(c) if c in codebook.columns else pl.lit(None)).cast(pl.Float64).alias(c)
        for c in CODEBOOK_NUMBERS
    ]
    direction = pl.col("direction") if "direction" in codebook.columns else pl.lit(None, pl.String)
    frame = codebook.select(
        pl.col("indicator").cast(pl.String),
        pl.col("goal").cast(pl.String),
        *numbers,
        direction.alias("_dir"),
    )
    sign = pl.coalesce(
        _lower_better(pl.col("_dir") == "decrease", pl.col("_dir") == "increase"),
        _lower_better(pl.col("best") < pl.col("worst"), pl.col("best") > pl.col("worst")),
        _lower_better(pl.col("green") < pl.col("orange"), pl.col("green") > pl.col("orange")),
        pl.lit(1.0),
    )
    return (
        frame.with_columns(sign=sign)
        .drop("_dir")
        .unique("indicator", keep="first", maintain_order=True)
    )


def _latest(panel: Panel, codebook: pl.DataFrame) -> pl.DataFrame:
    """Latest headline value per region and indicator, with the trend's base value."""
    base = first_row_from(panel, pl.Series([TREND_BASE_YEAR] * panel.n_series, dtype=pl.Int32))
    return panel.series.select(
        "sid",
        "region",
        "indicator",
        "year",
        "value",
        base_year=year_at(panel, base),
        base_value=value_at(panel, base),
    ).join(codebook, on="indicator", how="inner")


def _fill_bounds(latest: pl.DataFrame) -> pl.DataFrame:
    """Bounds missing from the codebook: worst = 2.5th percentile, best = mean of the top five."""
    good = pl.col("sign") * pl.col("value")
    observed = latest.group_by("indicator").agg(
        _worst=pl.col("sign").first() * good.quantile(WORST_QUANTILE, interpolation="linear"),
        _best=pl.col("sign").first() * good.top_k(BEST_TOP).mean(),
    )
    return (
        latest.join(observed, on="indicator", how="left")
        .with_columns(
            worst=pl.coalesce("worst", "_worst"),
            best=pl.coalesce("best", "_best"),
        )
        .drop("_worst", "_best")
    )


def _normalised(value: pl.Expr) -> pl.Expr:
    span = pl.col("best") - pl.col("worst")
    return pl.when(span != 0).then((100 * (value - pl.col("worst")) / span).clip(0.0, 100.0))


def _indicators(latest: pl.DataFrame) -> pl.DataFrame:
    frame = _fill_bounds(latest).with_columns(
        normalised=_normalised(pl.col("value")),
        normalised_base=_normalised(pl.col("base_value")),
        green_normalised=_normalised(pl.col("green")),
        colour=indicator_colour(),
        rescaled=rescaled(),
    )
    frame = frame.with_columns(*trend_components(), trend=trend_arrow())
    return frame.sort("region", "indicator")


def _goals(indicators: pl.DataFrame, codebook: pl.DataFrame, rule: GoalColourRule) -> pl.DataFrame:
    scores = indicators.group_by("region", "goal").agg(
        score=pl.col("normalised").mean(), n_indicators=pl.col("normalised").count().cast(pl.Int32)
    )
    colours = goal_colours(indicators, codebook, rule)
    trends = goal_trends(indicators, codebook)
    goals = scores.join(colours, on=["region", "goal"], how="left").join(
        trends, on=["region", "goal"], how="left"
    )
    goals = goals.with_columns(colour=pl.col("colour").fill_null(codes.GREY))
    order = pl.col("goal").cast(pl.Int64, strict=False)
    return goals.sort("region", order, "goal").select(
        "region",
        "goal",
        "score",
        "colour",
        "n_indicators",
        "n_coloured",
        "colour_position",
        "trend",
        "trend_position",
    )


def _index(goals: pl.DataFrame) -> pl.DataFrame:
    index = (
        goals.filter(pl.col("score").is_not_null())
        .group_by("region")
        .agg(score=pl.col("score").mean(), n_goals=pl.len().cast(pl.Int32))
    )
    rank = pl.col("score").rank(method="min", descending=True).cast(pl.Int32)
    return (
        index.with_columns(rank=rank)
        .sort("rank", "region")
        .select("region", "score", "rank", "n_goals")
    )


def sdg_index(
    observations: pl.DataFrame | Panel,
    codebook: pl.DataFrame,
    year: int | None = None,
    goal_colour: GoalColourRule = "two-worst",
) -> SdgIndex:
    """SDG Index, goal scores, dashboard colours and trend arrows for every region.

    >>> obs = pl.DataFrame({"indicator": ["a", "a", "b", "b"], "region": ["r1", "r2"] * 2,
    ...                     "year": 2023, "value": [80.0, 40.0, 5.0, 15.0]})
    >>> book = pl.DataFrame({"indicator": ["a", "b"], "goal": ["1", "2"],
    ...                      "best": [100.0, 0.0], "worst": [0.0, 20.0]})
    >>> sdg_index(obs, book).index.select("region", "score", "rank").rows()
    [('r1', 77.5, 1), ('r2', 32.5, 2)]
    """
    book = normalise_codebook(codebook)
    panel = as_panel(observations, year)
    headline = panel.series.get_column("series") == ""
    if not headline.all():
        panel = restrict(panel, pl.lit(headline).gather(pl.col("sid")))
    indicators = _indicators(_latest(panel, book))
    goals = _goals(indicators, book, goal_colour)
    columns = [
        "region",
        "indicator",
        "year",
        "value",
        "normalised",
        "colour",
        "goal",
        "best",
        "worst",
        "rescaled",
        "base_year",
        "base_value",
        "normalised_base",
        "green_normalised",
        "trend_slope",
        "trend_required",
        "trend",
    ]
    return SdgIndex(indicators=indicators.select(columns), goals=goals, index=_index(goals))
