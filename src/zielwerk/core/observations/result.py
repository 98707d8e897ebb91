"""The result of reading observations: a typed frame plus problems and skips."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .problems import MAX_PROBLEMS_PER_CODE, Problem, ProblemCode, Skip

OBSERVATION_SCHEMA: dict[str, Any] = {
    "indicator": pl.String,
    "region": pl.String,
    "series": pl.String,
    "year": pl.Int32,
    "period": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "flags": pl.String,
    "file": pl.String,
    "line": pl.Int64,
}
"""Columns of a read observation frame. ``region`` is an ARS (or an 8-digit AGS still to be
resolved), ``period`` the published label when it is not a plain year, ``file``/``line``
where the row came from."""


def empty_observations() -> pl.DataFrame:
    """An observation frame without rows."""
    return pl.DataFrame(schema=OBSERVATION_SCHEMA)


@dataclass(frozen=True)
class ReadResult:
    """Observations read from one input, and everything found wrong or left out.

    ``problem_counts`` counts every problem by code; ``problems`` keeps at most
    ``MAX_PROBLEMS_PER_CODE`` of each code so a broken million-row file stays reportable.
    """

    frame: pl.DataFrame
    problems: tuple[Problem, ...] = ()
    skips: tuple[Skip, ...] = ()
    problem_counts: dict[str, int] = field(default_factory=dict)
    files_read: int = 0
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing prevents the import."""
        return not self.problem_counts


def capped(problems: Iterable[Problem]) -> tuple[tuple[Problem, ...], dict[str, int]]:
    """Keep at most ``MAX_PROBLEMS_PER_CODE`` problems per code; count all of them."""
    counts: Counter[str] = Counter()
    kept: list[Problem] = []
    for problem in problems:
        counts[problem.code.value] += 1
        if counts[problem.code.value] <= MAX_PROBLEMS_PER_CODE:
            kept.append(problem)
    return tuple(kept), dict(counts)


def failed(problem: Problem) -> ReadResult:
    """A result carrying one problem and no observations."""
    return ReadResult(empty_observations(), (problem,), problem_counts={problem.code.value: 1})


__all__ = ["OBSERVATION_SCHEMA", "ProblemCode", "ReadResult", "capped", "empty_observations"]
