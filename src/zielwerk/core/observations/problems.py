"""Structured problems and skips found while reading observation files.

A *problem* makes the whole import invalid (nothing is written); a *skip* is a row or file
that is left out on purpose and reported in the summary (a target row without a value, a file
that is not an indicator). Both carry codes, not sentences: the web and CLI layers turn a
code into words in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..limits import LimitExceeded


class ProblemCode(StrEnum):
    """Why an input cannot be imported."""

    UNREADABLE = "unreadable"
    ENCODING = "encoding"
    EMPTY_FILE = "empty_file"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    MALFORMED_ROW = "malformed_row"
    FORMULA = "formula"
    MISSING_INDICATOR = "missing_indicator"
    UNKNOWN_INDICATOR = "unknown_indicator"
    INVALID_REGION = "invalid_region"
    UNKNOWN_REGION = "unknown_region"
    MISSING_REGION = "missing_region"
    NOT_AN_AGS = "not_an_ags"
    MALFORMED_YEAR = "malformed_year"
    NON_NUMERIC_VALUE = "non_numeric_value"
    INVALID_SERIES = "invalid_series"
    INVALID_FLAG = "invalid_flag"
    DUPLICATE = "duplicate"
    UNIT_MISMATCH = "unit_mismatch"
    UNKNOWN_UNIT = "unknown_unit"
    INVALID_MAPPING = "invalid_mapping"
    UNKNOWN_FORMAT = "unknown_format"
    INVALID_EDITION = "invalid_edition"
    # Input limits (zielwerk.core.limits); ``detail`` is the limit's value.
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_ROWS = "too_many_rows"
    CELL_TOO_LONG = "cell_too_long"
    ARCHIVE_TOO_LARGE = "archive_too_large"
    ARCHIVE_TOO_MANY_FILES = "archive_too_many_files"
    ARCHIVE_RATIO = "archive_ratio"
    ARCHIVE_CORRUPT = "archive_corrupt"
    YAML_ALIASES = "yaml_aliases"
    YAML_TOO_LARGE = "yaml_too_large"
    NUL_CHARACTER = "nul_character"
    NO_OBSERVATIONS = "no_observations"
    NO_INDICATOR_FILES = "no_indicator_files"


class SkipCode(StrEnum):
    """Why a row or file is left out without making the import invalid."""

    EMPTY_VALUE = "empty_value"
    TARGET_ROW = "target_row"
    NOT_AN_INDICATOR_FILE = "not_an_indicator_file"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_COMMENT = "unknown_comment"
    IDENTICAL_DUPLICATE = "identical_duplicate"
    UNASSIGNED_ROWS = "unassigned_rows"
    PARTS_NOT_MARKED = "parts_not_marked"
    FILTERED = "filtered"


@dataclass(frozen=True)
class Problem:
    """One problem at a place in an input file.

    ``line`` is the 1-based line (CSV) or row (spreadsheet) number, the header being 1;
    ``column`` is the column as named in the file, ``field`` the observation field it feeds
    (``indicator``, ``region``, ``series``, ``year``, ``value``, ``unit``, ``flag``);
    ``detail`` carries what the message needs beyond the value (an expected unit, the line
    of the first duplicate).

    >>> p = Problem(ProblemCode.MALFORMED_YEAR, "obs.csv", 3, "year", "year", "20x5")
    >>> (p.code.value, p.line, p.value)
    ('malformed_year', 3, '20x5')
    """

    code: ProblemCode
    file: str
    line: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    detail: str = ""


_LIMIT_CODES = {
    "max_columns": ProblemCode.TOO_MANY_COLUMNS,
    "max_rows": ProblemCode.TOO_MANY_ROWS,
    "max_cell_chars": ProblemCode.CELL_TOO_LONG,
    "max_unpacked_bytes": ProblemCode.ARCHIVE_TOO_LARGE,
    "max_archive_members": ProblemCode.ARCHIVE_TOO_MANY_FILES,
    "max_compression_ratio": ProblemCode.ARCHIVE_RATIO,
    "yaml_aliases": ProblemCode.YAML_ALIASES,
    "max_yaml_bytes": ProblemCode.YAML_TOO_LARGE,
    "max_yaml_events": ProblemCode.YAML_TOO_LARGE,
}


def limit_problem(exc: LimitExceeded, file: str, line: int | None = None) -> Problem:
    """The problem for an input limit that was hit: ``detail`` is the limit's value (bytes
    as MB), ``value`` what the input has.

    >>> limit_problem(LimitExceeded("max_columns", 500, 1000000), "a.csv", 1)
    Problem(code=<ProblemCode.TOO_MANY_COLUMNS: 'too_many_columns'>, file='a.csv', line=1, \
column=None, field=None, value='1000000', detail='500')
    """
    code = _LIMIT_CODES.get(exc.limit, ProblemCode.UNREADABLE)
    detail = str(exc.value)
    if exc.limit == "max_unpacked_bytes":
        detail = f"{exc.value // (1024 * 1024)} MB"
    elif code is ProblemCode.YAML_TOO_LARGE:
        detail = f"{exc.limit} = {exc.value}"
    found = None if exc.found is None or code is ProblemCode.YAML_ALIASES else str(exc.found)
    return Problem(code, file, line, value=found, detail=detail)


@dataclass(frozen=True)
class Skip:
    """Rows or a whole file left out, counted per file and reason.

    >>> Skip(SkipCode.TARGET_ROW, "indicator_7-2-a.csv", 12).rows
    12
    """

    code: SkipCode
    file: str
    rows: int
    detail: str = ""


MAX_PROBLEMS_PER_CODE = 200
"""Cap on problems of one kind reported per read; the count beyond is summarised."""


class ProblemLog:
    """Collects problems, keeping at most ``MAX_PROBLEMS_PER_CODE`` of each code but
    counting all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}

    def add(self, problem: Problem, total: int = 1) -> None:
        """Record one problem standing for ``total`` occurrences."""
        seen = self.counts.get(problem.code.value, 0)
        self.counts[problem.code.value] = seen + total
        if seen < MAX_PROBLEMS_PER_CODE:
            self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for problem in problems:
            self.add(problem)

    def add_counted(self, problems: Iterable[Problem], total: int) -> None:
        """Record the first of ``total`` problems (the rest only counted)."""
        listed = list(problems)
        for problem in listed:
            self.add(problem)
        if listed and total > len(listed):
            code = listed[0].code.value
            self.counts[code] += total - len(listed)

    def merge(self, other: ProblemLog) -> None:
        """Add everything another log holds."""
        for problem in other.problems:
            self.add(problem, 0)
        for code, n in other.counts.items():
            self.counts[code] = self.counts.get(code, 0) + n
