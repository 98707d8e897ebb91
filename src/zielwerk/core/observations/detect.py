"""Which format an input path is in, and reading it."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from .genesis import GenesisMapping, read_genesis
from .headers import field_of
from .opensdg import read_opensdg
from .problems import Problem, ProblemCode
from .result import ReadResult, failed
from .tidy import read_tidy

_GENESIS_MARKERS = ("statistics_code", "_variable_attribute_code", "value_variable_code")


class InputFormat(StrEnum):
    """The import formats of ``zielwerk import --format``."""

    TIDY = "tidy"
    OPENSDG = "opensdg"
    GENESIS = "genesis"


def detect_format(path: Path) -> InputFormat | None:
    """Guess the format: a folder is Open SDG, a GENESIS header is GENESIS, else tidy.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp, "x.csv")
    ...     _ = p.write_text("statistics_code;time;value\\n")
    ...     (detect_format(pathlib.Path(tmp)), detect_format(p))
    (<InputFormat.OPENSDG: 'opensdg'>, <InputFormat.GENESIS: 'genesis'>)
    """
    if path.is_dir():
        return InputFormat.OPENSDG
    if path.suffix.lower() in (".parquet", ".xlsx"):
        return InputFormat.TIDY
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8-sig", errors="replace").lower()
    except OSError:
        return None
    # The header is the first non-blank line (some exports start with an empty line).
    header = next((line for line in head.splitlines() if line.strip()), "")
    if any(marker in header for marker in _GENESIS_MARKERS):
        return InputFormat.GENESIS
    if "indicator" in header and "year" in header and "value" in header:
        return InputFormat.TIDY
    named = {field_of(c.strip('"')) for c in re.split(r"[,;\t|]", header)}
    if {"indicator", "year", "value"} <= named:  # German column names (``headers``)
        return InputFormat.TIDY
    return None


def read_observations(
    path: Path,
    input_format: InputFormat | None = None,
    *,
    mapping: GenesisMapping | None = None,
    known_indicators: set[str] | None = None,
) -> ReadResult:
    """Read any supported input; the format is detected when not given.

    ``known_indicators`` lets an Open SDG repository skip files of indicators that are not
    in the catalogue (reported as skips); other formats report them as problems later.
    """
    if not path.exists():
        return failed(Problem(ProblemCode.UNREADABLE, path.name, detail="not_found"))
    found = input_format or detect_format(path)
    if found is None:
        return failed(Problem(ProblemCode.UNKNOWN_FORMAT, path.name))
    if found is InputFormat.OPENSDG:
        if not path.is_dir():
            return failed(Problem(ProblemCode.UNKNOWN_FORMAT, path.name, detail="opensdg"))
        return read_opensdg(path, known=known_indicators)
    if path.is_dir():
        return failed(Problem(ProblemCode.UNKNOWN_FORMAT, path.name, detail=found.value))
    if found is InputFormat.GENESIS:
        if mapping is None:
            return failed(Problem(ProblemCode.INVALID_MAPPING, path.name, detail="missing"))
        return read_genesis(path, mapping)
    return read_tidy(path)
