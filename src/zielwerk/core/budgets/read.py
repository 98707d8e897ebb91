"""Read one product budget CSV into the tidy frame, all or nothing.

Every row is checked before anything is returned: a missing column, a year that is no
integer, a direction that is neither Ertrag nor Aufwand, an amount that is no number in the
file's number format. All problems found are raised together as ``InputFileError``
(``InputProblem``: file, line, column, value, code; ``params["field"]`` names the tidy field).
The size of the input is bounded by ``zielwerk.core.limits`` (columns, rows, cell length).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from zielwerk.core.budgets.fdp import ColumnMapping, descriptor_mapping
from zielwerk.core.errors import InputCode, InputFileError, InputProblem, read_utf8
from zielwerk.core.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, LimitExceeded
from zielwerk.core.regions.codes import validate_ars

INCOME = "Ertrag"
EXPENSE = "Aufwand"
DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(("ertrag", "erträge", "einnahme", "einnahmen"), INCOME),
    **dict.fromkeys(("aufwand", "aufwendung", "aufwendungen", "ausgabe", "ausgaben"), EXPENSE),
}
"""Spellings of the direction found in the shared budgets (lower case) → Ertrag/Aufwand."""

PHASE_KINDS: dict[str, str] = {
    **dict.fromkeys(("ansatz", "plan", "planung", "soll", "entwurf"), "plan"),
    **dict.fromkeys(("ergebnis", "ist", "rechnungsergebnis"), "actual"),
}
"""Phase as given (Ansatz, Ergebnis, …) → ``plan`` or ``actual``; others stay unclassified."""

MISSING = frozenset({"", "nan", "NaN", "NA"})
"""Cells that mean "no amount" (``nan`` is how pandas wrote Wuppertal's empty cells)."""

SCHEMA: dict[str, pl.DataType] = {
    "ars": pl.String(),
    "year": pl.Int32(),
    "phase": pl.String(),
    "phase_kind": pl.String(),
    "area_code": pl.String(),
    "area_name": pl.String(),
    "group_code": pl.String(),
    "group_name": pl.String(),
    "product_code": pl.String(),
    "product_name": pl.String(),
    "direction": pl.String(),
    "amount": pl.Float64(),
    "source": pl.String(),
    "line": pl.Int64(),
}
"""The tidy budget frame, one row per source row."""

_YEARS = (1900, 2100)


@dataclass(frozen=True)
class BudgetTable:
    """A budget read completely: the tidy frame and the rows skipped on request
    (``skip_missing_amounts``), each as a ``MISSING_VALUE`` problem with its line."""

    frame: pl.DataFrame
    skipped: tuple[InputProblem, ...] = ()


@lru_cache(maxsize=16)
def _number_pattern(decimal_char: str, group_char: str) -> re.Pattern[str]:
    decimal = re.escape(decimal_char)
    digits = r"\d+" if not group_char else rf"(?:\d+|\d{{1,3}}(?:{re.escape(group_char)}\d{{3}})+)"
    return re.compile(rf"^[+-]?{digits}(?:{decimal}\d+)?(?:[eE][+-]?\d{{1,3}})?$")


def parse_amount(text: str, decimal_char: str = ",", group_char: str = ".") -> float | None:
    """The number written in a cell, or ``None`` when it is none in this format.

    >>> parse_amount("1.234.567,89"), parse_amount("-12,5"), parse_amount("1234")
    (1234567.89, -12.5, 1234.0)
    >>> parse_amount("1,234.5", ".", ","), parse_amount("18024.0", ".", ",")
    (1234.5, 18024.0)
    >>> parse_amount("4.721540379E7", ".", ",")  # Karlsruhe writes large amounts so
    47215403.79
    >>> parse_amount("12.34,5") is None, parse_amount("1 234") is None, parse_amount("") is None
    (True, True, True)
    """
    text = text.strip()
    if not _number_pattern(decimal_char, group_char).match(text):
        return None
    if group_char:
        text = text.replace(group_char, "")
    return float(text.replace(decimal_char, "."))


def _records(path: Path, mapping: ColumnMapping) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every record, header first; bounded."""
    try:
        text = read_utf8(path).removeprefix("\ufeff")
    except OSError as exc:
        detail = {"detail": exc.strerror or ""}
        raise InputFileError(
            [InputProblem(str(path), None, None, None, InputCode.UNREADABLE, detail)]
        ) from exc
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=mapping.delimiter,
        quotechar=mapping.quote_char,
        doublequote=mapping.double_quote,
        skipinitialspace=mapping.skip_initial_space,
        strict=True,
    )
    start = 1
    try:
        for count, cells in enumerate(reader):
            if count > MAX_ROWS:
                raise LimitExceeded("max_rows", MAX_ROWS)
            if len(cells) > MAX_COLUMNS:
                raise LimitExceeded("max_columns", MAX_COLUMNS, len(cells))
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise LimitExceeded("max_cell_chars", MAX_CELL_CHARS)
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = InputProblem(
            str(path), start, None, None, InputCode.UNREADABLE, {"detail": str(exc)}
        )
        raise InputFileError([problem]) from exc


class _Rows:
    """Collects the tidy columns and the problems of one file."""

    def __init__(self, file: str, mapping: ColumnMapping, index: dict[str, int]) -> None:
        self.file, self.mapping, self.index = file, mapping, index
        self.columns: dict[str, list[object]] = {name: [] for name in SCHEMA}
        self.problems: list[InputProblem] = []
        self.skipped: list[InputProblem] = []

    def _problem(
        self, line: int, field: str, value: str | None, code: InputCode, **params: str
    ) -> None:
        column = getattr(self.mapping, field)
        self.problems.append(
            InputProblem(self.file, line, column, value, code, {"field": field, **params})
        )

    def _cell(self, cells: list[str], field: str) -> str | None:
        position = self.index.get(field)
        if position is None:
            return None
        return cells[position].strip() if position < len(cells) else ""

    def add(self, line: int, cells: list[str], skip_missing_amounts: bool) -> None:
        before = len(self.problems)
        year_text = self._cell(cells, "year") or ""
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year is None:
            self._problem(line, "year", year_text, InputCode.NOT_AN_INTEGER)
        elif not _YEARS[0] <= year <= _YEARS[1]:
            self._problem(
                line,
                "year",
                year_text,
                InputCode.OUT_OF_RANGE,
                low=str(_YEARS[0]),
                high=str(_YEARS[1]),
            )
        given = self._cell(cells, "direction") or ""
        direction = DIRECTIONS.get(given.lower())
        if direction is None:
            self._problem(
                line, "direction", given, InputCode.NOT_ONE_OF, allowed=f"{INCOME}, {EXPENSE}"
            )
        amount_text = self._cell(cells, "amount") or ""
        amount = parse_amount(amount_text, self.mapping.decimal_char, self.mapping.group_char)
        if amount_text in MISSING:
            column = self.mapping.amount
            missing = InputProblem(
                self.file, line, column, amount_text, InputCode.MISSING_VALUE, {"field": "amount"}
            )
            (self.skipped if skip_missing_amounts else self.problems).append(missing)
            if skip_missing_amounts:
                return
        elif amount is None:
            self._problem(line, "amount", amount_text, InputCode.NOT_A_NUMBER)
        if len(self.problems) > before:
            return
        phase = self._cell(cells, "phase") or None
        values: dict[str, object] = {
            "year": year,
            "direction": direction,
            "amount": amount,
            "phase": phase,
            "phase_kind": PHASE_KINDS.get(phase.lower()) if phase else None,
            "source": Path(self.file).name,
            "line": line,
        }
        for level in ("area", "group", "product"):
            for part in ("code", "name"):
                values[f"{level}_{part}"] = self._cell(cells, f"{level}_{part}") or None
        for name, collected in self.columns.items():
            collected.append(values.get(name))


def budget_read_csv(
    path: str | Path, mapping: ColumnMapping, *, ars: str, skip_missing_amounts: bool = False
) -> BudgetTable:
    """Read a product budget CSV with an explicit column mapping (cities without a descriptor).

    ``ars`` is the municipality's Amtlicher Regionalschlüssel, passed by the caller (never
    guessed from the file). Raises InputFileError with every problem, or LimitExceeded.
    Rows without an amount are problems unless ``skip_missing_amounts``; then they are
    left out and listed in ``BudgetTable.skipped``.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "b.csv").write_text("Jahr;PB;Art;Betrag\\n2024;01;Aufwand;1.234,5\\n")
    >>> m = ColumnMapping(year="Jahr", direction="Art", amount="Betrag", area_code="PB",
    ...     delimiter=";")
    >>> budget_read_csv(folder / "b.csv", m, ars="053150000000").frame.row(0, named=True)["amount"]
    1234.5
    """
    ars = validate_ars(ars)
    path = Path(path)
    records = _records(path, mapping)
    _, header = next(records, (1, []))
    header = [name.strip() for name in header]
    fields = mapping.columns()
    missing = [(field, column) for field, column in fields.items() if column not in header]
    if missing:
        problems = [
            InputProblem(str(path), 1, column, None, InputCode.MISSING_COLUMN, {"field": field})
            for field, column in missing
        ]
        raise InputFileError(problems)
    rows = _Rows(
        str(path), mapping, {field: header.index(column) for field, column in fields.items()}
    )
    for line, cells in records:
        if cells:
            rows.add(line, cells, skip_missing_amounts)
    if rows.problems:
        raise InputFileError(rows.problems)
    rows.columns["ars"] = [ars] * len(rows.columns["year"])
    return BudgetTable(pl.DataFrame(rows.columns, schema=SCHEMA), tuple(rows.skipped))


def budget_read(
    descriptor: str | Path,
    *,
    ars: str,
    resource: str | None = None,
    ignore_currency: bool = False,
    skip_missing_amounts: bool = False,
) -> BudgetTable:
    """Read a product budget through its Fiscal Data Package descriptor (``datapackage.json``).

    ``resource`` picks one resource when the package has several (Köln: the all-years file
    or one year's file). See ``descriptor_mapping`` for the FDP features used and
    ``budget_read_csv`` for the checks and ``skip_missing_amounts``.
    """
    found = descriptor_mapping(descriptor, resource=resource, ignore_currency=ignore_currency)
    return budget_read_csv(
        found.path, found.mapping, ars=ars, skip_missing_amounts=skip_missing_amounts
    )
