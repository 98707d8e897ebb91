"""Spreadsheet exports that cannot carry formulas (CSV/formula injection, OWASP).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by Excel or LibreOffice; such cells get a leading apostrophe. Plain
numbers (``-3.5``) stay as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def spreadsheet_safe(value: object) -> str:
    """The cell text, neutralised if a spreadsheet would read it as a formula.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("-3.5")
    ('\\'=HYPERLINK("http://x")', '-3.5')
    """
    text = "" if value is None else str(value)
    if text.startswith(_TRIGGERS) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with byte-order mark (Excel reads umlauts), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One worksheet; every cell written as text (never as a formula), neutralised."""
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Protokoll")
    for col, name in enumerate(header):
        sheet.write_string(0, col, spreadsheet_safe(name))
    for line, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(line, col, spreadsheet_safe(value))
    workbook.close()
    return buffer.getvalue()
