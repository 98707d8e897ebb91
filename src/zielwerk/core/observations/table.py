"""Reading delimited text and spreadsheets into all-string frames with line numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from ..limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    ArchiveCorrupt,
    LimitExceeded,
    archive_check,
)
from .problems import Problem, ProblemCode, limit_problem

LINE_OFFSET = 2
"""The first data row is line 2: line 1 is the header (unless blank lines come first)."""

# A line holding nothing but spaces or tabs; a newline ending the last line is no blank line.
# Blank lines: at the start, inside, or trailing whitespace after the last newline. Three
# patterns with a literal start each: one alternation with \A scanned 200k lines in ~1 s.
_BLANK_FIRST = re.compile(r"[ \t\r]*\n")
_BLANK_INSIDE = re.compile(r"\n[ \t\r]*\n")
_BLANK_LAST = re.compile(r"\n[ \t\r]+\Z")
_FIRST_LINE = re.compile(r"(?:[ \t\r]*\n)*([^\n]*)")


@dataclass(frozen=True)
class _Lines:
    """A text without its blank lines, and where its lines and records are in the file."""

    text: str
    kept: tuple[int, ...]
    """The file line of each line of ``text``."""
    records: tuple[int, ...]
    """The file line on which each record starts, the header first."""


def _is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n")


def _has_blank_line(text: str) -> bool:
    """Whether a line holds only whitespace (fast: no full scan with an anchored alternation).

    >>> _has_blank_line("a\\nb\\n"), _has_blank_line("a\\n\\nb"), _has_blank_line("\\na")
    (False, True, True)
    >>> _has_blank_line("a\\n  "), _has_blank_line("a\\r\\n \\r\\nb")
    (True, True)
    """
    tail = text[text.rfind("\n") :] if "\n" in text else ""
    return bool(_BLANK_FIRST.match(text) or _BLANK_INSIDE.search(text) or _BLANK_LAST.search(tail))


def _csv_records(text: str, separator: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Indexes of the blank lines that are records of their own (not inside a quoted field)
    and the file line where every other record starts; broken quoting counts plain lines."""
    blank: set[int] = set()
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    first = 0
    try:
        for _ in reader:
            if reader.line_num == first + 1 and _is_blank(lines[first]):
                blank.add(first)
            else:
                starts.append(first + 1)
            first = reader.line_num
    except csv.Error:  # the ragged-row check reports it
        return _plain_records(lines)
    return blank, starts


def _plain_records(lines: list[str]) -> tuple[set[int], list[int]]:
    blank = {i for i, line in enumerate(lines) if _is_blank(line)}
    return blank, [i + 1 for i in range(len(lines)) if i not in blank]


def _without_blank_lines(text: str, separator: str) -> _Lines | None:
    """Drop blank lines outside quoted fields; ``None`` when there are none (nothing to do).

    Lines are counted as the csv module counts them, so a quoted field spanning lines keeps
    the numbers of the records after it right.
    """
    if not _has_blank_line(text):
        return None
    lines = io.StringIO(text, newline="").readlines()
    # Without quotes every line is a record: no need for the (slower) csv module.
    blank, starts = _csv_records(text, separator, lines) if '"' in text else _plain_records(lines)
    kept = [i for i in range(len(lines)) if i not in blank]
    return _Lines("".join(lines[i] for i in kept), tuple(i + 1 for i in kept), tuple(starts))


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


def _finish(frame: pl.DataFrame, file: str, lines: Sequence[int] | None = None) -> pl.DataFrame:
    """Names stripped, cells as strings, plus ``file`` and ``line`` (given, or counted)."""
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    frame = frame.with_columns(pl.all().cast(pl.String).fill_null(""))
    if lines is not None and len(lines) == frame.height:
        line = pl.Series(list(lines), dtype=pl.Int64)
        return frame.with_columns(file=pl.lit(file, pl.String), line=line)
    return frame.with_columns(
        file=pl.lit(file, pl.String),
        line=pl.int_range(LINE_OFFSET, frame.height + LINE_OFFSET, dtype=pl.Int64),
    )


def _malformed_row(text: str, separator: str, file: str, lines: _Lines | None) -> Problem | None:
    found = _ragged_line(text, separator)
    if found is None:
        return None
    line = found[0]
    if lines is not None and 0 < line <= len(lines.kept):
        line = lines.kept[line - 1]
    return Problem(ProblemCode.MALFORMED_ROW, file, line, value=found[1])


def _text_problem(text: str, file: str, separator: str) -> Problem | None:
    """Limits checked on the text before any parsing: columns of the header, rows, NUL."""
    match = _FIRST_LINE.match(text)
    header = match.group(1) if match else ""
    header_line = text.count("\n", 0, match.start(1)) + 1 if match else 1
    columns = header.count(separator) + 1
    if columns > MAX_COLUMNS:
        return limit_problem(LimitExceeded("max_columns", MAX_COLUMNS, columns), file, header_line)
    rows = text.count("\n", match.end(1) if match else 0, len(text.rstrip("\n")))
    if rows > MAX_ROWS:
        return limit_problem(LimitExceeded("max_rows", MAX_ROWS, rows), file)
    nul = text.find("\x00")
    if nul < 0:
        return None
    start = text.rfind("\n", 0, nul) + 1
    end = text.find("\n", nul)
    line_text = text[start : len(text) if end < 0 else end]
    names = [n.strip().strip('"') for n in header.split(separator)]
    index = text.count(separator, start, nul)
    column = names[index] if index < len(names) else None
    cell = line_text.split(separator)[index] if index < len(names) else line_text
    shown = cell[:80].replace("\x00", "\\0")
    return Problem(
        ProblemCode.NUL_CHARACTER, file, text.count("\n", 0, nul) + 1, column, value=shown
    )


def frame_problem(frame: pl.DataFrame, file: str) -> Problem | None:
    """Limits checked on a read table (all cells strings, with ``line``): rows, columns, cell
    length and NUL characters (which PostgreSQL cannot store), at their line and column."""
    data = [c for c in frame.columns if c not in ("file", "line")]
    if len(data) > MAX_COLUMNS:
        return limit_problem(LimitExceeded("max_columns", MAX_COLUMNS, len(data)), file, 1)
    if frame.height > MAX_ROWS:
        return limit_problem(LimitExceeded("max_rows", MAX_ROWS, frame.height), file)
    if not data or frame.is_empty():
        return None
    tests: dict[str, Callable[[str], pl.Expr]] = {
        "long": lambda c: pl.col(c).str.len_chars() > MAX_CELL_CHARS,
        "nul": lambda c: pl.col(c).str.contains("\x00", literal=True),
    }
    hits = frame.select(
        test(c).any().alias(f"{kind}:{c}") for kind, test in tests.items() for c in data
    ).row(0, named=True)
    for name, hit in hits.items():
        if not hit:
            continue
        kind, column = name.split(":", 1)
        line, value = frame.filter(tests[kind](column)).select("line", column).row(0)
        if kind == "nul":
            shown = value[:80].replace("\x00", "\\0")
            return Problem(ProblemCode.NUL_CHARACTER, file, line, column, None, shown)
        exc = LimitExceeded("max_cell_chars", MAX_CELL_CHARS, len(value))
        return replace(limit_problem(exc, file, line), column=column, value=value[:80])
    return None


def read_delimited(text: str, file: str, separator: str = ",") -> pl.DataFrame | Problem:
    """All cells as strings plus ``file`` and ``line``; a problem when rows are ragged.

    Blank lines (before the header, between or after rows) are no rows; ``line`` stays the
    line in the file.

    >>> frame = read_delimited("\\nyear,value\\n2023,1\\n\\n2024,2\\n", "a.csv")
    >>> frame.select("year", "line").rows()
    [('2023', 3), ('2024', 5)]
    """
    if not text.strip():
        return Problem(ProblemCode.EMPTY_FILE, file)
    if "\r" in text and "\n" not in text:  # old Mac line endings: CR alone ends a line
        text = text.replace("\r", "\n")
    limit = _text_problem(text, file, separator)
    if limit is not None:
        return limit
    lines = _without_blank_lines(text, separator)
    source = text if lines is None else lines.text
    try:
        frame = pl.read_csv(
            source.encode("utf-8"),
            separator=separator,
            infer_schema=False,
            empty_string_is_null=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, ValueError, OSError) as exc:
        malformed = _malformed_row(source, separator, file, lines)
        return malformed or Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
    malformed = _malformed_row(source, separator, file, lines) if frame.height < 100_000 else None
    if malformed is not None:
        return malformed
    frame = _finish(frame, file, None if lines is None else lines.records[1:])
    return frame_problem(frame, file) or frame


def sniff_separator(text: str) -> str:
    """``;`` when the header line uses it and has no comma, else ``,``.

    The header is the first line that is not blank.

    >>> sniff_separator("indicator;year;value\\n"), sniff_separator("\\na,b\\n")
    (';', ',')
    """
    match = _FIRST_LINE.match(text)
    header = match.group(1) if match else ""
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
        archive_check(path)  # before anything unpacks it: a zip bomb stops here
    except LimitExceeded as exc:
        return limit_problem(exc, file)
    except ArchiveCorrupt as exc:
        return Problem(ProblemCode.ARCHIVE_CORRUPT, file, value=exc.member, detail=exc.reason)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return Problem(ProblemCode.UNREADABLE, file, value=str(exc)[:120])
    try:
        formulas = xlsx_formula_cells(path)
        sheet = fastexcel.read_excel(path).load_sheet(
            0, dtypes="string", eager=False, n_rows=MAX_ROWS + 1
        )
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
    frame = _finish(frame, file)
    return frame_problem(frame, file) or frame
