"""The SDG Index codebook file: ``indicator,goal,best,worst,green,yellow,orange``.

``best``/``worst`` are the normalisation bounds (empty: taken from the data), ``green``,
``yellow``, ``orange`` the dashboard thresholds (worse than ``orange`` is red). An optional
``direction`` column (``increase``/``decrease``) says which way is better when the bounds
do not.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import polars as pl

from zielwerk.core.errors import InputCode, InputFileError, InputProblem, read_utf8

REQUIRED = ("indicator", "goal")
NUMBERS = ("best", "worst", "green", "yellow", "orange")
DIRECTIONS = ("increase", "decrease")


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _row(row: dict[str, str], file: str, line: int) -> tuple[dict[str, object], list[InputProblem]]:
    problems = []
    out: dict[str, object] = {}
    for name in REQUIRED:
        out[name] = row.get(name, "").strip()
        if not out[name]:
            problems.append(InputProblem(file, line, name, "", InputCode.MISSING_VALUE))
    for name in NUMBERS:
        text = row.get(name, "").strip()
        try:
            out[name] = _number(text) if text else None
        except ValueError:
            problems.append(InputProblem(file, line, name, text, InputCode.NOT_A_NUMBER))
    direction = row.get("direction", "").strip()
    if direction and direction not in DIRECTIONS:
        problems.append(
            InputProblem(
                file,
                line,
                "direction",
                direction,
                InputCode.NOT_ONE_OF,
                {"allowed": ", ".join(DIRECTIONS)},
            )
        )
    out["direction"] = direction or None
    return out, problems


def parse_codebook(text: str, *, file: str = "<codebook>") -> pl.DataFrame:
    """Parse a codebook CSV; raise ``InputFileError`` naming file, line and column.

    >>> parse_codebook("indicator,goal,best,worst\\n7.2.a,7,100,0\\n").row(0)
    ('7.2.a', '7', 100.0, 0.0, None, None, None, None)
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputFileError(
            InputProblem(file, 1, c, None, InputCode.MISSING_COLUMN) for c in missing
        )
    reader.fieldnames = header
    rows, problems = [], []
    for line, raw in enumerate(reader, start=2):
        clean = {k: (v or "") for k, v in raw.items() if k is not None}
        if not any(v.strip() for v in clean.values()):
            continue
        row, row_problems = _row(clean, file, line)
        rows.append(row)
        problems.extend(row_problems)
    if problems:
        raise InputFileError(problems)
    schema = {
        "indicator": pl.String,
        "goal": pl.String,
        **dict.fromkeys(NUMBERS, pl.Float64),
        "direction": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def read_codebook(path: str | Path) -> pl.DataFrame:
    """Read a codebook file (UTF-8 CSV)."""
    return parse_codebook(read_utf8(path), file=str(path))
