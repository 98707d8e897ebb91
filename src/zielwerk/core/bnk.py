"""The structure of the Berichtsrahmen Nachhaltige Kommune (BNK) and where indicators go in it.

Source: Rat für Nachhaltige Entwicklung, "Berichtsrahmen Nachhaltige Kommune auf Basis des
DNK", Handreichung für Kommunen, Berlin 2021 (test version), table of contents: criteria 01–09
"Steuerung" and 10–18 "Handlungsfelder" (docs/reports.md). The criteria's names are the BNK's;
the English names are Zielwerk's translations.

The BNK itself assigns no indicators to criteria. Zielwerk places each indicator in the
Handlungsfeld of its SDG target (``BY_TARGET``, e.g. 11.2 public transport → Nachhaltige
Mobilität) or else of its goal (``BY_GOAL``); this assignment is Zielwerk's, by subject, and is
stated in every BNK report's methods annex. The Steuerung criteria carry text only.

>>> [c.number for c in CRITERIA][:3], len(CRITERIA)
(['01', '02', '03'], 18)
>>> criterion_of(goal=7, targets=["7.2"])
'10'
>>> criterion_of(goal=11, targets=["11.2"]), criterion_of(goal=11, targets=["11.1"])
('12', '15')
>>> sorted({criterion_of(goal=g, targets=[]) for g in range(1, 18)})
['10', '11', '13', '14', '15', '16', '17', '18']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Criterion:
    number: str
    part: Literal["steuerung", "handlungsfeld"]
    name_de: str
    name_en: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("01", "steuerung", "Strategie", "Strategy"),
    Criterion("02", "steuerung", "Schwerpunkte", "Priorities"),
    Criterion("03", "steuerung", "Ziele und Evaluation", "Goals and evaluation"),
    Criterion("04", "steuerung", "Öffentliche Beteiligung", "Public participation"),
    Criterion("05", "steuerung", "Verantwortung", "Responsibility"),
    Criterion("06", "steuerung", "Nachhaltige Verwaltung", "Sustainable administration"),
    Criterion("07", "steuerung", "Vergabe und Beschaffung", "Procurement"),
    Criterion("08", "steuerung", "Finanzen", "Finances"),
    Criterion("09", "steuerung", "Innovation für Nachhaltigkeit", "Innovation for sustainability"),
    Criterion("10", "handlungsfeld", "Klimaschutz und Energie", "Climate protection and energy"),
    Criterion(
        "11",
        "handlungsfeld",
        "Ressourcenschutz und Klimafolgenanpassung",
        "Resource protection and climate adaptation",
    ),
    Criterion("12", "handlungsfeld", "Nachhaltige Mobilität", "Sustainable mobility"),
    Criterion("13", "handlungsfeld", "Lebenslanges Lernen", "Lifelong learning"),
    Criterion(
        "14",
        "handlungsfeld",
        "Soziale Gerechtigkeit und zukunftsfähige Gesellschaft",
        "Social justice and a society fit for the future",
    ),
    Criterion(
        "15",
        "handlungsfeld",
        "Wohnen und nachhaltige Quartiere",
        "Housing and sustainable neighbourhoods",
    ),
    Criterion(
        "16",
        "handlungsfeld",
        "Gute Arbeit und nachhaltiges Wirtschaften",
        "Decent work and sustainable business",
    ),
    Criterion(
        "17",
        "handlungsfeld",
        "Nachhaltiger Konsum und gesundes Leben",
        "Sustainable consumption and healthy living",
    ),
    Criterion(
        "18",
        "handlungsfeld",
        "Globale Verantwortung und Eine Welt",
        "Global responsibility and One World",
    ),
)
BY_NUMBER = {c.number: c for c in CRITERIA}

BY_TARGET: dict[str, str] = {
    "11.2": "12",  # safe, affordable, accessible transport systems
    "3.6": "12",  # road traffic deaths and injuries
    "9.1": "12",  # infrastructure
    "11.1": "15",  # housing
    "11.3": "15",  # settlement planning
    "11.7": "15",  # green and public spaces
    "11.6": "11",  # air quality and waste of cities
    "11.5": "11",  # disasters (heavy rain, floods)
    "12.2": "11",  # use of natural resources
    "12.5": "11",  # waste
}
BY_GOAL: dict[int, str] = {
    1: "14",
    2: "17",
    3: "17",
    4: "13",
    5: "14",
    6: "11",
    7: "10",
    8: "16",
    9: "16",
    10: "14",
    11: "15",
    12: "17",
    13: "10",
    14: "11",
    15: "11",
    16: "14",
    17: "18",
}


def criterion_of(*, goal: int, targets: Iterable[str]) -> str:
    """The Handlungsfeld (``"10"`` … ``"18"``) of an indicator with this goal and targets."""
    for target in targets:
        if target in BY_TARGET:
            return BY_TARGET[target]
    return BY_GOAL[goal]
