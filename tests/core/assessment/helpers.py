"""Small builders for assessment tests: observations and targets as polars frames."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl


def series(
    values: Sequence[float] | Mapping[int, float],
    *,
    start: int = 2010,
    indicator: str = "x",
    region: str = "",
    name: str = "",
) -> pl.DataFrame:
    """One series as observations; a sequence gets consecutive years from ``start``."""
    items = values.items() if isinstance(values, Mapping) else enumerate(values, start=start)
    years, numbers = zip(*items, strict=True) if values else ((), ())
    return pl.DataFrame(
        {
            "indicator": [indicator] * len(years),
            "region": [region] * len(years),
            "series": [name] * len(years),
            "year": list(years),
            "value": [float(v) for v in numbers],
        },
        schema={
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "year": pl.Int64,
            "value": pl.Float64,
        },
    )


def targets(*rows: Mapping[str, Any]) -> pl.DataFrame:
    """Targets frame; each row needs at least ``kind`` (indicator defaults to ``x``)."""
    columns = [
        "indicator",
        "region",
        "series",
        "kind",
        "direction",
        "target_value",
        "target_year",
        "base_year",
        "limit",
    ]
    data = [{c: row.get(c, "x" if c == "indicator" else None) for c in columns} for row in rows]
    schema = {
        "indicator": pl.String,
        "region": pl.String,
        "series": pl.String,
        "kind": pl.String,
        "direction": pl.String,
        "target_value": pl.Float64,
        "target_year": pl.Int32,
        "base_year": pl.Int32,
        "limit": pl.Float64,
    }
    return pl.DataFrame(data, schema=schema)


def only(frame: pl.DataFrame) -> dict[str, Any]:
    """The single row of a result, as a dict (fails if there is not exactly one)."""
    assert frame.height == 1, frame
    return frame.row(0, named=True)
