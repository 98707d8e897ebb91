"""Structured input errors: where (file, line, column, value) and why.

Core code raises these; the CLI prints them and the web layer shows them at the cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file.

    >>> str(InputProblem("t.csv", 3, "year", "20x5", "keine ganze Zahl"))
    't.csv, Zeile 3, Spalte "year", Wert "20x5": keine ganze Zahl'
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"Zeile {self.line}")
        if self.column is not None:
            parts.append(f'Spalte "{self.column}"')
        if self.value is not None:
            parts.append(f'Wert "{self.value}"')
        return ", ".join(parts) + f": {self.reason}"


class InputFileError(ValueError):
    """An input file could not be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[InputProblem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… und {more} weitere Fehler"
        super().__init__(shown)


def read_utf8(path: str | Path) -> str:
    """A text input file's content; InputFileError naming the file when it is not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reason = f"keine gültige UTF-8-Datei ({exc.reason}, Byte {exc.start})"
        raise InputFileError([InputProblem(str(path), None, None, None, reason)]) from exc
