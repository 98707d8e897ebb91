"""Which stored series a scoped target assesses: its region, its series and its unit.

The targets file contract says an empty region means "all regions". Targets *stored* in
Zielwerk are stricter: a national target assesses Germany's series only, a council target
only its municipality's, and only series in the target's unit. ``scope_targets`` turns such
targets into one row per series they apply to (region and series filled in), so the
assessment methods never see a target outside its scope.

A target's series key may name only some dimensions (``time series=all wired
technologies``): it applies to every series of the region that has these dimensions with
these values (a reader adds ``period`` or ``Units`` dimensions to a stored key when a file
mixes half-years or units). An empty target series covers every series in the unit.
A target's ``unit`` is one code or several joined by ``;`` (any of them).

>>> targets = pl.DataFrame({"indicator": ["13.1.a"], "region": ["000000000000"],
...     "series": [""], "unit": ["index_1990"], "kind": ["year"], "target_value": [35.0]})
>>> series = pl.DataFrame({"indicator": ["13.1.a", "13.1.a"],
...     "region": ["000000000000", "051540004004"], "series": ["", ""],
...     "unit": ["index_1990", "t_co2e_per_inhabitant"]})
>>> scope_targets(targets, series).select("region", "series", "target_value").rows()
[('000000000000', '', 35.0)]
"""

from __future__ import annotations

import polars as pl

from zielwerk.core.observations.series import parse_series_key

IGNORED_DIMENSIONS = frozenset({"Units"})


def _dimensions(key: str) -> set[tuple[str, str]]:
    try:
        parsed = parse_series_key(key)
    except ValueError:
        return {("", key)}
    return {(k, v) for k, v in parsed.items() if k not in IGNORED_DIMENSIONS}


def covers(target_key: str, series_key: str) -> bool:
    """Whether a (partial) target series key covers a stored series key."""
    if not target_key or target_key == series_key:
        return True
    return _dimensions(target_key) <= _dimensions(series_key)


def scope_targets(targets: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """One target row per stored series it applies to (``region`` and ``series`` exact).

    ``targets`` has at least ``indicator, region, series, unit`` plus any target columns;
    ``series`` has ``indicator, region, series, unit`` (one row per stored series). A target
    without a region applies to no series: a stored target always names its scope.
    """
    if targets.is_empty() or series.is_empty():
        return targets.clear()
    pairs = targets.with_row_index("_target").join(
        series.select(
            "indicator",
            "region",
            pl.col("series").alias("_series"),
            pl.col("unit").alias("_unit"),
        ),
        on=["indicator", "region"],
        how="inner",
    )
    units_ok = pl.col("unit").str.split(";").list.contains(pl.col("_unit"))
    pairs = pairs.filter(units_ok)
    keys = pairs.select("series", "_series").unique()
    covered = keys.with_columns(
        _covers=pl.Series(
            [covers(t, s) for t, s in keys.iter_rows()], dtype=pl.Boolean, strict=False
        )
    )
    pairs = pairs.join(covered, on=["series", "_series"], how="left").filter(pl.col("_covers"))
    return (
        pairs.with_columns(series=pl.col("_series"))
        .sort("_target", "series")
        .drop("_target", "_series", "_unit", "_covers")
    )


def target_units(targets: pl.DataFrame, observations: pl.DataFrame) -> list[str]:
    """The unit (codes joined by ``;``) of the series each target row covers, in row order.

    ``targets`` has ``indicator, region, series`` (and optionally ``data_file`` to restrict
    to one file); ``observations`` has ``indicator, region, series, unit`` (unit codes) and,
    with ``data_file``, ``file``. Used to state the unit of the bundled national targets
    explicitly (``scripts/dns_target_units.py``) and to check it (tests). An empty string
    means the target covers no stored series.
    """
    keys = ["indicator", "region", "series", "unit"]
    stored = observations.select(*keys, *(["file"] if "file" in observations.columns else []))
    stored = stored.unique()
    units: list[str] = []
    for row in targets.iter_rows(named=True):
        # A data file describing several indicators (1-1-ab) is read as one, so the file
        # rather than the code finds the target's series there.
        by_file = bool(row.get("data_file")) and "file" in stored.columns
        where = (
            pl.col("file") == row["data_file"]
            if by_file
            else pl.col("indicator") == row["indicator"]
        )
        candidates = stored.filter(where & (pl.col("region") == row["region"]))
        found = sorted(
            {
                u
                for s, u in candidates.select("series", "unit").iter_rows()
                if covers(row["series"], s)
            }
        )
        units.append(";".join(found))
    return units
