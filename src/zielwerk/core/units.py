"""The controlled unit vocabulary: one code per unit, a German and an English label.

Observations, indicators and targets store unit *codes* (``percent``, ``index_1990``,
``t_co2e_per_inhabitant``). Sources spell units in many ways ("percentage", "Prozent",
"1990 = 100"); ``UnitVocabulary.code_for`` maps every known spelling to its code, and
pages show ``label(code, language)``, so a German page never shows an English unit string.
The vocabulary lives in ``zielwerk/data/units/units.csv`` (``code,label_de,label_en,
spellings``; spellings separated by ``|``, matched case-insensitively).

A compound unit (an indicator measured in several units) is written as codes joined by
``;``.

>>> vocabulary = load_vocabulary()
>>> vocabulary.code_for("percentage"), vocabulary.code_for(" 1990 = 100 ")
('percent', 'index_1990')
>>> vocabulary.label("index_1990", "de"), vocabulary.label("per_100000_inhabitants", "en")
('Index 1990 = 100', 'per 100,000 inhabitants')
>>> vocabulary.code_for("2000 = 100; inhabitants per km² settlement and transport area")
'index_2000;inhabitants_per_km2_settlement_area'
>>> vocabulary.code_for("furlongs per fortnight") is None
True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

SEPARATOR = ";"


@dataclass(frozen=True)
class Unit:
    code: str
    label_de: str
    label_en: str

    def label(self, language: str) -> str:
        """The label in ``language`` (``de`` or ``en``; German for anything else)."""
        return self.label_en if language.startswith("en") else self.label_de


def _fold(text: str) -> str:
    return " ".join(text.strip().strip("'\"").strip().lower().split())


class UnitVocabulary:
    """Unit codes with their labels and the source spellings that mean them."""

    def __init__(self, units: Iterable[Unit], spellings: Mapping[str, str]) -> None:
        self.units = {unit.code: unit for unit in units}
        self._spellings = {_fold(text): code for text, code in spellings.items()}
        for unit in self.units.values():
            for text in (unit.code, unit.label_de, unit.label_en):
                self._spellings.setdefault(_fold(text), unit.code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.units

    def code_for(self, text: str) -> str | None:
        """The code of a unit as written in a source; ``""`` for no unit, None if unknown."""
        if not text.strip():
            return ""
        whole = self._spellings.get(_fold(text))
        if whole is not None:
            return whole
        parts = [self._spellings.get(_fold(part)) for part in text.split(SEPARATOR)]
        if len(parts) > 1 and all(parts):
            return SEPARATOR.join(dict.fromkeys(p for p in parts if p))
        return None

    def label(self, code: str, language: str) -> str:
        """The label of a (possibly compound) code; an unknown code is shown as it is."""
        labels = []
        for part in code.split(SEPARATOR) if code else []:
            unit = self.units.get(part)
            labels.append(unit.label(language) if unit else part)
        return "; ".join(labels)


def read_vocabulary(text: str) -> UnitVocabulary:
    """A vocabulary from the CSV text of ``units.csv``."""
    units, spellings = [], {}
    for row in csv.DictReader(io.StringIO(text)):
        unit = Unit(row["code"].strip(), row["label_de"].strip(), row["label_en"].strip())
        units.append(unit)
        for spelling in (row.get("spellings") or "").split("|"):
            if spelling.strip():
                spellings[spelling] = unit.code
    return UnitVocabulary(units, spellings)


@cache
def load_vocabulary(path: Path | None = None) -> UnitVocabulary:
    """The vocabulary shipped with Zielwerk (or read from ``path``), read once."""
    if path is not None:
        return read_vocabulary(path.read_text("utf-8"))
    data = resources.files("zielwerk") / "data" / "units" / "units.csv"
    return read_vocabulary(data.read_text("utf-8"))
