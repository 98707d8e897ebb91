"""The municipal indicator kit: "SDG-Indikatoren für Kommunen" and further municipal indicators.

A third catalogue framework beside the UN and DNS indicators, built by
``scripts/build_municipal.py`` from INKAR (BBSR), the Deutschlandatlas, the regional accounts
of the Länder and localzero into ``zielwerk/data/municipal/indicators.csv``. Codes start with
``K`` (``K1.1``) so they never look like a UN or DNS code.

>>> kit = read_kit()
>>> len(kit) >= 60, all(k.code.startswith("K") for k in kit)
(True, True)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zielwerk.core.errors import InputCode, InputFileError, InputProblem
from zielwerk.core.units import load_vocabulary

FILE = "indicators.csv"
DIRECTIONS = ("increase", "decrease", "")


@dataclass(frozen=True)
class KitIndicator:
    code: str
    sort_key: str
    title_de: str
    title_en: str
    definition_de: str
    definition_en: str
    formula_de: str
    rationale_de: str
    direction: str
    unit: str
    goal: int
    targets: tuple[str, ...]
    related: tuple[str, ...]
    source: str
    source_id: str
    levels: tuple[str, ...]


def _indicator(
    row: dict[str, str], line: int, file: str, problems: list[InputProblem]
) -> KitIndicator | None:
    before = len(problems)

    def bad(field: str, code: InputCode, **params: str | int) -> None:
        problems.append(InputProblem(file, line, field, row.get(field, ""), code, params))

    code = row.get("code", "").strip()
    if not code.startswith("K"):
        bad("code", InputCode.WRONG_PREFIX, prefix="K")
    goal = row.get("goal", "").strip()
    if not goal.isdigit() or not 1 <= int(goal) <= 17:
        bad("goal", InputCode.OUT_OF_RANGE, low=1, high=17)
    if row.get("direction", "") not in DIRECTIONS:
        bad("direction", InputCode.NOT_ONE_OF, allowed="increase, decrease, –")
    if row.get("unit", "") not in load_vocabulary():
        bad("unit", InputCode.UNKNOWN_UNIT)
    if not row.get("title_de", "").strip():
        bad("title_de", InputCode.MISSING_VALUE)
    if len(problems) > before:
        return None
    return KitIndicator(
        code=code,
        sort_key=row["sort_key"].strip() or code,
        title_de=row["title_de"].strip(),
        title_en=row.get("title_en", "").strip(),
        definition_de=row.get("definition_de", "").strip(),
        definition_en=row.get("definition_en", "").strip(),
        formula_de=row.get("formula_de", "").strip(),
        rationale_de=row.get("rationale_de", "").strip(),
        direction=row.get("direction", "").strip(),
        unit=row["unit"].strip(),
        goal=int(goal),
        targets=tuple(row.get("targets", "").split()),
        related=tuple(row.get("related", "").split()),
        source=row.get("source", "").strip(),
        source_id=row.get("source_id", "").strip(),
        levels=tuple(row.get("levels", "").split()),
    )


def parse_kit(text: str, file: str = FILE) -> list[KitIndicator]:
    """Kit indicators from the CSV text; every problem is reported at once."""
    problems: list[InputProblem] = []
    kit: list[KitIndicator] = []
    seen: set[str] = set()
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        indicator = _indicator(row, line, file, problems)
        if indicator is None:
            continue
        if indicator.code in seen:
            problems.append(InputProblem(file, line, "code", indicator.code, InputCode.DUPLICATE))
        seen.add(indicator.code)
        kit.append(indicator)
    if problems:
        raise InputFileError(problems)
    return kit


def read_kit(path: Path | None = None) -> list[KitIndicator]:
    """The bundled kit (or the one at ``path``)."""
    if path is not None:
        return parse_kit(path.read_text("utf-8"), path.name)
    data = resources.files("zielwerk") / "data" / "municipal" / FILE
    return parse_kit(data.read_text("utf-8"))
