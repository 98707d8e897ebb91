"""The bundled indicator catalogue: reading and checking its package data files.

The catalogue is built from the published sources by ``scripts/build_catalogue.py`` (see
docs/catalogue.md) into plain files under ``zielwerk/data/catalogue``:

- ``goals.csv``, ``targets.csv``, ``un_indicators.csv`` – the UN framework (17 goals,
  169 targets, 248 indicator entries) with German and English titles;
- ``dns_indicators.json`` – the indicators of the German Sustainability Strategy (DNS);
- ``dns_published_targets.csv`` and ``dns_published_weather.csv`` – the weather symbols
  published by Destatis, kept as reference data.

This module turns those files into frozen dataclasses and refuses inconsistent files with an
``InputFileError`` naming file, line and column. It also holds the small text helpers the build
script shares (front matter, HTML clean-up, weather symbol codes).
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from zielwerk.core.errors import InputCode, InputFileError, InputProblem
from zielwerk.core.limits import LimitExceeded, yaml_load

WEATHER_SYMBOLS: Mapping[str, str] = {
    "Sonne": "sun",
    "Leicht bewölkt": "sun_cloud",
    "Wolke": "cloud",
    "Blitz": "thunderstorm",
    "Gewitter": "thunderstorm",
    "Keine": "not_assessed",
    "Ende": "ended",
    "Bewertung ausgesetzt": "suspended",
    "Assessment suspended": "suspended",
}
"""Published weather symbol texts (German, as in the DNS metadata) and their codes."""

WEATHER_CODES = ("sun", "sun_cloud", "cloud", "thunderstorm", "not_assessed", "ended", "suspended")
CATEGORIES = ("normal", "old", "new")

UN_INDICATOR_CODE = re.compile(r"^(\d{1,2})\.([0-9]{1,2}|[a-z])\.(\d{1,2})$")
TARGET_CODE = re.compile(r"^(\d{1,2})\.([0-9]{1,2}|[a-z])$")
DNS_INDICATOR_CODE = re.compile(r"^(\d{1,2})\.(\d{1,2})(\.[a-z]{1,2})?$")
_FRONT_MATTER = re.compile(r"\A\s*---[^\n]*\n(.*?)\n---", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class GoalRecord:
    number: int
    short_de: str
    title_de: str
    short_en: str
    title_en: str


@dataclass(frozen=True)
class TargetRecord:
    code: str
    goal: int
    title_de: str
    title_en: str


@dataclass(frozen=True)
class UnIndicatorRecord:
    """One indicator entry of the UN framework (a repeated indicator has one entry per target)."""

    code: str
    target: str
    unsd_code: str
    title_de: str
    title_en: str
    title_de_source: str


@dataclass(frozen=True)
class DnsIndicatorRecord:
    """One DNS indicator as assessed (``7.2.a``, ``12.1.ba``) with its own weather symbol.

    ``sheet`` is the published page (Indikatorenblatt) that describes it; one page may
    describe several indicators (``1-1-ab`` for 1.1.a and 1.1.b).
    """

    code: str
    sheet: str
    goal: int
    title_de: str
    title_en: str
    definition_de: str
    definition_en: str
    unit: str
    section_de: str
    section_en: str
    postulate_de: str
    postulate_en: str
    postulate_id: str
    political_target_de: str
    political_target_en: str
    target_type_de: str
    target_type_en: str
    un_indicators: tuple[str, ...]


@dataclass(frozen=True)
class PublishedTargetRecord:
    """A target as published with weather symbols (``number`` counts within the indicator)."""

    indicator: str
    number: int
    text_de: str
    text_en: str
    category: str
    target_year: int | None
    valid_from: int | None
    valid_until: int | None
    note_de: str
    note_en: str


@dataclass(frozen=True)
class PublishedWeatherRecord:
    """One published weather symbol: for a target and a reporting year."""

    indicator: str
    target_number: int
    position: str
    year: int | None
    symbol: str
    symbol_text: str
    explanation_de: str
    explanation_en: str
    valid: bool


@dataclass(frozen=True)
class Catalogue:
    goals: tuple[GoalRecord, ...]
    targets: tuple[TargetRecord, ...]
    un_indicators: tuple[UnIndicatorRecord, ...]
    dns_indicators: tuple[DnsIndicatorRecord, ...]
    published_targets: tuple[PublishedTargetRecord, ...]
    published_weather: tuple[PublishedWeatherRecord, ...]


def sort_key(code: str) -> str:
    """A key that sorts codes as people expect: numbers numerically, letters after numbers.

    >>> sorted(["1.10", "1.a", "1.2"], key=sort_key)
    ['1.2', '1.10', '1.a']
    """
    return ".".join(part.zfill(2) if part.isdigit() else part for part in code.split("."))


def clean_text(value: object) -> str:
    """Plain text from a metadata value: entities decoded, ``<br>`` as line break, no tags.

    >>> clean_text("Anstieg auf 41&nbsp;% bis 2030<br>und <b>mehr</b>")
    'Anstieg auf 41 % bis 2030\\nund mehr'
    """
    if value is None:
        return ""
    text = _BREAK.sub("\n", str(value))
    text = html.unescape(_TAG.sub("", text))
    text = text.replace("\xa0", " ").replace("\u2011", "-")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def front_matter(text: str, *, file: str = "<meta>") -> dict[str, Any]:
    """The YAML front matter of an Open SDG metadata page as a dict."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise InputFileError([InputProblem(file, 1, None, None, InputCode.NO_FRONT_MATTER)])
    try:
        data = yaml_load(match.group(1))
    except LimitExceeded as exc:  # aliases ("billion laughs"), size: refused before loading
        detail = f"limit {exc.limit} = {exc.value}"
        problem = InputProblem(file, None, None, None, InputCode.YAML_ERROR, {"detail": detail})
        raise InputFileError([problem]) from exc
    except yaml.YAMLError as exc:
        problem = InputProblem(file, None, None, None, InputCode.YAML_ERROR, {"detail": str(exc)})
        raise InputFileError([problem]) from exc
    return data if isinstance(data, dict) else {}


def weather_symbol_code(text: str) -> str:
    """The code of a published weather symbol text.

    >>> weather_symbol_code("Leicht bewölkt")
    'sun_cloud'
    """
    try:
        return WEATHER_SYMBOLS[text.strip()]
    except KeyError:
        raise ValueError(text) from None


def text_for_code(text: str, code: str) -> str:
    """From a multi-indicator text (``1.1.a: …\\n1.1.b: …``) the lines that concern ``code``.

    A line for exactly ``code`` loses its prefix; lines for a component of ``code``
    (``12.1.ba`` of ``12.1.b``) keep it; lines without a prefix concern every code.

    >>> text_for_code("1.1.a: unter EU-Schnitt\\n1.1.b: halbieren", "1.1.b")
    'halbieren'
    """
    kept = []
    for line in text.split("\n"):
        match = re.match(r"^(\d{1,2}\.\d{1,2}\.[a-z]+):\s*(.*)$", line)
        if match is None:
            kept.append(line)
        elif match.group(1) == code:
            kept.append(match.group(2))
        elif match.group(1).startswith(code):
            kept.append(line)
    return "\n".join(kept)


def read_catalogue(directory: str | Path) -> Catalogue:
    """Read and check the catalogue package data in ``directory``.

    Raises ``InputFileError`` listing every problem: unreadable rows, malformed or duplicate
    codes, a target of an unknown goal, an indicator of an unknown target, a DNS link to an
    unknown UN indicator, an unknown weather symbol.

    >>> from importlib.resources import files
    >>> cat = read_catalogue(files("zielwerk") / "data" / "catalogue")
    >>> len(cat.goals), len(cat.targets), len(cat.un_indicators)
    (17, 169, 248)
    """
    base = Path(str(directory))
    problems: list[InputProblem] = []
    catalogue = Catalogue(
        goals=_read_csv(base / "goals.csv", _goal, problems),
        targets=_read_csv(base / "targets.csv", _target, problems),
        un_indicators=_read_csv(base / "un_indicators.csv", _un_indicator, problems),
        dns_indicators=_read_dns(base / "dns_indicators.json", problems),
        published_targets=_read_csv(base / "dns_published_targets.csv", _published, problems),
        published_weather=_read_csv(base / "dns_published_weather.csv", _weather, problems),
    )
    if not problems:
        problems.extend(_check(catalogue, base))
    if problems:
        raise InputFileError(problems)
    return catalogue


_Record = TypeVar("_Record")


def _read_csv(
    path: Path, make: Callable[[dict[str, str]], _Record], problems: list[InputProblem]
) -> tuple[_Record, ...]:
    records: list[_Record] = []
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        problems.append(_unreadable(path, exc))
        return ()
    with handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                records.append(make({k: (v or "") for k, v in row.items() if k is not None}))
            except KeyError as exc:
                problems.append(
                    InputProblem(str(path), line, str(exc.args[0]), None, InputCode.MISSING_VALUE)
                )
            except ValueError as exc:
                detail = {"detail": str(exc)}
                problems.append(
                    InputProblem(str(path), line, None, None, InputCode.MALFORMED_VALUE, detail)
                )
    return tuple(records)


def _unreadable(path: Path, exc: Exception) -> InputProblem:
    return InputProblem(str(path), None, None, None, InputCode.UNREADABLE, {"detail": str(exc)})


def _read_dns(path: Path, problems: list[InputProblem]) -> tuple[DnsIndicatorRecord, ...]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(_unreadable(path, exc))
        return ()
    records = []
    for number, item in enumerate(items, start=1):
        try:
            records.append(
                DnsIndicatorRecord(**{**item, "un_indicators": tuple(item["un_indicators"])})
            )
        except (KeyError, TypeError) as exc:
            params: dict[str, str | int] = {"entry": number, "detail": str(exc)}
            problems.append(
                InputProblem(str(path), None, None, None, InputCode.MALFORMED_ENTRY, params)
            )
    return tuple(records)


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _goal(row: dict[str, str]) -> GoalRecord:
    return GoalRecord(
        int(row["number"]), row["short_de"], row["title_de"], row["short_en"], row["title_en"]
    )


def _target(row: dict[str, str]) -> TargetRecord:
    return TargetRecord(row["code"], int(row["goal"]), row["title_de"], row["title_en"])


def _un_indicator(row: dict[str, str]) -> UnIndicatorRecord:
    return UnIndicatorRecord(
        row["code"],
        row["target"],
        row["unsd_code"],
        row["title_de"],
        row["title_en"],
        row["title_de_source"],
    )


def _published(row: dict[str, str]) -> PublishedTargetRecord:
    return PublishedTargetRecord(
        indicator=row["indicator"],
        number=int(row["number"]),
        text_de=row["text_de"],
        text_en=row["text_en"],
        category=row["category"],
        target_year=_int(row["target_year"]),
        valid_from=_int(row["valid_from"]),
        valid_until=_int(row["valid_until"]),
        note_de=row["note_de"],
        note_en=row["note_en"],
    )


def _weather(row: dict[str, str]) -> PublishedWeatherRecord:
    return PublishedWeatherRecord(
        indicator=row["indicator"],
        target_number=int(row["target_number"]),
        position=row["position"],
        year=_int(row["year"]),
        symbol=row["symbol"],
        symbol_text=row["symbol_text"],
        explanation_de=row["explanation_de"],
        explanation_en=row["explanation_en"],
        valid=row["valid"] == "true",
    )


def _check(cat: Catalogue, base: Path) -> list[InputProblem]:
    """Cross-file consistency: every reference resolves, every code is well-formed and unique."""
    problems: list[InputProblem] = []

    def fail(file: str, column: str, value: str, code: InputCode) -> None:
        problems.append(InputProblem(str(base / file), None, column, value, code))

    goals = {g.number for g in cat.goals}
    targets = {t.code for t in cat.targets}
    un_codes = {i.code for i in cat.un_indicators}
    for file, codes in (
        ("goals.csv", [str(g.number) for g in cat.goals]),
        ("targets.csv", [t.code for t in cat.targets]),
        ("un_indicators.csv", [i.code for i in cat.un_indicators]),
        ("dns_indicators.json", [i.code for i in cat.dns_indicators]),
    ):
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            fail(file, "code", code, InputCode.DUPLICATE)
    for t in cat.targets:
        if not TARGET_CODE.match(t.code) or t.code.split(".")[0] != str(t.goal):
            fail("targets.csv", "code", t.code, InputCode.NOT_A_TARGET_CODE)
        if t.goal not in goals:
            fail("targets.csv", "goal", str(t.goal), InputCode.UNKNOWN_GOAL)
    for i in cat.un_indicators:
        if not UN_INDICATOR_CODE.match(i.code) or not i.code.startswith(i.target + "."):
            fail("un_indicators.csv", "code", i.code, InputCode.NOT_AN_INDICATOR_CODE)
        if i.target not in targets:
            fail("un_indicators.csv", "target", i.target, InputCode.UNKNOWN_TARGET)
    problems.extend(_check_dns(cat, base, un_codes))
    return problems


def _check_dns(cat: Catalogue, base: Path, un_codes: set[str]) -> list[InputProblem]:
    problems: list[InputProblem] = []

    def fail(file: str, column: str, value: str, code: InputCode) -> None:
        problems.append(InputProblem(str(base / file), None, column, value, code))

    dns_codes = {i.code for i in cat.dns_indicators}
    for d in cat.dns_indicators:
        if not DNS_INDICATOR_CODE.match(d.code) or d.code.split(".")[0] != str(d.goal):
            fail("dns_indicators.json", "code", d.code, InputCode.NOT_AN_INDICATOR_CODE)
        for link in d.un_indicators:
            if link not in un_codes:
                fail("dns_indicators.json", "un_indicators", link, InputCode.UNKNOWN_INDICATOR)
    published = {(p.indicator, p.number) for p in cat.published_targets}
    for p in cat.published_targets:
        if p.indicator not in dns_codes:
            fail("dns_published_targets.csv", "indicator", p.indicator, InputCode.UNKNOWN_INDICATOR)
        if p.category not in CATEGORIES:
            fail("dns_published_targets.csv", "category", p.category, InputCode.UNKNOWN_CATEGORY)
    for w in cat.published_weather:
        if (w.indicator, w.target_number) not in published:
            fail(
                "dns_published_weather.csv",
                "target_number",
                str(w.target_number),
                InputCode.NO_SUCH_TARGET,
            )
        if w.symbol not in WEATHER_CODES:
            fail("dns_published_weather.csv", "symbol", w.symbol, InputCode.UNKNOWN_WEATHER)
    return problems
