"""Open SDG progress status (Statistics Canada method, sdg-build 2.4) — docs/methods/opensdg.md.

Per series: base year ``t0`` (default 2015, or the first later year with data), current year
``tc`` (latest), target year ``tT`` (default 2030). ``P`` compares the observed compound annual
growth rate with the one required to reach the target (or with fixed thresholds when there is
no target value); the score in [−5, 5] is piecewise linear in ``P``.
"""

from __future__ import annotations

import polars as pl

from . import codes
from .matching import Targets, attach, direction_sign, match_targets
from .output import finish
from .panel import Panel, as_panel, first_row_from, value_at, year_at
from .selection import one_target_per_series

BASE_YEAR = 2015
TARGET_YEAR = 2030
ZERO = 0.001
"""A value 0 is replaced by this before growth rates are taken."""
LIMIT_EXPONENT = 4.44
WITH_TARGET = (0.95, 0.60, 0.0)
WITHOUT_TARGET = (0.015, 0.005, 0.0)

COLUMNS = [
    "note",
    "target_kind",
    "direction",
    "target_value",
    "target_year",
    "limit",
    "base_year",
    "base_value",
    "current_year",
    "current_value",
    "cagr_observed",
    "cagr_required",
    "progress",
    "limit_factor",
    "threshold_high",
    "threshold_medium",
    "threshold_low",
]


def cagr(a: pl.Expr, b: pl.Expr, ta: pl.Expr, tb: pl.Expr) -> pl.Expr:
    """``(a / b)^(1 / (ta − tb)) − 1``."""
    return (a / b).pow(1.0 / (ta - tb).cast(pl.Float64)) - 1.0


def _nonzero(value: pl.Expr) -> pl.Expr:
    return pl.when(value == 0).then(ZERO).otherwise(value)


def limit_factor(base: pl.Expr, limit: pl.Expr) -> pl.Expr:
    """Natural limit factor ``C`` (1 without a limit)."""
    b, lim = base.abs(), limit.abs()
    return (
        pl.when(limit.is_null())
        .then(1.0)
        .when(b <= lim)
        .then(1.0 - (b / lim).pow(LIMIT_EXPONENT))
        .when(b < 2 * lim)
        .then(1.0 - ((2 * lim - b) / lim).pow(LIMIT_EXPONENT))
        .otherwise(1.0)
    )


def score_with_target(p: pl.Expr) -> pl.Expr:
    """Score in [−5, 5] from ``P`` when there is a target value."""
    return (
        pl.when(p >= 0.6)
        .then(pl.min_horizontal(7.1429 * p - 4.2857, pl.lit(5.0)))
        .otherwise(pl.max_horizontal(4.1667 * p - 2.5, pl.lit(-5.0)))
    )


def score_without_target(p: pl.Expr, c: pl.Expr) -> pl.Expr:
    """Score in [−5, 5] from ``P`` and the limit factor ``C`` when there is no target value."""
    return (
        pl.when((c == 0) & (p >= 0))
        .then(5.0)
        .when(p < 0)
        .then(pl.max_horizontal(125 * p - 2.5, pl.lit(-5.0)))
        .when(p < 0.005 * c)
        .then(500 * p / c - 2.5)
        .when(p < 0.015 * c)
        .then(250 * p / c - 1.25)
        .otherwise(pl.min_horizontal(500 * p / c - 5, pl.lit(5.0)))
    )


def _inputs(panel: Panel, chosen: pl.DataFrame) -> pl.DataFrame:
    """Base and current values per (series, target), with defaults and zero replacement."""
    base_year = pl.coalesce(pl.col("base_year"), pl.lit(BASE_YEAR, pl.Int32))
    t0 = chosen.select(base_year).to_series()
    wanted = pl.Series(dtype=pl.Int32).extend_constant(None, panel.n_series)
    row = first_row_from(panel, wanted.scatter(chosen.get_column("sid"), t0))
    located = panel.series.select(
        "sid",
        base_year=year_at(panel, row),
        base_value=value_at(panel, row),
        current_year="year",
        current_value="value",
    )
    frame = attach(chosen.drop("base_year"), located)
    has_value = pl.col("target_value").is_not_null() & (pl.col("kind") != "direction")
    return frame.with_columns(
        target_value=pl.when(has_value).then(pl.col("target_value")),
        target_year=pl.when(has_value).then(
            pl.coalesce(pl.col("target_year"), pl.lit(TARGET_YEAR, pl.Int32))
        ),
        y0=_nonzero(pl.col("base_value")),
        yc=_nonzero(pl.col("current_value")),
        yT=_nonzero(pl.col("target_value")),
    )


def _progress(frame: pl.DataFrame) -> pl.DataFrame:
    """Growth rates, ``P``, ``C``, thresholds, status and score."""
    fallback = pl.col("target_value") - pl.col("base_value")
    frame = frame.with_columns(
        _d=direction_sign(pl.col("direction"), pl.coalesce(fallback, pl.lit(1.0))),
        _s=pl.when(pl.col("y0") < 0).then(-1.0).otherwise(1.0),
        _target=pl.col("target_value").is_not_null(),
    )
    frame = frame.with_columns(
        cagr_observed=cagr(pl.col("yc"), pl.col("y0"), pl.col("current_year"), pl.col("base_year")),
        cagr_required=pl.when(pl.col("_target")).then(
            cagr(pl.col("yT"), pl.col("y0"), pl.col("target_year"), pl.col("base_year"))
        ),
        limit_factor=pl.when(~pl.col("_target")).then(limit_factor(pl.col("y0"), pl.col("limit"))),
    )
    ratio = pl.col("cagr_observed") / pl.col("cagr_required").abs()
    growth = pl.col("_s") * pl.col("_d")
    frame = frame.with_columns(
        progress=growth * pl.when(pl.col("_target")).then(ratio).otherwise(pl.col("cagr_observed")),
        threshold_high=_threshold(0),
        threshold_medium=_threshold(1),
        threshold_low=_threshold(2),
    )
    frame = frame.with_columns(note=_note())
    frame = frame.with_columns(status=_status())
    return frame.with_columns(score=_score()).with_columns(
        direction=pl.when(pl.col("_d") > 0).then(pl.lit("increase")).otherwise(pl.lit("decrease")),
        target_kind=pl.col("kind"),
    )


def _threshold(i: int) -> pl.Expr:
    c = pl.coalesce(pl.col("limit_factor"), pl.lit(1.0))
    return pl.when(pl.col("_target")).then(WITH_TARGET[i]).otherwise(WITHOUT_TARGET[i] * c)


def _achieved() -> pl.Expr:
    return pl.col("_target") & (pl.col("_d") * (pl.col("yc") - pl.col("yT")) >= 0)


def _note() -> pl.Expr:
    """Why a series has no progress status (null when it has one)."""
    return (
        pl.when(pl.col("base_year").is_null())
        .then(pl.lit(codes.NO_BASE_YEAR))
        .when(pl.col("current_year") - pl.col("base_year") < 1)
        .then(pl.lit(codes.TOO_SHORT))
        .when(pl.col("y0") * pl.col("yc") < 0)
        .then(pl.lit(codes.SIGN_CHANGE))
        .when(_achieved())
        .then(None)
        .when(pl.col("_target") & (pl.col("target_year") <= pl.col("base_year")))
        .then(pl.lit(codes.TARGET_YEAR_NOT_AFTER_BASE))
        .when(pl.col("_target") & (pl.col("y0") * pl.col("yT") < 0))
        .then(pl.lit(codes.SIGN_CHANGE))
        .when(pl.col("_target") & ~(pl.col("cagr_required").abs() > 0))
        .then(pl.lit(codes.NO_REQUIRED_GROWTH))
    )


def _status() -> pl.Expr:
    p = pl.col("progress")
    return (
        pl.when(pl.col("note").is_not_null())
        .then(pl.lit(codes.NOT_AVAILABLE))
        .when(_achieved())
        .then(pl.lit(codes.TARGET_ACHIEVED))
        .when(p >= pl.col("threshold_high"))
        .then(pl.lit(codes.SUBSTANTIAL_PROGRESS))
        .when(p >= pl.col("threshold_medium"))
        .then(pl.lit(codes.MODERATE_PROGRESS))
        .when(p >= pl.col("threshold_low"))
        .then(pl.lit(codes.LIMITED_PROGRESS))
        .otherwise(pl.lit(codes.DETERIORATION))
    )


def _score() -> pl.Expr:
    p = pl.col("progress")
    return (
        pl.when(pl.col("status") == codes.NOT_AVAILABLE)
        .then(None)
        .when(pl.col("status") == codes.TARGET_ACHIEVED)
        .then(5.0)
        .when(pl.col("_target"))
        .then(score_with_target(p))
        .otherwise(score_without_target(p, pl.col("limit_factor")))
    )


def assess_opensdg(
    observations: pl.DataFrame | Panel, targets: Targets, as_of: int | None = None
) -> pl.DataFrame:
    """Open SDG progress status and score of every series that has a target.

    Columns: ``indicator, region, series, method, status, score`` and ``note, target_kind,
    direction, target_value, target_year, limit, base_year, base_value, current_year,
    current_value, cagr_observed, cagr_required, progress, limit_factor`` and the thresholds.

    >>> obs = pl.DataFrame({"indicator": "x", "year": [2015, 2023], "value": [14.5, 10.4]})
    >>> targets = pl.DataFrame({"indicator": ["x"], "kind": ["year"], "direction": ["decrease"],
    ...                         "target_value": [7.25], "target_year": [2030]})
    >>> row = assess_opensdg(obs, targets).row(0, named=True)
    >>> row["status"], round(row["progress"], 3), round(row["score"], 3)
    ('moderate_progress', 0.901, 2.151)
    """
    panel = as_panel(observations, as_of)
    chosen = one_target_per_series(panel, match_targets(panel, targets))
    result = _progress(_inputs(panel, chosen))
    return finish(panel, result, method="opensdg", columns=COLUMNS)


def opensdg_indicators(series_result: pl.DataFrame) -> pl.DataFrame:
    """Indicator level: the mean of the series scores per indicator and region.

    ``target_achieved`` only when every scored series achieved its target.

    >>> series = pl.DataFrame({"indicator": ["x", "x"], "region": ["", ""],
    ...     "status": ["target_achieved", "limited_progress"], "score": [5.0, -1.0]})
    >>> opensdg_indicators(series).select("status", "score", "n_series").row(0)
    ('moderate_progress', 2.0, 2)
    """
    scored = series_result.filter(pl.col("score").is_not_null())
    mean = pl.col("score")
    grouped = scored.group_by("indicator", "region").agg(
        score=mean.mean(),
        n_series=pl.len().cast(pl.Int32),
        _all=(pl.col("status") == codes.TARGET_ACHIEVED).all(),
    )
    s = pl.col("score")
    status = (
        pl.when(pl.col("_all"))
        .then(pl.lit(codes.TARGET_ACHIEVED))
        .when(s >= 2.5)
        .then(pl.lit(codes.SUBSTANTIAL_PROGRESS))
        .when(s >= 0)
        .then(pl.lit(codes.MODERATE_PROGRESS))
        .when(s >= -2.5)
        .then(pl.lit(codes.LIMITED_PROGRESS))
        .otherwise(pl.lit(codes.DETERIORATION))
    )
    return (
        grouped.with_columns(status=status, method=pl.lit("opensdg"))
        .select("indicator", "region", "method", "status", "score", "n_series")
        .sort("indicator", "region")
    )
