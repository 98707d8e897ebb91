"""Reading an Open SDG data repository (``data/indicator_<id>.csv`` + ``meta/``).

Layout of a data file: ``Year`` first, ``Value`` last; ``Units`` is the unit; ``GeoCode``
the region (``code01`` … = Länder); ``COMMENT_OBS_*`` carry flags; the observation attributes
``Observation status``, ``Unit multiplier`` and ``Unit measure`` (Open SDG's defaults, as in
the UK's files) are not disaggregations; every other column is. Decisions
(docs/data-import.md, docs/opensdg.md):

- The indicator code is the file id with dots (``7-2-a`` → ``7.2.a``). A file that holds
  several catalogue indicators (``1-1-ab``: 1.1.a and 1.1.b) is split by the dimension
  whose values start with ``a)``, ``b)`` (see ``split``).
- A region-name column that only repeats ``GeoCode`` (``länder``, ``land``) is dropped.
- ``Units`` becomes part of the series key only when a file holds more than one unit:
  otherwise values in different units would collide.
- ``Observation status`` becomes flags where it names one (provisional, estimated, revised,
  break; SDMX ``P``, ``E``, ``B``); a normal status (``A``, "Normal value", "Undefined") is
  no flag; other text is counted like an unknown comment. ``Unit measure`` is the unit only
  where there is no ``Units`` column and every value is a known unit spelling. ``Unit
  multiplier`` is dropped: a power of ten is no unit of the vocabulary.
- Rows without a value are skipped: *target rows* (after the last year with a value)
  and *missing values* are counted separately.
- A row repeating another exactly (published files have some) is skipped and counted;
  two rows for one observation with different values are an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from ...formulas import restore_formulas
from ...units import load_vocabulary
from ..flags import flag_sign
from ..periods import parse_period
from ..problems import Problem, ProblemCode, ProblemLog, Skip, SkipCode, limit_problem
from ..result import ReadResult, empty_observations
from ..series import SeriesKeyError, series_key
from ..table import read_delimited
from ..text import decode
from ..validate import formula_problems, validate
from .meta import ID_PATTERN, MetadataRefused, indicator_code, metadata_unit, read_metadata
from .split import part_codes, split_parts

_DATA_FILE = re.compile(r"^indicator_(.+)\.csv$")
COLUMNS = {
    "indicator": "(Dateiname)",
    "region": "GeoCode",
    "series": "(Aufschlüsselung)",
    "year": "Year",
    "value": "Value",
    "unit": "Units",
    "flags": "COMMENT_OBS",
}
ATTRIBUTES = ("observation status", "unit multiplier", "unit measure")
"""Open SDG's observation attributes (compared case-insensitively): never disaggregations."""
_NORMAL_STATUS = frozenset({"", "a", "normal", "normal value", "undefined"})
_SDMX_STATUS = {"e": "s", "p": "p", "b": "|"}


def _name_columns(frame: pl.DataFrame, dims: list[str]) -> list[str]:
    """Dimension columns that only name the region given by ``GeoCode`` (one name per
    GeoCode and one GeoCode per name, e.g. ``land``: ``bavaria`` ↔ ``code09``, ``germany`` ↔
    empty)."""
    if "GeoCode" not in frame.columns or frame.get_column("GeoCode").n_unique() < 2:
        return []
    geocodes = frame.get_column("GeoCode").n_unique()
    return [
        column
        for column in dims
        if frame.select(column, "GeoCode").unique().height
        == frame.get_column(column).n_unique()
        == geocodes
    ]


def _status_sign(text: str) -> str | None:
    """The flag an observation status means; ``""`` for a normal value, None if unknown.

    >>> [_status_sign(t) for t in ("Provisional", "Estimated value", "E", "Normal value", "F")]
    ['p', 's', 's', '', None]
    """
    folded = " ".join(text.lower().split())
    if folded in _NORMAL_STATUS:
        return ""
    folded = folded.removesuffix(" value")
    return _SDMX_STATUS.get(folded) or flag_sign(folded)


def _comment_sign(text: str) -> str | None:
    return flag_sign(text) if text.strip() else ""


def _flags(
    frame: pl.DataFrame, columns: dict[str, Callable[[str], str | None]]
) -> tuple[pl.Expr, int]:
    """An expression joining the flag signs of the comment and status columns, and how
    many cells held text that is not a flag."""
    unknown = 0
    parts: list[pl.Expr] = []
    for column, sign_of in columns.items():
        values = frame.get_column(column).fill_null("").unique().to_list()
        signs = {v: sign_of(v) for v in values}
        odd = [v for v, sign in signs.items() if sign is None]
        if odd:
            unknown += frame.filter(pl.col(column).is_in(odd)).height
        known = {v: sign or "" for v, sign in signs.items()}
        parts.append(pl.col(column).fill_null("").replace_strict(known, return_dtype=pl.String))
    if not parts:
        return pl.lit(""), unknown
    return pl.concat_str(parts), unknown


def _series(frame: pl.DataFrame, dims: list[str]) -> pl.DataFrame:
    if not dims:
        return frame.with_columns(series=pl.lit(""))
    combos = frame.select(dims).unique()
    keys = [series_key(dict(zip(dims, row, strict=True))) for row in combos.iter_rows()]
    combos = combos.with_columns(series=pl.Series(keys, dtype=pl.String))
    return frame.join(combos, on=dims, how="left", nulls_equal=True)


def _empty_rows(frame: pl.DataFrame, file: str) -> list[Skip]:
    """Count rows without a value as target rows (after the last observed year) or missing."""
    empty = frame.filter(pl.col("Value").str.strip_chars() == "")
    if empty.is_empty():
        return []
    years = frame.filter(pl.col("Value").str.strip_chars() != "").get_column("Year").to_list()
    parsed = [p.year for p in map(parse_period, years) if p]
    last = max(parsed) if parsed else None
    empty_years = [parse_period(y) for y in empty.get_column("Year").to_list()]
    target = sum(1 for p in empty_years if p and last is not None and p.year > last)
    skips = [Skip(SkipCode.TARGET_ROW, file, target)] if target else []
    if empty.height - target:
        skips.append(Skip(SkipCode.EMPTY_VALUE, file, empty.height - target))
    return skips


def _attributes(columns: list[str]) -> dict[str, str]:
    """Attribute columns of a data file by their folded name (``observation status`` …)."""
    folded = {" ".join(c.lower().split()): c for c in columns}
    return {name: column for name, column in folded.items() if name in ATTRIBUTES}


def _dimensions(frame: pl.DataFrame) -> tuple[list[str], list[str]]:
    """Disaggregation columns and comment columns of a data file."""
    columns = [c for c in frame.columns if c not in ("file", "line")]
    comments = [c for c in columns if c.upper().startswith("COMMENT_OBS")]
    attributes = set(_attributes(columns).values())
    plain = [
        c
        for c in columns[1:-1]
        if c not in comments and c not in attributes and c not in ("GeoCode", "Units")
    ]
    return [c for c in plain if c not in _name_columns(frame, plain)], comments


def _measure_as_units(frame: pl.DataFrame, measure: str | None) -> pl.DataFrame:
    """``Unit measure`` as ``Units`` where the file has none and it names known units."""
    if measure is None or "Units" in frame.columns:
        return frame
    vocabulary = load_vocabulary()
    spellings = frame.get_column(measure).fill_null("").unique().to_list()
    if any(vocabulary.code_for(s) is None for s in spellings):
        return frame
    return frame.with_columns(pl.col(measure).fill_null("").alias("Units"))


def _raw(frame: pl.DataFrame, file: str, code: str, unit: str) -> tuple[pl.DataFrame, list[Skip]]:
    dims, comments = _dimensions(frame)
    attributes = _attributes(frame.columns)
    frame = _measure_as_units(frame, attributes.get("unit measure"))
    if "Units" in frame.columns and frame.get_column("Units").n_unique() > 1:
        dims.append("Units")
        # The key names the unit by its code, so "percentage" and "Prozent" are one series.
        spellings = frame.get_column("Units").unique().to_list()
        vocabulary = load_vocabulary()
        codes = {u: vocabulary.code_for(u or "") or u for u in spellings}
        frame = frame.with_columns(pl.col("Units").replace_strict(codes, return_dtype=pl.String))
    sign_of: dict[str, Callable[[str], str | None]] = dict.fromkeys(comments, _comment_sign)
    if "observation status" in attributes:
        sign_of[attributes["observation status"]] = _status_sign
    flags, unknown = _flags(frame, sign_of)
    skips = _empty_rows(frame, file)
    if unknown:
        skips.append(Skip(SkipCode.UNKNOWN_COMMENT, file, unknown))
    frame = _series(frame.filter(pl.col("Value").str.strip_chars() != ""), dims)
    raw = frame.select(
        "file",
        "line",
        indicator=pl.lit(code),
        region=pl.col("GeoCode") if "GeoCode" in frame.columns else pl.lit(""),
        series=pl.col("series"),
        year=pl.col("Year"),
        value=pl.col("Value"),
        unit=pl.col("Units") if "Units" in frame.columns else pl.lit(unit),
        flags=flags,
    )
    return raw, skips


def _parts(
    table: pl.DataFrame, file: str, code: str, known: set[str] | None
) -> tuple[list[tuple[str, pl.DataFrame]], list[Skip]]:
    """The indicators a file feeds: itself, or its parts when it combines several."""
    if known is None or code in known:
        return [(code, table)], []
    parts = part_codes(code, known)
    if not parts:
        return [], [Skip(SkipCode.UNKNOWN_INDICATOR, file, table.height, code)]
    return split_parts(table, _dimensions(table)[0], code, parts, file)


def _read_file(path: Path, unit: str, log: ProblemLog) -> pl.DataFrame | None:
    text, problem = decode(path.read_bytes(), path.name)
    table = problem or read_delimited(text or "", path.name)
    if isinstance(table, Problem):
        log.add(table)
        return None
    data = [c for c in table.columns if c not in ("file", "line")]
    for position, name in ((0, "Year"), (-1, "Value")):
        if not data or data[position] != name:
            log.add(Problem(ProblemCode.MISSING_COLUMN, path.name, 1, name, name.lower()))
            return None
    table = restore_formulas(table)  # a cell our export neutralised reads back as stored
    data = [c for c in table.columns if c not in ("file", "line")]
    formula_problems(log, table, {c: c for c in data})
    return table


def _data_files(root: Path) -> tuple[list[tuple[Path, str]], list[Skip]]:
    data = root / "data" if (root / "data").is_dir() else root
    files, skips = [], []
    for path in sorted(p for p in data.iterdir() if p.is_file()):
        match = _DATA_FILE.match(path.name)
        if match and ID_PATTERN.match(match.group(1)):
            files.append((path, match.group(1)))
        else:
            skips.append(Skip(SkipCode.NOT_AN_INDICATOR_FILE, path.name, 0))
    return files, skips


def _read_indicator(
    root: Path, path: Path, ident: str, known: set[str] | None, log: ProblemLog
) -> tuple[list[pl.DataFrame], list[Skip], dict[str, Any]]:
    try:
        meta = read_metadata(root, ident)
    except MetadataRefused as exc:
        log.add(limit_problem(exc.exceeded, exc.file))
        return [], [], {}
    unit = metadata_unit(meta)
    table = _read_file(path, unit, log)
    if table is None:
        return [], [], meta
    raws, skips = [], []
    parts, split_skips = _parts(table, path.name, indicator_code(ident), known)
    skips.extend(split_skips)
    for code, part in parts:
        try:
            raw, part_skips = _raw(part, path.name, code, unit)
        except SeriesKeyError as exc:
            log.add(Problem(ProblemCode.INVALID_SERIES, path.name, 1, str(exc), "series"))
            continue
        raws.append(raw)
        skips.extend(part_skips)
    return raws, skips, meta


def read_opensdg(root: Path, *, known: set[str] | None = None) -> ReadResult:
    """Read every indicator file of an Open SDG data repository.

    ``known`` (the catalogue's indicator codes) routes combined files to their parts and
    makes files of other indicators *skips* rather than observations the caller would
    reject. ``metadata`` of the result maps each file's id to its front matter.
    """
    log = ProblemLog()
    files, skips = _data_files(root)
    raws: list[pl.DataFrame] = []
    metadata: dict[str, dict[str, Any]] = {}
    for path, ident in files:
        found, file_skips, meta = _read_indicator(root, path, ident, known, log)
        raws.extend(found)
        skips.extend(file_skips)
        if found:
            metadata[ident] = meta
    if not raws:
        frame = empty_observations()
    else:
        frame, more = validate(pl.concat(raws), COLUMNS, log, periods=True, skip_identical=True)
        skips.extend(more)
    return ReadResult(
        frame, tuple(log.problems), tuple(skips), dict(log.counts), len(files), metadata
    )
