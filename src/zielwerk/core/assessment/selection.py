"""Growth-rate methods judge a series against one target: which one, when several apply."""

from __future__ import annotations

import polars as pl

from .matching import attach, by_series, first_per_series, next_target_year, one_per_series
from .panel import Panel

KIND_ORDER = {"year": 0, "annual": 1, "direction": 2}


def one_target_per_series(panel: Panel, pairs: pl.DataFrame) -> pl.DataFrame:
    """One target per series: a quantitative target (``year``, then ``annual``) before a
    direction; among the years of one target the next year after the latest data; ties by
    the order in the targets file.
    """
    pairs = next_target_year(attach(pairs, panel.series.select("sid", "year")), pl.col("year"))
    if one_per_series(pairs):
        return pairs.drop("year")
    kind = pl.col("kind").replace_strict(KIND_ORDER, default=3, return_dtype=pl.Int8)
    ranked = by_series(pairs.with_columns(_kind=kind), pl.col("_kind"), pl.col("target"))
    return first_per_series(ranked).drop("_kind", "year")
