"""Which targets apply to which series.

A target row applies to a series when its indicator is the series' indicator and its region
and series are empty ("applies to all") or equal to the series'. When targets of different
specificity apply, only the most specific ones count: a target adopted for one region (or one
disaggregation) replaces the general one for that region, it does not add to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import polars as pl

from zielwerk.core.targets import TARGET_SCHEMA, TargetSpec, targets_frame

from .panel import KEYS, Panel

Targets = pl.DataFrame | Iterable[TargetSpec]


def normalise_targets(targets: Targets) -> pl.DataFrame:
    """Targets as a frame with the contract columns and types (missing columns empty).

    >>> normalise_targets(pl.DataFrame({"indicator": ["7.2.a"], "kind": ["direction"],
    ...                                 "direction": ["increase"]})).row(0)
    ('7.2.a', '', '', 'direction', 'increase', None, None, None, None)
    """
    frame = targets if isinstance(targets, pl.DataFrame) else targets_frame(targets)
    columns = []
    for name, dtype in TARGET_SCHEMA.items():
        column = pl.col(name) if name in frame.columns else pl.lit(None)
        column = column.cast(dtype)
        if name in ("region", "series"):
            column = column.fill_null("")
        columns.append(column.alias(name))
    return frame.select(columns)


def match_targets(panel: Panel, targets: Targets) -> pl.DataFrame:
    """One row per (series, applicable target): ``sid``, ``target`` (row number), target columns.

    Only the most specific applicable targets of each series are kept.
    """
    table = normalise_targets(targets).with_row_index("target")
    series = panel.series.select("sid", *KEYS)
    pairs = series.join(
        table.rename({"region": "target_region", "series": "target_series"}),
        on="indicator",
        how="inner",
    ).filter(
        ((pl.col("target_region") == "") | (pl.col("target_region") == pl.col("region")))
        & ((pl.col("target_series") == "") | (pl.col("target_series") == pl.col("series")))
    )
    specificity = (pl.col("target_region") != "").cast(pl.Int8) * 2 + (
        pl.col("target_series") != ""
    ).cast(pl.Int8)
    pairs = pairs.with_columns(specificity=specificity).drop(*KEYS)
    if pairs.get_column("specificity").n_unique() > 1:
        pairs = pairs.filter(pl.col("specificity") == pl.col("specificity").max().over("sid"))
    return by_series(pairs.drop("specificity"), pl.col("target"))


def by_series(frame: pl.DataFrame, *tiebreaks: pl.Expr) -> pl.DataFrame:
    """Rows sorted by ``sid`` and then by the tie-breaks (non-negative integers).

    Packed into one integer sort key when it fits: this runs on a million rows.
    """
    if frame.is_empty():
        return frame
    parts = frame.select(pl.col("sid").cast(pl.UInt64), *(t.cast(pl.UInt64) for t in tiebreaks))
    sizes = [int(parts.get_column(c).max() or 0) + 1 for c in parts.columns]  # type: ignore[arg-type]
    if math.prod(sizes) >= 2**63:
        order = parts.with_row_index("_row").sort(parts.columns).get_column("_row")
        return frame[order]
    key = parts.get_column(parts.columns[0])
    for name, size in zip(parts.columns[1:], sizes[1:], strict=True):
        key = key * size + parts.get_column(name)
    return frame[key.arg_sort()]


def attach(frame: pl.DataFrame, per_series: pl.DataFrame) -> pl.DataFrame:
    """Add the columns of a per-series frame (row ``i`` is series ``i``) to rows with ``sid``.

    A gather by position instead of a join.
    """
    columns = per_series.drop("sid", strict=False)
    return pl.concat([frame, columns.gather(frame.get_column("sid"))], how="horizontal")


def one_per_series(frame: pl.DataFrame) -> bool:
    """Whether each ``sid`` occurs once (``frame`` sorted by ``sid``)."""
    sid = frame.get_column("sid")
    return bool((sid.diff().fill_null(1) > 0).all())


def first_per_series(frame: pl.DataFrame) -> pl.DataFrame:
    """The first row of each ``sid`` (``frame`` sorted by ``sid``)."""
    return frame.filter((pl.col("sid") != pl.col("sid").shift(1)).fill_null(True))


def direction_sign(direction: pl.Expr, fallback: pl.Expr) -> pl.Expr:
    """+1 for ``increase``, -1 for ``decrease``; otherwise the sign of ``fallback`` (0 → +1)."""
    inferred = pl.when(fallback < 0).then(-1.0).otherwise(1.0)
    return (
        pl.when(direction == "increase")
        .then(1.0)
        .when(direction == "decrease")
        .then(-1.0)
        .otherwise(inferred)
    )


def next_target_year(pairs: pl.DataFrame, current_year: pl.Expr) -> pl.DataFrame:
    """For targets given for several years, keep per series the next year after the latest data.

    Rows of kind ``year`` with the same target (indicator, region, series, direction) form one
    target; the row with the first target year after ``current_year`` is kept, or the row with
    the last target year when none lies after it. Other rows are kept as they are.
    """
    if one_per_series(pairs):
        return pairs
    group = ["sid", "target_region", "target_series", "direction"]
    is_year = pl.col("kind") == "year"
    after = pl.col("target_year") > current_year
    # Sort key: first the years after the current year (ascending), then the others (descending).
    order = pl.when(after).then(pl.col("target_year")).otherwise(10_000 - pl.col("target_year"))
    years = (
        pairs.filter(is_year)
        .with_columns(_order=order)
        .sort("_order", "target")
        .unique(subset=group, keep="first", maintain_order=True)
        .drop("_order")
    )
    return by_series(pl.concat([pairs.filter(~is_year), years]), pl.col("target"))
