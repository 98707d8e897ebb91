"""Spreadsheet exports that cannot carry formulas (CSV/formula injection, OWASP).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by Excel or LibreOffice; such cells get a leading apostrophe. Plain
numbers (``-3.5``) stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from zielwerk.core.formulas import cell_safe as spreadsheet_safe


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


def audit_table(lines: Iterable[Any]) -> tuple[list[str], Iterable[tuple[str, ...]]]:
    """Header and rows of the audit trail download: the words of the page, each next to the
    code it was made from (action, indicator, region, subject, old and new value as stored),
    so a spreadsheet can filter by code. ``lines`` are ``selectors.AuditLine``s."""
    from .selectors import actor_name

    header = [
        _("Zeitpunkt"),
        _("Person"),
        _("Aktion"),
        _("Aktion (Code)"),
        _("Indikator"),
        _("Indikator (Code)"),
        _("Region"),
        _("Region (ARS)"),
        _("Gegenstand"),
        _("Gegenstand (Code)"),
        _("bisher"),
        _("bisher (Code)"),
        _("neu"),
        _("neu (Code)"),
        _("Quelle"),
    ]
    rows = (
        (
            line.at.isoformat(timespec="seconds"),
            actor_name(line.user),
            line.get_action_display(),
            line.action,
            line.indicator,
            line.indicator_code,
            line.region,
            line.region_code,
            line.what,
            line.subject,
            line.before,
            line.old_value,
            line.after,
            line.new_value,
            line.source,
        )
        for line in lines
    )
    return header, rows
