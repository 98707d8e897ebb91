"""Targets: the machine-readable form of a political target, and the targets file.

The targets file is a stable contract (docs/cli.md): CSV with the columns
``indicator,region,series,kind,direction,target_value,target_year,base_year,limit``.
``kind`` is ``year`` (value by a target year), ``annual`` (to be met every year) or
``direction`` (increase/decrease only). Empty ``region`` or ``series`` means "applies to all".
Further columns (e.g. ``label``) are allowed and kept as text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import polars as pl

from zielwerk.core.errors import InputCode, InputFileError, InputProblem, read_utf8

TargetKind = Literal["year", "annual", "direction"]
Direction = Literal["increase", "decrease"]

KINDS: tuple[TargetKind, ...] = ("year", "annual", "direction")
DIRECTIONS: tuple[Direction, ...] = ("increase", "decrease")
REQUIRED_COLUMNS = ("indicator", "kind")
TARGET_SCHEMA: dict[str, type[pl.DataType]] = {
    "indicator": pl.String,
    "region": pl.String,
    "series": pl.String,
    "kind": pl.String,
    "direction": pl.String,
    "target_value": pl.Float64,
    "target_year": pl.Int32,
    "base_year": pl.Int32,
    "limit": pl.Float64,
}
CONTRACT_COLUMNS = (
    "indicator",
    "region",
    "series",
    "kind",
    "direction",
    "target_value",
    "target_year",
    "base_year",
    "limit",
)


@dataclass(frozen=True)
class TargetSpec:
    """One target on an indicator (optionally only for one region or series).

    >>> TargetSpec(indicator="7.2.a", kind="year", direction="increase",
    ...            target_value=41.0, target_year=2030).applies_to("010000000000", "")
    True
    """

    indicator: str
    kind: TargetKind
    direction: Direction | None = None
    target_value: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    limit: float | None = None
    region: str = ""
    series: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def applies_to(self, region: str, series: str) -> bool:
        """Whether this target covers a series (empty region/series = all)."""
        return (not self.region or self.region == region) and (
            not self.series or self.series == series
        )


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


def _row_to_target(
    row: Mapping[str, str], file: str, line: int
) -> tuple[TargetSpec | None, list[InputProblem]]:
    problems: list[InputProblem] = []

    def problem(column: str, code: InputCode, **params: str) -> None:
        problems.append(InputProblem(file, line, column, row.get(column, ""), code, params))

    def number(column: str, integer: bool) -> float | int | None:
        text = (row.get(column) or "").strip()
        if not text:
            return None
        try:
            return int(text) if integer else _parse_float(text)
        except ValueError:
            problem(column, InputCode.NOT_AN_INTEGER if integer else InputCode.NOT_A_NUMBER)
            return None

    indicator = (row.get("indicator") or "").strip()
    if not indicator:
        problem("indicator", InputCode.MISSING_VALUE)
    kind = (row.get("kind") or "").strip()
    if kind not in KINDS:
        problem("kind", InputCode.NOT_ONE_OF, allowed=", ".join(KINDS))
    direction = (row.get("direction") or "").strip() or None
    if direction is not None and direction not in DIRECTIONS:
        problem("direction", InputCode.NOT_ONE_OF, allowed=", ".join(DIRECTIONS))
    value = number("target_value", integer=False)
    year = number("target_year", integer=True)
    base_year = number("base_year", integer=True)
    limit = number("limit", integer=False)
    if kind in ("year", "annual") and value is None and not _has(problems, "target_value"):
        problem("target_value", InputCode.MISSING_FOR_KIND, kinds="year, annual")
    if kind == "year" and year is None and not _has(problems, "target_year"):
        problem("target_year", InputCode.MISSING_FOR_KIND, kinds="year")
    if kind in ("annual", "direction") and direction is None and not _has(problems, "direction"):
        problem("direction", InputCode.MISSING_FOR_KIND, kinds="annual, direction")
    if problems:
        return None, problems
    extra = {k: v for k, v in row.items() if k not in CONTRACT_COLUMNS and k and v}
    spec = TargetSpec(
        indicator=indicator,
        kind=cast(TargetKind, kind),
        direction=cast(Direction | None, direction),
        target_value=None if value is None else float(value),
        target_year=None if year is None else int(year),
        base_year=None if base_year is None else int(base_year),
        limit=None if limit is None else float(limit),
        region=(row.get("region") or "").strip(),
        series=(row.get("series") or "").strip(),
        extra=extra,
    )
    return spec, []


def _has(problems: Iterable[InputProblem], column: str) -> bool:
    return any(p.column == column for p in problems)


def parse_targets(text: str, *, file: str = "<targets>") -> list[TargetSpec]:
    """Parse a targets CSV; raise InputFileError listing every problem (file, line, column).

    >>> specs = parse_targets("indicator,kind,direction,target_value,target_year\\n"
    ...                       "7.2.a,year,increase,41,2030\\n")
    >>> specs[0].target_value, specs[0].target_year
    (41.0, 2030)
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputFileError(
            InputProblem(file, 1, c, None, InputCode.MISSING_COLUMN) for c in missing
        )
    reader.fieldnames = header
    specs: list[TargetSpec] = []
    problems: list[InputProblem] = []
    for line, row in enumerate(reader, start=2):
        clean = {k: (v or "") for k, v in row.items() if k is not None}
        if not any(v.strip() for v in clean.values()):
            continue
        spec, row_problems = _row_to_target(clean, file, line)
        problems.extend(row_problems)
        if spec is not None:
            specs.append(spec)
    if problems:
        raise InputFileError(problems)
    return specs


def read_targets(path: str | Path) -> list[TargetSpec]:
    """Read a targets file (UTF-8 CSV, with or without byte-order mark)."""
    return parse_targets(read_utf8(path), file=str(path))


def targets_frame(specs: Iterable[TargetSpec]) -> pl.DataFrame:
    """The targets as a polars frame with the contract columns, for vectorised methods."""
    rows = [
        {
            "indicator": s.indicator,
            "region": s.region,
            "series": s.series,
            "kind": s.kind,
            "direction": s.direction,
            "target_value": s.target_value,
            "target_year": s.target_year,
            "base_year": s.base_year,
            "limit": s.limit,
        }
        for s in specs
    ]
    return pl.DataFrame(rows, schema=TARGET_SCHEMA)
