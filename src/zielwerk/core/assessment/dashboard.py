"""SDG Index dashboards: indicator and goal colours, trend arrows — docs/methods/sdg-index.md.

All values are compared in "goodness" units ``sign · x`` (``sign`` = +1 when higher is better,
−1 when lower is better), so one set of rules serves both kinds of indicator.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from . import codes

GoalColourRule = Literal["two-worst", "mean-red-third"]
GOAL_COLOUR_RULES: tuple[GoalColourRule, ...] = ("two-worst", "mean-red-third")
TREND_VALUE = {
    codes.DECREASING: 0.5,
    codes.STAGNATING: 1.5,
    codes.MODERATELY_IMPROVING: 2.5,
    codes.ON_TRACK: 3.5,
}
"""Position of each arrow on the 0–4 goal trend scale (the middle of its band)."""
TREND_COVERAGE = 0.75
TARGET_YEAR = 2030


def indicator_colour() -> pl.Expr:
    """Colour from the thresholds (columns ``value, sign, green, yellow, orange``)."""
    good = pl.col("sign") * pl.col("value")
    yellow = pl.coalesce(pl.col("yellow"), (pl.col("green") + pl.col("orange")) / 2)
    return (
        pl.when(pl.col("green").is_null() | pl.col("orange").is_null() | good.is_null())
        .then(None)
        .when(good >= pl.col("sign") * pl.col("green"))
        .then(pl.lit(codes.GREEN))
        .when(good >= pl.col("sign") * yellow)
        .then(pl.lit(codes.YELLOW))
        .when(good >= pl.col("sign") * pl.col("orange"))
        .then(pl.lit(codes.ORANGE))
        .otherwise(pl.lit(codes.RED))
    )


def rescaled() -> pl.Expr:
    """The value on the 0–3 scale: 0 worst, 1 red threshold (orange), 2 green, 3 best."""
    s = pl.col("sign")
    good, worst, orange = s * pl.col("value"), s * pl.col("worst"), s * pl.col("orange")
    green, best = s * pl.col("green"), s * pl.col("best")
    piece = (
        pl.when(good < orange)
        .then((good - worst) / (orange - worst))
        .when(good < green)
        .then(1 + (good - orange) / (green - orange))
        .otherwise(2 + (good - green) / (best - green))
    )
    usable = pl.col("green").is_not_null() & pl.col("orange").is_not_null()
    return pl.when(usable).then(piece.clip(0.0, 3.0).fill_nan(None))


def scale_colour(position: pl.Expr) -> pl.Expr:
    """Colour of a position on the 0–3 scale (red < 1 ≤ orange < 1.5 ≤ yellow < 2 ≤ green)."""
    return (
        pl.when(position.is_null())
        .then(pl.lit(codes.GREY))
        .when(position >= 2)
        .then(pl.lit(codes.GREEN))
        .when(position >= 1.5)
        .then(pl.lit(codes.YELLOW))
        .when(position >= 1)
        .then(pl.lit(codes.ORANGE))
        .otherwise(pl.lit(codes.RED))
    )


def goal_colours(
    indicators: pl.DataFrame, codebook: pl.DataFrame, rule: GoalColourRule
) -> pl.DataFrame:
    """Goal colour per region and goal from the indicators' ``rescaled`` and ``colour``.

    ``two-worst``: mean of the two worst rescaled indicators; green only if both are green,
    red only if both are red; one indicator gives its colour; fewer than half of the goal's
    colour-coded indicators available gives grey.
    ``mean-red-third``: mean of the rescaled indicators, red if more than a third are red.
    """
    if rule not in GOAL_COLOUR_RULES:
        raise ValueError(f"goal colour rule must be one of {GOAL_COLOUR_RULES}, not {rule!r}")
    coded = codebook.filter(pl.col("green").is_not_null() & pl.col("orange").is_not_null())
    expected = coded.group_by("goal").agg(_expected=pl.len())
    available = indicators.filter(pl.col("rescaled").is_not_null())
    worst_two = pl.col("rescaled").sort().head(2)
    grouped = (
        available.group_by("region", "goal")
        .agg(
            _n=pl.len(),
            _mean=pl.col("rescaled").mean(),
            _two=worst_two.mean(),
            _two_green=(pl.col("colour").sort_by("rescaled").head(2) == codes.GREEN).all(),
            _two_red=(pl.col("colour").sort_by("rescaled").head(2) == codes.RED).all(),
            _only=pl.col("colour").first(),
            _red=(pl.col("colour") == codes.RED).sum(),
        )
        .join(expected, on="goal", how="left")
    )
    colour = _two_worst() if rule == "two-worst" else _mean_red_third()
    return grouped.select(
        "region",
        "goal",
        colour=colour,
        colour_position=pl.when(pl.lit(rule == "two-worst")).then("_two").otherwise("_mean"),
        n_coloured=pl.col("_n").cast(pl.Int32),
    )


def _two_worst() -> pl.Expr:
    colour = scale_colour(pl.col("_two"))
    return (
        pl.when(pl.col("_n") < 0.5 * pl.col("_expected"))
        .then(pl.lit(codes.GREY))
        .when(pl.col("_n") == 1)
        .then(pl.col("_only"))
        .when((colour == codes.GREEN) & ~pl.col("_two_green"))
        .then(pl.lit(codes.YELLOW))
        .when((colour == codes.RED) & ~pl.col("_two_red"))
        .then(pl.lit(codes.ORANGE))
        .otherwise(colour)
    )


def _mean_red_third() -> pl.Expr:
    return (
        pl.when(pl.col("_red") * 3 > pl.col("_n"))
        .then(pl.lit(codes.RED))
        .otherwise(scale_colour(pl.col("_mean")))
    )


def trend_arrow() -> pl.Expr:
    """Arrow from the normalised scores at base and latest year and the green threshold.

    Columns ``normalised_base, normalised, base_year, year, green_normalised``.
    """
    slope = (pl.col("normalised") - pl.col("normalised_base")) / (
        pl.col("year") - pl.col("base_year")
    )
    required = (pl.col("green_normalised") - pl.col("normalised_base")) / (
        TARGET_YEAR - pl.col("base_year")
    )
    return (
        pl.when(
            pl.col("green_normalised").is_null()
            | pl.col("normalised_base").is_null()
            | (pl.col("year") - pl.col("base_year") < 1)
        )
        .then(None)
        .when((pl.col("normalised") >= pl.col("green_normalised")) | (slope >= required))
        .then(pl.lit(codes.ON_TRACK))
        .when(slope >= 0.5 * required)
        .then(pl.lit(codes.MODERATELY_IMPROVING))
        .when(slope >= 0)
        .then(pl.lit(codes.STAGNATING))
        .otherwise(pl.lit(codes.DECREASING))
    )


def trend_components() -> list[pl.Expr]:
    """The slope ``a`` and the required slope ``req`` shown next to each arrow."""
    has = (pl.col("year") - pl.col("base_year")) >= 1
    slope = (pl.col("normalised") - pl.col("normalised_base")) / (
        pl.col("year") - pl.col("base_year")
    )
    required = (pl.col("green_normalised") - pl.col("normalised_base")) / (
        TARGET_YEAR - pl.col("base_year")
    )
    return [
        pl.when(has).then(slope).alias("trend_slope"),
        pl.when(has).then(required).alias("trend_required"),
    ]


def goal_trends(indicators: pl.DataFrame, codebook: pl.DataFrame) -> pl.DataFrame:
    """Goal trend: mean of the indicator arrows on the 0–4 scale, when ≥ 75 % have one."""
    expected = codebook.group_by("goal").agg(_expected=pl.len())
    value = pl.col("trend").replace_strict(TREND_VALUE, default=None, return_dtype=pl.Float64)
    grouped = (
        indicators.filter(pl.col("trend").is_not_null())
        .group_by("region", "goal")
        .agg(trend_position=value.mean(), _n=pl.len())
        .join(expected, on="goal", how="left")
    )
    position = pl.col("trend_position")
    trend = (
        pl.when(pl.col("_n") < TREND_COVERAGE * pl.col("_expected"))
        .then(None)
        .when(position >= 3)
        .then(pl.lit(codes.ON_TRACK))
        .when(position >= 2)
        .then(pl.lit(codes.MODERATELY_IMPROVING))
        .when(position >= 1)
        .then(pl.lit(codes.STAGNATING))
        .otherwise(pl.lit(codes.DECREASING))
    )
    return grouped.select("region", "goal", trend=trend, trend_position="trend_position")
