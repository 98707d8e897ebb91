# ruff: noqa: S608  (SQL is built from constants and model table names; values are parameters)
"""The bulk write path: stage all rows in a temporary table, then merge with set-based SQL.

PostgreSQL loads the stage with ``COPY``; SQLite with one ``executemany``. Counting,
revisions, updates and inserts are each one statement, so an import costs a handful of
queries whatever its size. The caller runs everything inside one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection

from zielwerk.core.observations import Problem, ProblemCode

from ..models import ImportRun, Observation, ObservationRevision

STAGE = "zw_observation_stage"
STAGE_COLUMNS = (
    "indicator_id",
    "region_id",
    "series",
    "year",
    "period",
    "value",
    "unit",
    "flags",
    "file",
    "line",
    "source",
)
"""``source``: the row's own source (tidy files), empty for the source of the whole import."""
_ROW_SOURCE = "COALESCE(NULLIF(s.source, ''), %s)"
_MATCH = (
    "o.indicator_id = s.indicator_id AND o.region_id = s.region_id "
    "AND o.series = s.series AND o.year = s.year"
)
_DIFFERS = "(o.value <> s.value OR o.flags <> s.flags OR o.period <> s.period)"


@dataclass(frozen=True)
class MergeCounts:
    created: int
    unchanged: int
    revised: int
    kept: int = 0  # stored values of a newer edition the staged (older) rows did not replace


@dataclass(frozen=True)
class Vintage:
    """The edition of the rows being imported: stored values of a *newer* edition stay
    unless ``allow_older`` (editions are ISO dates, compared as text)."""

    edition: str = ""
    allow_older: bool = False

    def newer_stored(self) -> tuple[str, list[str]]:
        """SQL (on ``o``, the stored row) that is true where the stored edition is newer."""
        if not self.edition or self.allow_older:
            return "1 = 0", []
        run = _table(ImportRun)
        return f"EXISTS (SELECT 1 FROM {run} r WHERE r.id = o.import_run_id AND r.edition > %s)", [
            self.edition
        ]


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _create_stage(cursor: Any) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (indicator_id bigint NOT NULL, region_id bigint NOT NULL, "
        "series varchar(500) NOT NULL, year smallint NOT NULL, period varchar(40) NOT NULL, "
        "value double precision NOT NULL, unit varchar(200) NOT NULL, flags varchar(12) NOT NULL, "
        "file varchar(500) NOT NULL, line bigint NOT NULL, source text NOT NULL)"
    )


def _load_stage(cursor: Any, frame: pl.DataFrame) -> None:
    if "source" not in frame.columns:
        frame = frame.with_columns(source=pl.lit("", dtype=pl.String))
    rows = frame.select(*STAGE_COLUMNS[:-1], pl.col("source").fill_null(""))
    if connection.vendor == "postgresql":
        sql = f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            for chunk in rows.iter_slices(200_000):
                copy.write(chunk.write_csv(include_header=False, quote_style="non_numeric"))
        cursor.execute(f"ANALYZE {STAGE}")
        return
    marks = ", ".join(["%s"] * len(STAGE_COLUMNS)).replace("%s", "?")
    raw = cursor.cursor  # the sqlite3 cursor: executemany without per-row formatting
    raw.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", rows.iter_rows())


def insert_frame(model: Any, frame: pl.DataFrame) -> int:
    """Insert the rows of ``frame`` (columns named like the table's) into ``model``'s table:
    ``COPY`` on PostgreSQL, one ``executemany`` on SQLite. For derived tables rebuilt in
    bulk (peer standings); returns the number of rows."""
    if frame.is_empty():
        return 0
    table = _table(model)
    columns = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                for chunk in frame.iter_slices(200_000):
                    copy.write(chunk.write_csv(include_header=False, quote_style="non_numeric"))
        else:
            marks = ", ".join("?" * len(frame.columns))
            cursor.cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", frame.iter_rows()
            )
    return frame.height


def unit_conflicts(cursor: Any, limit: int = 200) -> tuple[list[Problem], int]:
    """Staged rows whose stored observation has another unit (a vintage in a new unit)."""
    obs = _table(Observation)
    base = f"FROM {STAGE} s JOIN {obs} o ON {_MATCH} WHERE o.unit <> s.unit"
    cursor.execute(f"SELECT COUNT(*) {base}")
    total = int(cursor.fetchone()[0])
    if not total:
        return [], 0
    cursor.execute(
        f"SELECT s.file, s.line, s.unit, o.unit {base} ORDER BY s.file, s.line LIMIT {limit}"
    )
    found = [
        Problem(ProblemCode.UNIT_MISMATCH, file, line, "unit", "unit", unit, detail=stored)
        for file, line, unit, stored in cursor.fetchall()
    ]
    return found, total


def _counts(cursor: Any, vintage: Vintage) -> MergeCounts:
    obs = _table(Observation)
    newer, params = vintage.newer_stored()
    cursor.execute(
        f"SELECT COUNT(*), COUNT(o.id), "
        f"SUM(CASE WHEN o.id IS NOT NULL AND {_DIFFERS} AND NOT ({newer}) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN o.id IS NOT NULL AND {_DIFFERS} AND ({newer}) THEN 1 ELSE 0 END) "
        f"FROM {STAGE} s LEFT JOIN {obs} o ON {_MATCH}",
        params * 2,
    )
    total, matched, revised, kept = cursor.fetchone()
    revised, kept = int(revised or 0), int(kept or 0)
    return MergeCounts(int(total) - int(matched), int(matched) - revised - kept, revised, kept)


def _merge(cursor: Any, run_id: int, source: str, counts: MergeCounts, vintage: Vintage) -> None:
    obs, rev = _table(Observation), _table(ObservationRevision)
    newer, params = vintage.newer_stored()
    if counts.revised:
        cursor.execute(
            f"INSERT INTO {rev} (observation_id, old_value, old_unit, old_flags, "
            f"old_import_run_id, import_run_id) "
            f"SELECT o.id, o.value, o.unit, o.flags, o.import_run_id, %s "
            f"FROM {STAGE} s JOIN {obs} o ON {_MATCH} WHERE {_DIFFERS} AND NOT ({newer})",
            [run_id, *params],
        )
        cursor.execute(
            f"UPDATE {obs} AS o SET value = s.value, flags = s.flags, period = s.period, "
            f"source = {_ROW_SOURCE}, import_run_id = %s FROM {STAGE} s "
            f"WHERE {_MATCH} AND {_DIFFERS} AND NOT ({newer})",
            [source, run_id, *params],
        )
    if counts.created:
        # When every staged row is new (a first import), no anti-join is needed; rows go in
        # in key order, which keeps the unique index's pages warm.
        only_new = not counts.unchanged and not counts.revised and not counts.kept
        where = "" if only_new else f"WHERE NOT EXISTS (SELECT 1 FROM {obs} o WHERE {_MATCH}) "
        cursor.execute(
            f"INSERT INTO {obs} (indicator_id, region_id, series, year, period, value, unit, "
            f"flags, source, import_run_id) "
            f"SELECT s.indicator_id, s.region_id, s.series, s.year, s.period, s.value, s.unit, "
            f"s.flags, {_ROW_SOURCE}, %s FROM {STAGE} s {where}"
            f"ORDER BY s.indicator_id, s.region_id, s.series, s.year",
            [source, run_id],
        )


def stage(frame: pl.DataFrame) -> Any:
    """Create and fill the stage; returns the open cursor (close it with ``drop_stage``)."""
    cursor = connection.cursor()
    _create_stage(cursor)
    _load_stage(cursor, frame)
    return cursor


def count(cursor: Any, vintage: Vintage | None = None) -> MergeCounts:
    """How many staged rows are new, unchanged, revised, or kept back (older edition)."""
    return _counts(cursor, vintage or Vintage())


def merge(
    cursor: Any, run: ImportRun, source: str, counts: MergeCounts, vintage: Vintage | None = None
) -> None:
    """Write revisions, updates and inserts for the staged rows."""
    _merge(cursor, run.pk, source, counts, vintage or Vintage())


def drop_stage(cursor: Any) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.close()
