"""Reading delimited text and spreadsheets into all-string frames with line numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import polars as pl

from .problems import Problem, ProblemCode

LINE_OFFSET = 2
"""The first data row is line 2: line 1 is the header."""


def _ragged_line(text: str, separator: str) -> tuple[int, str] | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader, None)
        width = len(header or [])
        for row in reader:
            if row and len(row) != width:
                return reader.line_num, separator.join(row)[:80]
    except csv.Error as exc:
        return reader.line_num, str(exc)[:80]
    return None


def _finish(frame: pl.DataFrame, file: str) -> pl.DataFrame:
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    frame = frame.with_columns(pl.all().cast(pl.String).fill_null(""))
    return frame.with_columns(
        file=pl.lit(file, pl.String),
        line=pl.int_range(LINE_OFFSET, frame.height + LINE_OFFSET, dtype=pl.Int64),
    )


def read_delimited(text: str, file: str, separator: str = ",") -> pl.DataFrame | Problem:
    """All cells as strings plus ``file`` and ``line``; a problem when rows are ragged."""
    if not text.strip():
        return Problem(ProblemCode.EMPTY_FILE, file)
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            separator=separator,
            infer_schema=False,
            empty_string_is_null=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, ValueError, OSError) as exc:
        found = _ragged_line(text, separator)
        if found is None:
            return Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
        return Problem(ProblemCode.MALFORMED_ROW, file, found[0], value=found[1])
    found = _ragged_line(text, separator) if frame.height < 100_000 else None
    if found is not None:
        return Problem(ProblemCode.MALFORMED_ROW, file, found[0], value=found[1])
    return _finish(frame, file)


def sniff_separator(text: str) -> str:
    """``;`` when the header line uses it and has no comma, else ``,``.

    >>> sniff_separator("indicator;year;value\\n"), sniff_separator("a,b\\n")
    (';', ',')
    """
    header = text.split("\n", 1)[0]
    if header.count(";") > header.count(",") and header.count("\t") == 0:
        return ";"
    if header.count("\t") > max(header.count(","), header.count(";")):
        return "\t"
    return ","


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?>(?:(?!</c>).)*?<f[ >/]', re.S)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def xlsx_formula_cells(path: Path) -> list[tuple[int, int]]:
    """(row, column index) of every formula cell in the first worksheet."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not names:
            return []
        first = "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else names[0]
        data = archive.read(first)
    return [(int(m.group(2)), _column_index(m.group(1).decode())) for m in _CELL.finditer(data)]


def read_xlsx(path: Path, file: str) -> pl.DataFrame | Problem:
    """The first worksheet, all cells as strings; formulas are problems."""
    import fastexcel

    try:
        formulas = xlsx_formula_cells(path)
        sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string", eager=False)
        frame = sheet.to_polars()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError) as exc:
        return Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
    except Exception as exc:  # fastexcel raises its own hierarchy for corrupt workbooks
        if type(exc).__module__.startswith("fastexcel"):
            return Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
        raise
    if formulas:
        row, col = formulas[0]
        name = frame.columns[col] if col < len(frame.columns) else None
        return Problem(ProblemCode.FORMULA, file, row, name, None, "=")
    return _finish(frame, file)
