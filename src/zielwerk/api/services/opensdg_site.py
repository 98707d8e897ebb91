"""The JSON "data service" files an Open SDG site reads (layout of sdg-build's OutputOpenSdg).

Pure functions on an indicator's Open SDG data table (as ``write_opensdg`` writes it):
``data/<id>.json`` (column lists), ``edges/<id>.json`` (which disaggregation depends on
which), ``headline/<id>.json`` (records of the headline series), ``comb/<id>.json``
(data and edges) and ``stats/reporting.json`` (reporting status by goal).
"""

from __future__ import annotations

import itertools
from typing import Any

import polars as pl

NOT_DISAGGREGATIONS = frozenset({"Year", "Value", "Units", "Series", "GeoCode"})
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


def disaggregations(table: pl.DataFrame) -> list[str]:
    return [
        c
        for c in table.columns
        if c not in NOT_DISAGGREGATIONS and not c.upper().startswith("COMMENT_OBS")
    ]


def data_json(table: pl.DataFrame) -> dict[str, list[Any]]:
    return {name: table.get_column(name).to_list() for name in table.columns}


def edges(table: pl.DataFrame) -> list[tuple[str, str]]:
    """Parent → child disaggregations: the child is only filled where the parent is, and
    the parent sometimes without the child (co-occurring columns: the left one is parent);
    edges that skip a generation are dropped."""
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
    parents: dict[str, set[str]] = {}
    for parent, child in found:
        parents.setdefault(child, set()).add(parent)

    def above(name: str, seen: frozenset[str]) -> set[str]:
        result: set[str] = set()
        for parent in parents.get(name, set()) - seen:
            result |= {parent} | above(parent, seen | {parent})
        return result

    return [
        (p, c)
        for p, c in found
        if not any(p in above(q, frozenset({q})) for q in parents[c] if q != p)
    ]


def edges_json(table: pl.DataFrame) -> dict[str, list[str]]:
    pairs = edges(table)
    return {"From": [p for p, _ in pairs], "To": [c for _, c in pairs]}


def headline(table: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows without any disaggregation and without a region: the national headline."""
    empty = [
        pl.col(c).is_null() for c in [*disaggregations(table), "GeoCode"] if c in table.columns
    ]
    rows = table.filter(pl.all_horizontal(empty)) if empty else table
    keep = [c for c in ("Year", "Units", "Series", "Value") if c in rows.columns]
    return rows.select(keep).to_dicts()


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
