"""The common shape of a result: series keys, method, status, score, then the explanation."""

from __future__ import annotations

import polars as pl

from .panel import KEYS, Panel

LEADING = [*KEYS, "method", "status", "score"]


def finish(panel: Panel, result: pl.DataFrame, *, method: str, columns: list[str]) -> pl.DataFrame:
    """Attach the series keys (by ``sid``), order by key and put the columns in contract order."""
    if "score" not in result.columns:
        result = result.with_columns(score=pl.lit(None, dtype=pl.Float64))
    result = result.sort("sid")
    sid = result.get_column("sid")
    keys = panel.series.select(KEYS).gather(sid)
    return pl.concat(
        [keys, result.select(pl.lit(method).alias("method"), "status", "score", *columns)],
        how="horizontal",
    )
