"""GENESIS "flat" CSV exports (Destatis, Regionalstatistik, Zensus) mapped by a YAML file.

A flat export has one value per line, ``;``-separated with a byte-order mark, the region
key (12-digit ARS, or ``DG`` for Germany) in ``1_variable_attribute_code``. The mapping file
says which indicator the values belong to and where year, unit and disaggregations are
(example: docs/examples/zensus-2022-bevoelkerung.yaml)::

    indicator: bev.zensus          # catalogue code (required)
    value_column: value            # default "value"
    region_column: 1_variable_attribute_code   # default
    year_column: time              # a year or a date (2022-05-15); or instead:
    year: 2022                     # a fixed year
    unit: Personen                 # fixed unit; or unit_column: value_unit
    series: {}                     # series key -> column, e.g. {sex: 2_variable_attribute_label}
    flag_column: value_q           # quality column; "e" (final) means no flag
    filter: {}                     # column -> value or list of values to keep
    unknown_regions: error         # or "skip" (regions missing from the region table)
    encoding: utf-8                # e.g. latin-1 for older exports
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from ..limits import LimitExceeded, yaml_load
from .problems import Problem, ProblemCode, ProblemLog, Skip, SkipCode, limit_problem
from .result import ReadResult, failed
from .series import SeriesKeyError, series_key
from .table import read_delimited
from .text import decode
from .validate import MISSING_SIGNS, formula_problems, validate

_FINAL = {"e", ""}


@dataclass(frozen=True)
class GenesisMapping:
    """How the columns of a GENESIS flat file become observations."""

    indicator: str
    value_column: str = "value"
    region_column: str = "1_variable_attribute_code"
    year_column: str = "time"
    year: int | None = None
    unit: str = ""
    unit_column: str = ""
    series: dict[str, str] = field(default_factory=dict)
    flag_column: str = ""
    filter: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unknown_regions: str = "error"
    encoding: str = "utf-8"
    delimiter: str = ";"


def _text(raw: dict[str, Any], key: str, default: str = "") -> str:
    value = raw.get(key, default)
    return "" if value is None else str(value).strip()


def _mapping_fields(raw: dict[str, Any]) -> dict[str, Any]:
    year = raw.get("year")
    return {
        "indicator": _text(raw, "indicator"),
        "value_column": _text(raw, "value_column", "value"),
        "region_column": _text(raw, "region_column", "1_variable_attribute_code"),
        "year_column": _text(raw, "year_column", "" if year else "time"),
        "year": int(year) if year is not None else None,
        "unit": _text(raw, "unit"),
        "unit_column": _text(raw, "unit_column"),
        "series": {str(k): str(v) for k, v in (raw.get("series") or {}).items()},
        "flag_column": _text(raw, "flag_column"),
        "filter": {
            str(k): tuple(str(x) for x in (v if isinstance(v, list) else [v]))
            for k, v in (raw.get("filter") or {}).items()
        },
        "unknown_regions": _text(raw, "unknown_regions", "error"),
        "encoding": _text(raw, "encoding", "utf-8"),
        "delimiter": _text(raw, "delimiter", ";") or ";",
    }


def parse_mapping(text: str, file: str = "mapping") -> GenesisMapping | Problem:
    """Parse a mapping file; a problem names what is wrong.

    >>> parse_mapping("indicator: bev\\nyear: 2022\\n").year
    2022
    >>> parse_mapping("year: 2022\\n").code.value
    'invalid_mapping'
    """
    try:
        raw = yaml_load(text)
    except LimitExceeded as exc:
        return limit_problem(exc, file)
    except yaml.YAMLError as exc:
        return Problem(ProblemCode.INVALID_MAPPING, file, value=str(exc)[:120])
    if not isinstance(raw, dict):
        return Problem(ProblemCode.INVALID_MAPPING, file, detail="not_a_mapping")
    try:
        fields = _mapping_fields(raw)
    except (TypeError, ValueError, AttributeError) as exc:
        return Problem(ProblemCode.INVALID_MAPPING, file, value=str(exc)[:120])
    if not fields["indicator"]:
        return Problem(ProblemCode.INVALID_MAPPING, file, field="indicator", detail="missing")
    if fields["unknown_regions"] not in ("error", "skip"):
        return Problem(
            ProblemCode.INVALID_MAPPING,
            file,
            field="unknown_regions",
            value=fields["unknown_regions"],
        )
    return GenesisMapping(**fields)


def _needed_columns(mapping: GenesisMapping) -> list[str]:
    columns = [mapping.value_column, mapping.region_column, *mapping.series.values()]
    columns += [c for c in (mapping.year_column, mapping.unit_column, mapping.flag_column) if c]
    return [*columns, *mapping.filter]


def _apply_filter(
    frame: pl.DataFrame, mapping: GenesisMapping, file: str
) -> tuple[pl.DataFrame, list[Skip]]:
    keep = pl.lit(True)
    for column, values in mapping.filter.items():
        keep = keep & pl.col(column).is_in(list(values))
    dropped = frame.filter(~keep).height
    skips = [Skip(SkipCode.FILTERED, file, dropped)] if dropped else []
    return frame.filter(keep), skips


def _series_column(frame: pl.DataFrame, mapping: GenesisMapping) -> pl.Series:
    if not mapping.series:
        return pl.Series("series", [""] * frame.height, dtype=pl.String)
    names = list(mapping.series)
    cols = [mapping.series[n] for n in names]
    combos = frame.select(cols).unique()
    keys = [series_key(dict(zip(names, row, strict=True))) for row in combos.iter_rows()]
    table = combos.with_columns(series=pl.Series(keys, dtype=pl.String))
    joined = frame.select(cols).join(
        table, on=cols, how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.get_column("series")


def _raw(frame: pl.DataFrame, mapping: GenesisMapping) -> pl.DataFrame:
    if mapping.year is not None:
        year = pl.lit(str(mapping.year))
    else:  # a year, or the year of a date (Stichtag) like 2022-05-15
        year = (
            pl.col(mapping.year_column).str.strip_chars().str.replace(r"^(\d{4})-\d\d-\d\d$", "$1")
        )
    unit = pl.col(mapping.unit_column) if mapping.unit_column else pl.lit(mapping.unit)
    flags = pl.lit("")
    if mapping.flag_column:
        quality = pl.col(mapping.flag_column).str.strip_chars()
        flags = pl.when(quality.is_in(list(_FINAL))).then(pl.lit("")).otherwise(quality)
    return frame.select(
        "file",
        "line",
        indicator=pl.lit(mapping.indicator),
        region=pl.col(mapping.region_column),
        series=_series_column(frame, mapping),
        year=year,
        value=pl.col(mapping.value_column),
        unit=unit,
        flags=flags,
    )


def read_genesis(path: Path, mapping: GenesisMapping) -> ReadResult:
    """Read a GENESIS flat CSV export with a mapping (see the module documentation)."""
    text, problem = decode(path.read_bytes(), path.name, mapping.encoding)
    table = problem or read_delimited(text or "", path.name, mapping.delimiter)
    if isinstance(table, Problem):
        return failed(table)
    missing = [c for c in _needed_columns(mapping) if c not in table.columns]
    if missing:
        return failed(Problem(ProblemCode.MISSING_COLUMN, path.name, 1, missing[0], None))
    log = ProblemLog()
    formula_problems(log, table, {c: c for c in _needed_columns(mapping)})
    table, skips = _apply_filter(table, mapping, path.name)
    try:
        raw = _raw(table, mapping)
    except SeriesKeyError as exc:
        return failed(Problem(ProblemCode.INVALID_SERIES, path.name, 1, str(exc), "series"))
    columns = {
        "indicator": "indicator",
        "region": mapping.region_column,
        "series": ",".join(mapping.series.values()),
        "year": mapping.year_column or "year",
        "value": mapping.value_column,
        "unit": mapping.unit_column or "unit",
        "flags": mapping.flag_column,
    }
    frame, more = validate(raw, columns, log, missing=MISSING_SIGNS)
    return ReadResult(
        frame, tuple(log.problems), tuple(skips + more), dict(log.counts), files_read=1
    )
