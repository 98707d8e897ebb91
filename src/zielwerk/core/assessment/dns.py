"""DNS weather symbols (Destatis, German Sustainability Strategy) — docs/methods/dns.md.

Absolute changes, not growth rates: ``Δ`` is the mean annual change over the last five
changes (the last six values), ``x̂_T = x_t + Δ·(T − t)`` the projection to the target year
and ``r = (Z − x̂_T)/(Z − x_t)`` the share of today's gap that would remain.
"""

from __future__ import annotations

import polars as pl

from . import codes
from .matching import (
    Targets,
    attach,
    by_series,
    direction_sign,
    first_per_series,
    match_targets,
    next_target_year,
    one_per_series,
)
from .output import finish
from .panel import Panel, as_panel, value_at, year_at

CHANGES = 5
"""Number of annual changes the mean change is taken over."""
MIN_VALUES = 4
"""Fewer values than this: not assessed."""
SUN_BELOW = 0.05
SUN_CLOUD_UP_TO = 0.20
RANK = {codes.SUN: 4, codes.SUN_CLOUD: 3, codes.CLOUD: 2, codes.THUNDERSTORM: 1}

COLUMNS = [
    "rule",
    "note",
    "target_kind",
    "direction",
    "target_value",
    "target_year",
    "n_values",
    "base_year",
    "base_value",
    "previous_year",
    "previous_value",
    "current_year",
    "current_value",
    "mean_change",
    "last_change",
    "projection",
    "gap_ratio",
    "threshold_sun",
    "threshold_sun_cloud",
    "n_targets",
    "statuses",
]


def dns_features(panel: Panel) -> pl.DataFrame:
    """Per series: the values the weather symbol is computed from.

    ``mean_change`` is the mean annual change over the last ``min(n − 1, 5)`` changes:
    ``(x_t − x_s)/(t − s)`` where ``s`` is the year of the sixth-last value (of the first,
    with fewer values); with annual data exactly ``(x_t − x_{t−5})/5``.
    """
    s = panel.series
    n_changes = pl.min_horizontal(pl.col("n") - 1, CHANGES)
    rows = s.select(
        "sid",
        n_values=n_changes + 1,
        base=(pl.col("last").cast(pl.Int64) - n_changes).cast(pl.UInt32),
        previous=pl.when(pl.col("n") >= 2).then(pl.col("last") - 1),
    )
    base, previous = rows.get_column("base"), rows.get_column("previous")
    features = rows.select("sid", "n_values").with_columns(
        base_year=year_at(panel, base),
        base_value=value_at(panel, base),
        previous_year=year_at(panel, previous),
        previous_value=value_at(panel, previous),
        current_year=s.get_column("year"),
        current_value=s.get_column("value"),
    )
    return features.with_columns(
        mean_change=(pl.col("current_value") - pl.col("base_value"))
        / (pl.col("current_year") - pl.col("base_year")),
        last_change=(pl.col("current_value") - pl.col("previous_value"))
        / (pl.col("current_year") - pl.col("previous_year")),
    )


def _rule() -> pl.Expr:
    """Which rule judges a target: ``year``, ``annual`` or ``direction``."""
    d = pl.col("_d")
    reached = d * (pl.col("current_value") - pl.col("target_value")) >= 0
    return (
        pl.when(pl.col("kind") == "direction")
        .then(pl.lit("direction"))
        .when(pl.col("kind") == "annual")
        .then(pl.lit("annual"))
        .when((pl.col("target_year") <= pl.col("current_year")) | reached)
        .then(pl.lit("annual"))
        .otherwise(pl.lit("year"))
    )


def _status() -> pl.Expr:
    """The weather symbol of one target under its rule (``_d`` = desired direction ±1)."""
    d, rule = pl.col("_d"), pl.col("rule")
    towards_mean = d * pl.col("mean_change") > 0
    towards_last = d * pl.col("last_change") > 0
    met = d * (pl.col("current_value") - pl.col("target_value")) >= 0
    r = pl.col("gap_ratio")
    year_rule = (
        pl.when(~towards_mean)
        .then(pl.lit(codes.THUNDERSTORM))
        .when(r < SUN_BELOW)
        .then(pl.lit(codes.SUN))
        .when(r <= SUN_CLOUD_UP_TO)
        .then(pl.lit(codes.SUN_CLOUD))
        .otherwise(pl.lit(codes.CLOUD))
    )
    annual_rule = (
        pl.when(met & (d * pl.col("mean_change") >= 0))
        .then(pl.lit(codes.SUN))
        .when(met)
        .then(pl.lit(codes.SUN_CLOUD))
        .when(towards_mean)
        .then(pl.lit(codes.CLOUD))
        .otherwise(pl.lit(codes.THUNDERSTORM))
    )
    direction_rule = (
        pl.when(towards_mean & towards_last)
        .then(pl.lit(codes.SUN))
        .when(towards_mean)
        .then(pl.lit(codes.SUN_CLOUD))
        .when(towards_last)
        .then(pl.lit(codes.CLOUD))
        .otherwise(pl.lit(codes.THUNDERSTORM))
    )
    return (
        pl.when(pl.col("n_values") < MIN_VALUES)
        .then(pl.lit(codes.NOT_ASSESSED))
        .when(rule == "year")
        .then(year_rule)
        .when(rule == "annual")
        .then(annual_rule)
        .otherwise(direction_rule)
    )


def rate_targets(features: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """One row per (series, target) with its rule, projection, ``r`` and weather symbol."""
    rated = attach(pairs.drop("base_year", "limit"), features)
    rated = next_target_year(rated.rename({"current_year": "year"}), pl.col("year")).rename(
        {"year": "current_year"}
    )
    gap = pl.col("target_value") - pl.col("current_value")
    fallback = pl.coalesce(gap, pl.col("mean_change"))
    rated = rated.with_columns(_d=direction_sign(pl.col("direction"), fallback))
    rated = rated.with_columns(rule=_rule())
    projection = pl.col("current_value") + pl.col("mean_change") * (
        pl.col("target_year") - pl.col("current_year")
    )
    is_year = pl.col("rule") == "year"
    rated = rated.with_columns(projection=pl.when(is_year).then(projection))
    rated = rated.with_columns(
        gap_ratio=pl.when(is_year).then((pl.col("target_value") - pl.col("projection")) / gap)
    )
    return rated.with_columns(
        status=_status(),
        direction=pl.when(pl.col("_d") > 0).then(pl.lit("increase")).otherwise(pl.lit("decrease")),
        note=pl.when(pl.col("n_values") < MIN_VALUES).then(pl.lit(codes.TOO_FEW_VALUES)),
        target_kind=pl.col("kind"),
        threshold_sun=pl.lit(SUN_BELOW),
        threshold_sun_cloud=pl.lit(SUN_CLOUD_UP_TO),
    ).drop("_d")


def worst_per_series(rated: pl.DataFrame) -> pl.DataFrame:
    """Several targets on one series: the worst symbol decides; all symbols are listed."""
    rated = by_series(rated, pl.col("target"))
    if one_per_series(rated):
        return rated.with_columns(n_targets=pl.lit(1, pl.Int32), statuses=pl.col("status"))
    rank = pl.col("status").replace_strict(RANK, default=0, return_dtype=pl.Int8)
    listed = rated.group_by("sid").agg(
        n_targets=pl.len().cast(pl.Int32),
        statuses=pl.col("status").str.join(";"),
    )
    worst = first_per_series(
        by_series(rated.with_columns(_rank=rank), pl.col("_rank"), pl.col("target"))
    )
    return worst.drop("_rank").join(listed, on="sid")


def assess_dns(
    observations: pl.DataFrame | Panel, targets: Targets, as_of: int | None = None
) -> pl.DataFrame:
    """DNS weather symbol of every series that has a target.

    Columns: ``indicator, region, series, method, status, score`` (score empty: the symbol is
    categorical) and the explanation ``rule, note, target_kind, direction, target_value,
    target_year, n_values, base_year, base_value, previous_year, previous_value,
    current_year, current_value, mean_change, last_change, projection, gap_ratio,
    threshold_sun, threshold_sun_cloud, n_targets, statuses``.

    Premature mortality of men (DNS 3.1.b), data up to 2014, target 190 by 2030:

    >>> obs = pl.DataFrame({"indicator": "3.1.b", "year": list(range(2009, 2015)),
    ...                     "value": [304.8, 300.6, 298.7, 292.3, 291.9, 281.2]})
    >>> targets = pl.DataFrame({"indicator": ["3.1.b"], "kind": ["year"],
    ...     "direction": ["decrease"], "target_value": [190.0], "target_year": [2030]})
    >>> row = assess_dns(obs, targets).row(0, named=True)
    >>> row["status"], round(row["mean_change"], 2), round(row["gap_ratio"], 3)
    ('sun_cloud', -4.72, 0.172)
    """
    panel = as_panel(observations, as_of)
    pairs = match_targets(panel, targets)
    rated = rate_targets(dns_features(panel), pairs)
    result = worst_per_series(rated)
    return finish(panel, result, method="dns", columns=COLUMNS)
