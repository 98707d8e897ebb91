"""The JSON "data service" files an Open SDG site reads (layout of sdg-build's OutputOpenSdg).

Pure functions (no database): ``data_tables`` turns the long observations frame of any number
of indicators into each indicator's Open SDG data table in one vectorised pass; on such a
table ``data_json`` gives ``data/<id>.json`` (column lists), ``edges`` ``edges/<id>.json``
(which disaggregation depends on which, as sdg-build 2.3 decides it), ``headline``
``headline/<id>.json`` (records of the headline series), and ``reporting_stats``
``stats/reporting.json`` (reporting status by goal). Where the files differ from sdg-build's
on the same repository, and why: docs/opensdg.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import polars as pl

from zielwerk.core.observations import file_id, parse_series_key
from zielwerk.core.observations.periods import PERIOD_DIMENSION
from zielwerk.core.observations.regions import land_geocode

NOT_DISAGGREGATIONS = frozenset({"Year", "Value", "Units", "Series", "GeoCode"})
ATTRIBUTES = frozenset({"Observation status", "Unit multiplier", "Unit measure"})
HEADLINE_COLUMNS = ("Year", "Value", "Units", "Series", "GeoCode")  # sdg-build's order
STATUSES = ("complete", "inprogress", "notstarted")
STATUS_LABELS = {
    "complete": "status.reported_online",
    "inprogress": "status.statistics_in_progress",
    "notstarted": "status.exploring_data_sources",
}


def read_table(text: bytes) -> pl.DataFrame:
    """An Open SDG data CSV: Year as int where every year is one, Value as float, empty
    cells as null."""
    frame = pl.read_csv(text, infer_schema=False)
    frame = frame.with_columns(pl.all().replace("", None))
    year = frame.get_column("Year")
    if year.str.contains(r"^\d{4}$").all():
        frame = frame.with_columns(pl.col("Year").cast(pl.Int64))
    return frame.with_columns(pl.col("Value").cast(pl.Float64))


def _dimension_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """One column per disaggregation for each (series, period) of the frame: ``Units`` and
    a ``period`` the period label already says are not columns (as in ``write_opensdg``)."""
    combos = frame.select("series", "period").unique()
    rows: list[dict[str, str]] = []
    for series, period in combos.iter_rows():
        dims = parse_series_key(series)
        dims.pop("Units", None)
        if period:
            dims.pop(PERIOD_DIMENSION, None)
        rows.append(dims)
    names = sorted({k for dims in rows for k in dims})
    return combos.with_columns(
        pl.Series(name, [dims.get(name) for dims in rows], dtype=pl.String) for name in names
    )


def _flag_columns(flags: pl.Series) -> pl.DataFrame:
    signs = flags.str.split("").list.eval(pl.element().filter(pl.element() != ""))
    width = max(signs.list.len().to_list(), default=0)
    return pl.DataFrame(
        [signs.list.get(i, null_on_oob=True).alias(f"COMMENT_OBS_{i}") for i in range(width)]
    )


def _non_empty(table: pl.DataFrame, keep: tuple[str, ...]) -> pl.DataFrame:
    counts = table.select(pl.all().count()).row(0, named=True)
    return table.select(c for c in table.columns if c in keep or counts[c])


def data_tables(
    frame: pl.DataFrame, unit_label: Callable[[str], str] = str
) -> dict[str, pl.DataFrame]:
    """Each indicator's Open SDG data table, by file id, from a long observations frame.

    Columns: ``Year`` (int, or the period label where there is one), ``Units`` (``unit_label``
    of the unit code), one column per disaggregation, ``COMMENT_OBS_<i>`` (one flag sign
    each), ``GeoCode`` (empty for Germany), ``Value``; columns without any value are left out.
    Series keys, regions and unit labels are resolved once for all indicators.
    """
    if "period" not in frame.columns:
        frame = frame.with_columns(period=pl.lit(""))
    frame = frame.with_columns(pl.col("period").fill_null(""))
    regions = frame.get_column("region").unique().to_list()
    units = frame.get_column("unit").unique().to_list()
    wide = frame.join(
        _dimension_columns(frame), on=["series", "period"], how="left", nulls_equal=True
    ).sort("indicator", "series", "region", "year", "period")
    dims = [c for c in wide.columns if c not in frame.columns]
    wide = wide.with_columns(
        pl.col("region")
        .replace_strict({r: land_geocode(r) or None for r in regions}, return_dtype=pl.String)
        .alias("GeoCode"),
        pl.col("unit")
        .replace_strict({u: unit_label(u or "") or None for u in units}, return_dtype=pl.String)
        .alias("Units"),
        pl.when(pl.col("period") != "")
        .then(pl.col("period"))
        .otherwise(pl.col("year").cast(pl.String))
        .alias("Year"),
    )
    tables: dict[str, pl.DataFrame] = {}
    for (code,), part in wide.partition_by("indicator", as_dict=True).items():
        year = part.get_column("Year")
        if year.str.contains(r"^\d+$").all():
            year = year.cast(pl.Int64)
        table = pl.concat(
            [
                part.select("Units", *dims).insert_column(0, year.alias("Year")),
                _flag_columns(part.get_column("flags")),
                part.select("GeoCode", pl.col("value").alias("Value")),
            ],
            how="horizontal",
        )
        tables[file_id(str(code))] = _non_empty(table, ("Year", "Value"))
    return dict(sorted(tables.items()))


def disaggregations(table: pl.DataFrame) -> list[str]:
    """Columns sdg-build would take as disaggregations, less Zielwerk's attributes: the
    ``COMMENT_OBS`` flag columns and Open SDG's observation attributes."""
    return [
        c
        for c in table.columns
        if c not in NOT_DISAGGREGATIONS
        and c not in ATTRIBUTES
        and not c.upper().startswith("COMMENT_OBS")
    ]


def data_json(table: pl.DataFrame) -> dict[str, list[Any]]:
    return {name: table.get_column(name).to_list() for name in table.columns}


def _detect_edges(table: pl.DataFrame) -> list[tuple[str, str]]:
    filled = {c: table.get_column(c).is_not_null() for c in disaggregations(table)}
    found: list[tuple[str, str]] = []
    for a, b in itertools.combinations(filled, 2):
        a_alone = bool((filled[a] & ~filled[b]).any())
        b_alone = bool((filled[b] & ~filled[a]).any())
        a_any, b_any = bool(filled[a].any()), bool(filled[b].any())
        if a_alone and not b_alone and b_any:
            found.append((a, b))
        elif b_alone and not a_alone and a_any:
            found.append((b, a))
        elif not a_alone and not b_alone and a_any and b_any:
            found.append((a, b))
    return found


def _prune_grandparents(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """sdg-build's pruning, step for step: per child, walk up from its parents (following
    the last parent's line at each level) and drop the child's edges from the ancestors
    met, on the edges pruned so far."""
    edges = list(found)
    for child in dict.fromkeys(c for _, c in found):
        level = [p for p, c in edges if c == child]
        grandparents: set[str] = set()
        for _ in range(len(found) + 1):  # the edges are acyclic; the bound is a safeguard
            if not level:
                break
            above: list[str] = []
            for parent in level:
                above = [p for p, c in edges if c == parent]
                grandparents.update(above)
            level = above
        edges = [(p, c) for p, c in edges if not (c == child and p in grandparents)]
    return edges


def edges(table: pl.DataFrame) -> list[tuple[str, str]]:
    """Parent → child disaggregations, as sdg-build 2.3 decides them: the child is only
    filled where the parent is, and the parent sometimes without the child (co-occurring
    columns: the left one is parent); edges that skip a generation are dropped."""
    return _prune_grandparents(_detect_edges(table))


def edges_json(table: pl.DataFrame) -> dict[str, list[str]]:
    pairs = edges(table)
    return {"From": [p for p, _ in pairs], "To": [c for _, c in pairs]}


def headline_table(table: pl.DataFrame) -> pl.DataFrame:
    """Rows without any disaggregation and without a region: the national headline, with
    sdg-build's columns (``Year``, ``Value``, ``Units``, ``Series``, ``GeoCode``)."""
    empty = [
        pl.col(c).is_null() for c in [*disaggregations(table), "GeoCode"] if c in table.columns
    ]
    rows = table.filter(pl.all_horizontal(empty)) if empty else table
    return rows.select(c for c in HEADLINE_COLUMNS if c in rows.columns)


def headline(table: pl.DataFrame) -> list[dict[str, Any]]:
    """``headline/<id>.json``: the records of ``headline_table``."""
    return headline_table(table).to_dicts()


def reporting_stats(statuses: dict[str, tuple[int, str]]) -> dict[str, Any]:
    """``stats/reporting.json``: counts and shares of reporting statuses per goal and
    overall; ``statuses`` maps an indicator id to (goal number, status)."""

    def report(counts: dict[str, int]) -> dict[str, Any]:
        total = sum(counts.values())
        return {
            "statuses": [
                {
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                    "count": counts.get(status, 0),
                    "percentage": round(100 * counts.get(status, 0) / total) if total else 0,
                }
                for status in STATUSES
            ],
            "totals": {"total": total},
        }

    by_goal: dict[int, dict[str, int]] = {}
    overall: dict[str, int] = {}
    for goal, status in statuses.values():
        by_goal.setdefault(goal, {}).setdefault(status, 0)
        by_goal[goal][status] += 1
        overall[status] = overall.get(status, 0) + 1
    goals = [{"goal": goal, **report(counts)} for goal, counts in sorted(by_goal.items())]
    return {"goals": goals, "overall": report(overall)}
