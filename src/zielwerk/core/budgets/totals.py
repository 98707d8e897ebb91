"""Totals of a tidy budget frame."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from zielwerk.core.budgets.read import SCHEMA

GROUPS = ("year", "phase", "phase_kind", "area_code", "area_name", "group_code", "direction", "ars")
"""Columns a total may be grouped by."""


def budget_totals(
    frame: pl.DataFrame, *, by: Sequence[str] = ("year", "phase", "direction")
) -> pl.DataFrame:
    """Sum of ``amount`` and number of rows per group, sorted by the group columns.

    The default sums per year, phase as given (plan and actual are never added up) and
    direction; add ``area_code`` for totals per Produktbereich. An empty group value
    (a file without a phase) forms its own group.

    >>> frame = pl.DataFrame({"year": [2024, 2024, 2024], "phase": [None] * 3,
    ...     "direction": ["Aufwand", "Aufwand", "Ertrag"], "amount": [1.5, 2.0, 4.0]},
    ...     schema_overrides={"phase": pl.String})
    >>> budget_totals(frame).rows()
    [(2024, None, 'Aufwand', 3.5, 2), (2024, None, 'Ertrag', 4.0, 1)]
    """
    unknown = [name for name in by if name not in GROUPS or name not in SCHEMA]
    if unknown or not by:
        raise ValueError(f"cannot group by {unknown or 'nothing'}; allowed: {', '.join(GROUPS)}")
    keys = list(by)
    return (
        frame.group_by(keys)
        .agg(pl.col("amount").sum().alias("amount"), pl.len().cast(pl.Int64).alias("rows"))
        .sort(keys, nulls_last=True)
    )
