"""Turn raw string columns into typed observations, collecting every problem.

All checks are vectorised (polars) or run once per *distinct* cell value, so a million rows
with ten distinct years cost ten parses, not a million.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import polars as pl

from ..units import load_vocabulary
from .flags import parse_flags
from .periods import PERIOD_DIMENSION, Period, parse_period, parse_year
from .problems import Problem, ProblemCode, ProblemLog, Skip, SkipCode
from .regions import region_ars
from .series import SeriesKeyError, normalise_series_key, parse_series_key, series_key

FIELDS = ("indicator", "region", "series", "year", "value", "unit", "flags")
MISSING_SIGNS = ("", "-", ".", "...", "…", "x", "/", "‒")
"""Cell contents that mean "no value" in German statistics; such rows are skipped."""
_KEY = ["indicator", "region", "series", "year"]


def _rows(frame: pl.DataFrame, limit: int = 200) -> Iterator[dict[str, Any]]:
    return frame.head(limit).iter_rows(named=True)


def _problems(
    log: ProblemLog, frame: pl.DataFrame, code: ProblemCode, field: str, columns: Mapping[str, str]
) -> None:
    log.add_counted(
        (
            Problem(code, row["file"], row["line"], columns.get(field), field, row[f"_{field}_raw"])
            for row in _rows(frame)
        ),
        frame.height,
    )


def formula_problems(log: ProblemLog, raw: pl.DataFrame, columns: Mapping[str, str]) -> None:
    """Record cells starting with ``=``: spreadsheet formulas, never data.

    ``columns`` maps the frame's column to the name shown to the user.
    """
    for name, shown in columns.items():
        if name not in raw.columns:
            continue
        hits = raw.filter(pl.col(name).str.strip_chars_start().str.starts_with("="))
        field = name if name in FIELDS else None
        log.add_counted(
            (
                Problem(ProblemCode.FORMULA, row["file"], row["line"], shown, field, row[name])
                for row in _rows(hits)
            ),
            hits.height,
        )


def _lookup(
    frame: pl.DataFrame, column: str, parse: Callable[[str], Any], dtype: Any
) -> pl.DataFrame:
    """Add ``_<column>`` by parsing each distinct value once (``None`` = invalid)."""
    distinct = frame.get_column(column).unique().to_list()
    table = pl.DataFrame(
        {column: distinct, f"_{column}": [parse(v) for v in distinct]},
        schema={column: pl.String, f"_{column}": dtype},
    )
    return frame.join(table, on=column, how="left", nulls_equal=True)


def _safe(parse: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def wrapped(text: str) -> str | None:
        try:
            return parse(text)
        except SeriesKeyError:
            return None

    return wrapped


def _parse_value(frame: pl.DataFrame) -> pl.DataFrame:
    text = pl.col("value").str.strip_chars()
    text = (
        pl.when(text.str.contains(r"^[+-]?\d+,\d+$"))
        .then(text.str.replace(",", ".", literal=True))
        .otherwise(text)
    )
    number = text.cast(pl.Float64, strict=False)
    return frame.with_columns(
        _value=pl.when(number.is_finite()).then(number).otherwise(None),
        _value_raw=pl.col("value"),
    )


def _period_table(frame: pl.DataFrame, periods: bool) -> pl.DataFrame:
    def parse(text: str) -> Period | None:
        if periods:
            return parse_period(text)
        year = parse_year(text)
        return None if year is None else Period(year)

    distinct = frame.get_column("year").unique().to_list()
    parsed = [parse(v) for v in distinct]
    table = pl.DataFrame(
        {
            "year": distinct,
            "_year": [p.year if p else None for p in parsed],
            "_period": [p.label if p else "" for p in parsed],
            "_part": [p.part if p else "" for p in parsed],
        },
        schema={"year": pl.String, "_year": pl.Int32, "_period": pl.String, "_part": pl.String},
    )
    return frame.join(table, on="year", how="left", nulls_equal=True)


def _with_part(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the sub-annual part of a period (``H1``, ``Q3``) to the series key."""
    needs = frame.filter(pl.col("_part") != "").select("_series", "_part").unique()
    if needs.is_empty():
        return frame
    merged = [
        series_key({**parse_series_key(s), PERIOD_DIMENSION: p}) if s is not None else None
        for s, p in needs.iter_rows()
    ]
    table = needs.with_columns(_merged=pl.Series(merged, dtype=pl.String))
    frame = frame.join(table, on=["_series", "_part"], how="left", nulls_equal=True)
    return frame.with_columns(
        _series=pl.when(pl.col("_part") != "").then(pl.col("_merged")).otherwise(pl.col("_series"))
    ).drop("_merged")


def _parse(frame: pl.DataFrame, periods: bool) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.col(f).fill_null("").str.strip_chars() for f in FIELDS if f != "value"
    )
    frame = _parse_value(frame)
    frame = _period_table(frame, periods)
    frame = _lookup(frame, "region", region_ars, pl.String)
    frame = _lookup(frame, "series", _safe(normalise_series_key), pl.String)
    frame = _lookup(frame, "flags", parse_flags, pl.String)
    # Units are stored as codes of the controlled vocabulary; unknown spellings are problems.
    frame = _lookup(frame, "unit", load_vocabulary().code_for, pl.String)
    frame = _with_part(frame)
    return frame.with_columns(
        _indicator=pl.when(pl.col("indicator") != "").then(pl.col("indicator")),
        **{
            f"_{f}_raw": pl.col(f)
            for f in ("indicator", "region", "series", "year", "unit", "flags")
        },
    )


_CHECKS = (
    ("indicator", ProblemCode.MISSING_INDICATOR),
    ("region", ProblemCode.INVALID_REGION),
    ("series", ProblemCode.INVALID_SERIES),
    ("year", ProblemCode.MALFORMED_YEAR),
    ("value", ProblemCode.NON_NUMERIC_VALUE),
    ("flags", ProblemCode.INVALID_FLAG),
    ("unit", ProblemCode.UNKNOWN_UNIT),
)


def _duplicates(
    log: ProblemLog, good: pl.DataFrame, columns: Mapping[str, str], skip_identical: bool
) -> tuple[pl.DataFrame, list[Skip]]:
    """Record every repetition of an observation key; the detail names the first line.

    With ``skip_identical`` a row repeating an earlier one exactly (same value, unit and
    flags) is dropped and counted as a skip instead.
    """
    skips: list[Skip] = []
    if skip_identical:
        same = pl.struct([*_KEY, "value", "unit", "flags"]).is_first_distinct()
        repeated = good.filter(~same)
        skips = [
            Skip(SkipCode.IDENTICAL_DUPLICATE, file, n)
            for file, n in repeated.group_by("file").len().sort("file").iter_rows()
        ]
        good = good.filter(same)
    keyed = good.with_columns(_first=pl.struct(_KEY).is_first_distinct())
    dup = keyed.filter(~pl.col("_first"))
    if dup.is_empty():
        return good, skips
    first = keyed.filter(pl.col("_first")).select(*_KEY, first_line=pl.col("line"))
    dup = dup.join(first, on=_KEY, how="left", nulls_equal=True).sort("file", "line")
    log.add_counted(
        (
            Problem(
                ProblemCode.DUPLICATE,
                row["file"],
                row["line"],
                columns.get("year"),
                "year",
                str(row["year"]),
                detail=str(row["first_line"]),
            )
            for row in _rows(dup)
        ),
        dup.height,
    )
    return good, skips


def unit_mismatches(log: ProblemLog, frame: pl.DataFrame, columns: Mapping[str, str]) -> None:
    """Record rows whose unit differs from the most common unit of their indicator and series."""
    group = ["indicator", "series"]
    counts = frame.group_by([*group, "unit"]).agg(pl.len().alias("n"))
    if counts.height == counts.select(group).unique().height:
        return
    expected = counts.sort(["n", "unit"], descending=[True, False]).group_by(group).first()
    joined = frame.join(expected.select([*group, pl.col("unit").alias("expected")]), on=group)
    odd = joined.filter(pl.col("unit") != pl.col("expected")).sort("file", "line")
    log.add_counted(
        [
            Problem(
                ProblemCode.UNIT_MISMATCH,
                row["file"],
                row["line"],
                columns.get("unit"),
                "unit",
                row["unit"],
                detail=row["expected"],
            )
            for row in _rows(odd)
        ],
        odd.height,
    )


def validate(
    raw: pl.DataFrame,
    columns: Mapping[str, str],
    log: ProblemLog,
    *,
    periods: bool = False,
    missing: tuple[str, ...] = ("",),
    skip_identical: bool = False,
) -> tuple[pl.DataFrame, list[Skip]]:
    """Parse raw string columns ``file, line`` plus ``FIELDS`` into an observation frame.

    ``columns`` names, per field, the column the user sees in the file. With
    ``periods`` the year column may hold period labels (see ``periods``). Rows whose value
    is one of ``missing`` (e.g. ``MISSING_SIGNS``) are skipped and counted per file; see
    ``_duplicates`` for ``skip_identical``.
    """
    value = pl.col("value").fill_null("").str.strip_chars()
    empty = raw.filter(value.is_in(missing))
    skips = [
        Skip(SkipCode.EMPTY_VALUE, file, n)
        for file, n in empty.group_by("file").len().sort("file").iter_rows()
    ]
    frame = _parse(raw.filter(~value.is_in(missing)), periods)
    for field, code in _CHECKS:
        _problems(log, frame.filter(pl.col(f"_{field}").is_null()), code, field, columns)
    good = frame.filter(pl.all_horizontal(pl.col(f"_{f}").is_not_null() for f, _ in _CHECKS))
    good = good.select(
        pl.col("_indicator").alias("indicator"),
        pl.col("_region").alias("region"),
        pl.col("_series").alias("series"),
        pl.col("_year").alias("year"),
        pl.col("_period").alias("period"),
        pl.col("_value").alias("value"),
        pl.col("_unit").alias("unit"),
        pl.col("_flags").alias("flags"),
        pl.col("file"),
        pl.col("line").cast(pl.Int64),
    )
    good, repeated = _duplicates(log, good, columns, skip_identical)
    unit_mismatches(log, good, columns)
    return good, skips + repeated
