"""Response schemas of the public API (titles in German and English)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class GoalOut(Schema):
    number: int
    code: str
    short_de: str
    short_en: str
    title_de: str
    title_en: str


class TargetOut(Schema):
    code: str
    goal: int
    title_de: str
    title_en: str


class IndicatorOut(Schema):
    code: str
    framework: str
    goal: int
    targets: list[str]
    title_de: str
    title_en: str
    unit: str
    direction: str


class IndicatorDetail(IndicatorOut):
    definition_de: str
    definition_en: str
    un_indicators: list[str]
    dns_indicators: list[str]
    observation_count: int


class RegionOut(Schema):
    ars: str
    ags: str
    name: str
    kind: str
    level: str
    parent: str | None
    population: int | None
    area_ha: int | None


class RegionDetail(RegionOut):
    ancestors: list[RegionOut]
    children: list[RegionOut]
    outline: dict[str, Any] | None


class ObservationOut(Schema):
    indicator: str
    region: str
    series: str
    year: int
    period: str
    value: float
    unit: str
    flags: str


class ObservationPageOut(Schema):
    count: int
    next_cursor: str | None
    next: str | None
    results: list[ObservationOut]


class ErrorOut(Schema):
    detail: str
