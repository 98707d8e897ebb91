"""Eurostat trend categories (EU SDG monitoring report) — docs/methods/eurostat.md.

Growth is the compound annual growth rate (CAGR) over the last five years (short term) or
fifteen years (long term), sign-corrected so that the desired direction is positive. With a
quantitative target the observed CAGR is compared with the CAGR required from the start of the
window to reach the target in its year (``R = CAGR_observed / CAGR_required``).
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from . import codes
from .matching import Targets, attach, direction_sign, match_targets
from .opensdg import TARGET_YEAR, cagr
from .output import finish
from .panel import Panel, as_panel, first_row_from, value_at, year_at
from .selection import one_target_per_series

Horizon = Literal[5, 15]
MIN_SPAN: dict[int, int] = {5: 3, 15: 10}
"""Shortest period (years) a trend is computed over, per horizon (Eurostat practice)."""
RATIO_THRESHOLDS = (0.95, 0.60, 0.0)
GROWTH_THRESHOLD = 0.01

COLUMNS = [
    "note",
    "horizon",
    "target_kind",
    "direction",
    "target_value",
    "target_year",
    "base_year",
    "base_value",
    "current_year",
    "current_value",
    "cagr_observed",
    "cagr_required",
    "growth",
    "ratio",
    "thresholds",
]


def _window(panel: Panel, chosen: pl.DataFrame, horizon: int) -> pl.DataFrame:
    """Start (first year from ``t − horizon`` on) and end of each series' trend window."""
    start_year = panel.series.get_column("year") - horizon
    row = first_row_from(panel, start_year)
    located = panel.series.select(
        "sid",
        base_year=year_at(panel, row),
        base_value=value_at(panel, row),
        current_year="year",
        current_value="value",
    )
    has_value = pl.col("target_value").is_not_null() & (pl.col("kind") != "direction")
    frame = attach(chosen.drop("base_year"), located)
    return frame.with_columns(
        target_value=pl.when(has_value).then(pl.col("target_value")),
        target_year=pl.when(has_value).then(
            pl.coalesce(pl.col("target_year"), pl.lit(TARGET_YEAR, pl.Int32))
        ),
        horizon=pl.lit(horizon, pl.Int32),
    )


def _note(min_span: int) -> pl.Expr:
    target = pl.col("target_value").is_not_null()
    return (
        pl.when(pl.col("current_year") - pl.col("base_year") < min_span)
        .then(pl.lit(codes.TOO_SHORT))
        .when((pl.col("base_value") <= 0) | (pl.col("current_value") <= 0))
        .then(pl.lit(codes.NON_POSITIVE))
        .when(target & (pl.col("_d") * (pl.col("current_value") - pl.col("target_value")) >= 0))
        .then(pl.lit(codes.TARGET_MET))
        .when(target & (pl.col("target_value") <= 0))
        .then(pl.lit(codes.NON_POSITIVE))
        .when(target & (pl.col("target_year") <= pl.col("base_year")))
        .then(pl.lit(codes.TARGET_YEAR_NOT_AFTER_BASE))
        .when(target & (pl.col("_d") * pl.col("cagr_required") <= 0))
        .then(pl.lit(codes.TARGET_LOST))
    )


def _status() -> pl.Expr:
    note, ratio, growth = pl.col("note"), pl.col("ratio"), pl.col("growth")
    high, medium, low = RATIO_THRESHOLDS
    with_target = (
        pl.when(note == codes.TARGET_MET)
        .then(pl.lit(codes.SIGNIFICANT_PROGRESS))
        .when(note == codes.TARGET_LOST)
        .then(pl.lit(codes.MOVEMENT_AWAY))
        .when(ratio >= high)
        .then(pl.lit(codes.SIGNIFICANT_PROGRESS))
        .when(ratio >= medium)
        .then(pl.lit(codes.MODERATE_PROGRESS_EU))
        .when(ratio >= low)
        .then(pl.lit(codes.INSUFFICIENT_PROGRESS))
        .otherwise(pl.lit(codes.MOVEMENT_AWAY))
    )
    without_target = (
        pl.when(growth > GROWTH_THRESHOLD)
        .then(pl.lit(codes.SIGNIFICANT_PROGRESS))
        .when(growth >= 0)
        .then(pl.lit(codes.MODERATE_PROGRESS_EU))
        .when(growth >= -GROWTH_THRESHOLD)
        .then(pl.lit(codes.MODERATE_MOVEMENT_AWAY))
        .otherwise(pl.lit(codes.SIGNIFICANT_MOVEMENT_AWAY))
    )
    unusable = note.is_in([codes.TOO_SHORT, codes.NON_POSITIVE, codes.TARGET_YEAR_NOT_AFTER_BASE])
    return (
        pl.when(unusable)
        .then(pl.lit(codes.NOT_ASSESSED))
        .when(pl.col("target_value").is_not_null())
        .then(with_target)
        .otherwise(without_target)
    )


def _trend(frame: pl.DataFrame, min_span: int) -> pl.DataFrame:
    fallback = pl.coalesce(pl.col("target_value") - pl.col("base_value"), pl.lit(1.0))
    frame = frame.with_columns(_d=direction_sign(pl.col("direction"), fallback))
    frame = frame.with_columns(
        cagr_observed=cagr(
            pl.col("current_value"),
            pl.col("base_value"),
            pl.col("current_year"),
            pl.col("base_year"),
        ),
        cagr_required=cagr(
            pl.col("target_value"), pl.col("base_value"), pl.col("target_year"), pl.col("base_year")
        ),
    )
    frame = frame.with_columns(note=_note(min_span))
    valid = pl.col("note").is_null() | (pl.col("note") == codes.TARGET_MET)
    frame = frame.with_columns(
        cagr_observed=pl.when(valid).then("cagr_observed"),
        cagr_required=pl.when(pl.col("note").is_null()).then("cagr_required"),
    )
    frame = frame.with_columns(
        growth=pl.col("_d") * pl.col("cagr_observed"),
        ratio=pl.col("cagr_observed") / pl.col("cagr_required"),
        thresholds=pl.when(pl.col("target_value").is_not_null())
        .then(pl.lit("0.95;0.60;0"))
        .otherwise(pl.lit("0.01;0;-0.01")),
    )
    return frame.with_columns(
        status=_status(),
        direction=pl.when(pl.col("_d") > 0).then(pl.lit("increase")).otherwise(pl.lit("decrease")),
        target_kind=pl.col("kind"),
    )


def assess_eurostat(
    observations: pl.DataFrame | Panel,
    targets: Targets,
    as_of: int | None = None,
    horizon: Horizon = 5,
) -> pl.DataFrame:
    """Eurostat trend category of every series that has a target (or a desired direction).

    ``horizon`` 5 is the short-term, 15 the long-term assessment; a trend needs at least
    3 (short) or 10 (long) years between first and last value.

    >>> obs = pl.DataFrame({"indicator": "x", "year": [2018, 2023], "value": [20.0, 23.0]})
    >>> targets = pl.DataFrame({"indicator": ["x"], "kind": ["year"], "direction": ["increase"],
    ...                         "target_value": [30.0], "target_year": [2030]})
    >>> row = assess_eurostat(obs, targets).row(0, named=True)
    >>> row["status"], round(row["ratio"], 3)
    ('moderate_progress', 0.825)
    """
    if horizon not in MIN_SPAN:
        raise ValueError(f"horizon must be 5 or 15, not {horizon}")
    panel = as_panel(observations, as_of)
    chosen = one_target_per_series(panel, match_targets(panel, targets))
    result = _trend(_window(panel, chosen, horizon), MIN_SPAN[horizon])
    return finish(panel, result, method="eurostat", columns=COLUMNS)
