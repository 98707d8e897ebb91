"""Column names of the tidy format, in English and German.

Each field of a tidy file may be headed by its English name or a German alias, in any case
and with surrounding spaces (``" Indikator "`` is ``indicator``). A region may be given as
``region``/``Region``/``Gebiet``/``ARS`` (any region code, see ``regions``) or as ``AGS``:
an AGS column holds only 8-digit Gemeinde keys, which the import maps to the ARS through the
region table. Two columns feeding the same field (``region`` and ``Region``, or ``Gebiet``
and ``AGS``) are refused: which one holds the data would be a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .problems import Problem, ProblemCode

ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "indikator"),
    "region": ("region", "gebiet", "ars", "ags"),
    "series": ("series", "reihe"),
    "year": ("year", "jahr"),
    "value": ("value", "wert"),
    "unit": ("unit", "einheit"),
    "flag": ("flag", "kennzeichen"),
    "source": ("source", "quelle"),
}
"""Field → accepted column names (lower case); the first is the English name."""

GERMAN: dict[str, str] = {
    "indicator": "Indikator",
    "region": "Region",
    "series": "Reihe",
    "year": "Jahr",
    "value": "Wert",
    "unit": "Einheit",
    "flag": "Kennzeichen",
    "source": "Quelle",
}
"""Field → the German column name written in templates."""

AGS_COLUMN = "ags"
_RENAMED = re.compile(r"^(.+?)_(?:duplicated_)?\d+$")
_FIELD_OF_NAME = {name: field for field, names in ALIASES.items() for name in names}


@dataclass(frozen=True)
class Header:
    """Which column of a file feeds which field (columns as written in the file)."""

    columns: dict[str, str]
    """Field → the column as written in the file."""

    def is_ags(self) -> bool:
        """Whether the region column is an AGS column (only 8-digit Gemeinde keys)."""
        column = self.columns.get("region")
        return column is not None and column.strip().lower() == AGS_COLUMN


def field_of(column: str) -> str | None:
    """The field a column name feeds, or ``None`` for a column the format ignores.

    >>> field_of(" Indikator "), field_of("WERT"), field_of("AGS"), field_of("Bemerkung")
    ('indicator', 'value', 'region', None)
    """
    return _FIELD_OF_NAME.get(column.strip().lower())


def header_map(columns: Iterable[str], file: str) -> Header | Problem:
    """Map a file's columns to fields; a field fed by two columns is a problem.

    >>> header_map(["Indikator", "AGS", "Jahr", "Wert", "Notiz"], "x.csv").columns
    {'indicator': 'Indikator', 'region': 'AGS', 'year': 'Jahr', 'value': 'Wert'}
    >>> problem = header_map(["indicator", "region", "Region"], "x.csv")
    >>> problem.code.value, problem.line, problem.column, problem.detail
    ('duplicate_column', 1, 'Region', 'region')
    >>> header_map(["year", "value", "year_duplicated_0"], "x.csv").code.value
    'duplicate_column'
    """
    found: dict[str, str] = {}
    seen: set[str] = set()
    for column in columns:
        field = field_of(column)
        renamed = _RENAMED.match(column)
        if field is None and renamed and renamed.group(1) in seen and field_of(renamed.group(1)):
            # The readers rename a repeated name (``region_duplicated_0``, ``region_1``).
            base = renamed.group(1)
            return Problem(ProblemCode.DUPLICATE_COLUMN, file, 1, base, field_of(base), detail=base)
        seen.add(column)
        if field is None:
            continue
        if field in found:
            return Problem(
                ProblemCode.DUPLICATE_COLUMN, file, 1, column, field, detail=found[field]
            )
        found[field] = column
    return Header(found)
