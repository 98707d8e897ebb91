"""The JSON rows of a write request as a tidy observations CSV, so that they go through
exactly the checks of a file upload (the import service decides what a valid value is)."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from django.utils.translation import gettext as _

from zielwerk.workspace.services.submissions import SubmissionRejected
from zielwerk.workspace.services.uploads import CellProblem

FIELDS = ("indicator", "region", "series", "year", "value", "unit", "flag")
REQUIRED = ("indicator", "region", "year", "value")
EXPECTED = "expected_value"
"""Optional per row: the value the client last saw (``null``: none)."""
ALLOWED = (*FIELDS, EXPECTED)


def _cell(value: Any) -> str | None:
    """The text of a JSON value in a CSV cell; None for what a cell cannot hold."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return repr(value) if isinstance(value, float) else str(value)


def _row_problems(line: int, row: Any) -> list[CellProblem]:
    place = _("Zeile %(row)s") % {"row": line - 1}
    if not isinstance(row, dict):
        reason = _("Eine Zeile muss ein JSON-Objekt sein.")
        return [CellProblem(f"{place}: {reason}", reason, line)]
    found: list[CellProblem] = []
    for name in sorted(set(row) - set(ALLOWED), key=str):
        reason = _("Unbekanntes Feld; erlaubt: %(fields)s") % {"fields": ", ".join(ALLOWED)}
        found.append(CellProblem(f"{place}: {reason}", reason, line, str(name)))
    for name in REQUIRED:
        if row.get(name) in (None, ""):
            reason = _("Pflichtfeld fehlt oder ist leer.")
            found.append(CellProblem(f"{place}: {reason}", reason, line, name))
    for name in FIELDS:
        if name in row and _cell(row[name]) is None:
            reason = _("Erwartet wird Text oder eine Zahl.")
            found.append(CellProblem(f"{place}: {reason}", reason, line, name, str(row[name])))
    expected = row.get(EXPECTED)
    if expected is not None and (
        isinstance(expected, bool)
        or not isinstance(expected, (int, float))
        or not math.isfinite(expected)
    ):
        reason = _("Erwartet wird eine Zahl oder null.")
        found.append(CellProblem(f"{place}: {reason}", reason, line, EXPECTED, str(expected)))
    return found


def json_row_expectations(data: Any) -> dict[int, float | None]:
    """The ``expected_value`` of the rows that have one, by CSV line (row n: line n + 1).

    >>> json_row_expectations([{"value": 1}, {"value": 2, "expected_value": 1.5},
    ...                        {"value": 3, "expected_value": None}])
    {3: 1.5, 4: None}
    """
    if not isinstance(data, list):
        return {}
    return {
        line: None if row[EXPECTED] is None else float(row[EXPECTED])
        for line, row in enumerate(data, start=2)
        if isinstance(row, dict) and EXPECTED in row
    }


def json_rows_csv(data: Any) -> bytes:
    """A tidy CSV of the rows (row n is line n + 1); ``SubmissionRejected`` with every
    problem when the rows do not have the shape of observations.

    >>> json_rows_csv([{"indicator": "7.2.a", "region": "05154", "year": 2023, "value": 2.5}])
    b'indicator,region,series,year,value,unit,flag\\n7.2.a,05154,,2023,2.5,,\\n'
    """
    if not isinstance(data, list):
        reason = _("Erwartet wird eine JSON-Liste von Zeilen.")
        raise SubmissionRejected([CellProblem(reason, reason)])
    problems: list[CellProblem] = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for line, row in enumerate(data, start=2):
        found = _row_problems(line, row)
        problems += found
        if not found:
            writer.writerow([_cell(row.get(name)) for name in FIELDS])
    if problems:
        raise SubmissionRejected(problems)
    return out.getvalue().encode()
