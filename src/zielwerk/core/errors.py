"""Structured input errors: where (file, line, column, value) and why, as a code.

Core code raises these; the words belong to the web layer (``zielwerk.messages``), which
turns a code and its parameters into a German or English sentence for the CLI and the pages.
``str()`` of a problem is a plain technical form for logs and tracebacks, not for users.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class InputCode(StrEnum):
    """Why a row or file of a targets, codebook, kit or catalogue input is refused.

    Parameters a code uses (in ``InputProblem.params``) are named in its comment.
    """

    NOT_UTF8 = "not_utf8"  # reason, byte
    UNREADABLE = "unreadable"  # detail
    MISSING_COLUMN = "missing_column"
    MISSING_VALUE = "missing_value"
    MISSING_FOR_KIND = "missing_for_kind"  # kinds
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    NOT_ONE_OF = "not_one_of"  # allowed
    WRONG_PREFIX = "wrong_prefix"  # prefix
    OUT_OF_RANGE = "out_of_range"  # low, high
    UNKNOWN_UNIT = "unknown_unit"
    DUPLICATE = "duplicate"
    NO_FRONT_MATTER = "no_front_matter"
    YAML_ERROR = "yaml_error"  # detail
    MALFORMED_ENTRY = "malformed_entry"  # entry, detail
    MALFORMED_VALUE = "malformed_value"  # detail
    NOT_A_TARGET_CODE = "not_a_target_code"
    NOT_AN_INDICATOR_CODE = "not_an_indicator_code"
    UNKNOWN_GOAL = "unknown_goal"
    UNKNOWN_TARGET = "unknown_target"  # of (optional: the code that names it)
    UNKNOWN_INDICATOR = "unknown_indicator"  # of (optional)
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_WEATHER = "unknown_weather"
    NO_SUCH_TARGET = "no_such_target"


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file: the place, the value and a code with parameters.

    >>> p = InputProblem("t.csv", 3, "year", "20x5", InputCode.NOT_AN_INTEGER)
    >>> str(p)
    't.csv:3 [year] "20x5": not_an_integer'
    >>> str(InputProblem("t.csv", 2, "kind", "x", InputCode.NOT_ONE_OF, {"allowed": "a, b"}))
    't.csv:2 [kind] "x": not_one_of (allowed=a, b)'
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    code: InputCode
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        place = self.file + ("" if self.line is None else f":{self.line}")
        if self.column is not None:
            place += f" [{self.column}]"
        if self.value is not None:
            place += f' "{self.value}"'
        detail = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{place}: {self.code.value}" + (f" ({detail})" if detail else "")


class InputFileError(ValueError):
    """An input file could not be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[InputProblem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… +{more}"
        super().__init__(shown)


def read_utf8(path: str | Path) -> str:
    """A text input file's content; InputFileError naming the file when it is not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        params: dict[str, str | int] = {"reason": exc.reason, "byte": exc.start}
        problem = InputProblem(str(path), None, None, None, InputCode.NOT_UTF8, params)
        raise InputFileError([problem]) from exc
