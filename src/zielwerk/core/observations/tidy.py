"""The tidy observations format (ARCHITECTURE.md): CSV, Parquet or XLSX.

Columns ``indicator,region,series,year,value`` (required ``indicator,year,value``) and
optional ``unit``, ``flag``, ``source``; German names are accepted too (``Indikator``,
``Region``/``Gebiet``/``ARS``/``AGS``, ``Reihe``, ``Jahr``, ``Wert``, ``Einheit``,
``Kennzeichen``, ``Quelle``; see ``headers``). Other columns are ignored. An empty ``region``
is not stated (the import needs ``--region``, see ``regions``), an empty ``series`` the
headline series. A row's ``source`` (kept in the frame's ``source`` column) overrides the
source named for the whole file; empty means that one.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..formulas import restore_formulas
from ..limits import MAX_COLUMNS, MAX_ROWS, LimitExceeded
from .headers import Header, header_map
from .problems import Problem, ProblemCode, ProblemLog, limit_problem
from .result import ReadResult, empty_observations, failed
from .table import frame_problem, read_delimited, read_xlsx, sniff_separator
from .text import decode
from .validate import formula_problems, validate

REQUIRED = ("indicator", "year", "value")
OPTIONAL = ("region", "series", "unit", "flag")
TIDY_COLUMNS = ("indicator", "region", "series", "year", "value", "unit", "flag")
_FIELD_OF = {"flag": "flags"}


def _read_raw(path: Path) -> pl.DataFrame | Problem:
    file = path.name
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, file)
    if suffix == ".parquet":
        try:
            # Columns and rows from the file's metadata, before reading any data.
            columns = len(pl.read_parquet_schema(path))
            if columns > MAX_COLUMNS:
                return limit_problem(LimitExceeded("max_columns", MAX_COLUMNS, columns), file, 1)
            rows = pl.scan_parquet(path).select(pl.len()).collect().item()
            if rows > MAX_ROWS:
                return limit_problem(LimitExceeded("max_rows", MAX_ROWS, rows), file)
            frame = pl.read_parquet(path)
        except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
            return Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
        frame = frame.with_columns(pl.all().cast(pl.String).fill_null(""))
        frame = frame.with_columns(
            file=pl.lit(file), line=pl.int_range(2, frame.height + 2, dtype=pl.Int64)
        )
        return frame_problem(frame, file) or frame
    text, problem = decode(path.read_bytes(), file)
    if problem is not None or text is None:
        return problem or Problem(ProblemCode.UNREADABLE, file)
    return read_delimited(text, file, sniff_separator(text))


def _header(frame: pl.DataFrame, file: str) -> Header | Problem:
    header = header_map((c for c in frame.columns if c not in ("file", "line")), file)
    if isinstance(header, Problem):
        return header
    for name in REQUIRED:
        if name not in header.columns:
            return Problem(ProblemCode.MISSING_COLUMN, file, 1, name, name)
    return header


def tidy_raw(frame: pl.DataFrame, file: str) -> pl.DataFrame | Problem:
    """Bring a tidy table's columns (English or German names) to the raw field names
    ``validate`` expects, plus ``source``."""
    header = _header(frame, file)
    if isinstance(header, Problem):
        return header
    named = header.columns
    return frame.select(
        "file",
        "line",
        *(
            (pl.col(named[name]) if name in named else pl.lit("")).alias(_FIELD_OF.get(name, name))
            for name in (*TIDY_COLUMNS, "source")
        ),
    )


def _ags_problems(log: ProblemLog, fields: pl.DataFrame, column: str) -> None:
    """An AGS column holds 8-digit Gemeinde keys only (the import maps them to the ARS)."""
    region = pl.col("region").fill_null("").str.strip_chars()
    bad = fields.filter((region != "") & ~region.str.contains(r"^\d{8}$"))
    log.add_counted(
        (
            Problem(
                ProblemCode.NOT_AN_AGS, row["file"], row["line"], column, "region", row["region"]
            )
            for row in bad.head(200).iter_rows(named=True)
        ),
        bad.height,
    )


def _with_source(frame: pl.DataFrame, fields: pl.DataFrame) -> pl.DataFrame:
    """The row's own source (stripped; empty: the file's) beside each observation."""
    sources = fields.select("file", "line", source=pl.col("source").fill_null("").str.strip_chars())
    if frame.is_empty():
        return frame.with_columns(source=pl.lit("", dtype=pl.String))
    return frame.join(sources, on=["file", "line"], how="left", maintain_order="left")


def read_tidy(path: Path) -> ReadResult:
    """Read a tidy observations file (``.csv``, ``.parquet``, ``.xlsx``).

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp, "obs.csv")
    ...     _ = p.write_text("indicator,year,value\\n7.2.a,2023,21.5\\n7.2.a,2024,x\\n")
    ...     result = read_tidy(p)
    >>> result.frame.select("indicator", "region", "year", "value").row(0)
    ('7.2.a', '', 2023, 21.5)
    >>> [(p.code.value, p.line, p.column, p.value) for p in result.problems]
    [('non_numeric_value', 3, 'value', 'x')]
    """
    raw = _read_raw(path)
    if isinstance(raw, Problem):
        return failed(raw)
    raw = restore_formulas(raw)  # a cell our export neutralised reads back as stored
    header = _header(raw, path.name)
    if isinstance(header, Problem):
        return failed(header)
    fields = tidy_raw(raw, path.name)
    if isinstance(fields, Problem):
        return failed(fields)
    log = ProblemLog()
    # Problems name the column as written in the file (``Jahr``, ``AGS``).
    shown = {_FIELD_OF.get(n, n): header.columns.get(n, n) for n in (*TIDY_COLUMNS, "source")}
    formula_problems(log, fields, shown)
    if header.is_ags():
        _ags_problems(log, fields, header.columns["region"])
    frame, skips = validate(fields, shown, log)
    if log.counts:
        frame = empty_observations() if frame.is_empty() else frame
    frame = _with_source(frame, fields)
    return ReadResult(frame, tuple(log.problems), tuple(skips), dict(log.counts), files_read=1)
