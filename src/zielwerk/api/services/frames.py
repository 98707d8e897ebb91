"""Observations from the database as polars frames and as streamed tidy CSV."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import polars as pl

from zielwerk.core.formulas import formula_safe
from zielwerk.core.observations.write import TIDY_EXPORT_COLUMNS
from zielwerk.monitoring.frames import rows_frame

from ..selectors import ObservationFilter, observation_chunks

COLUMNS = ("id", "indicator", "region", "series", "year", "period", "value", "unit", "flags")


def _frame(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    return rows_frame(rows, COLUMNS)


def observations_frame(where: ObservationFilter) -> pl.DataFrame:
    """All matching observations in one frame (columns of ``OBSERVATION_SCHEMA`` plus id)."""
    chunks = [_frame(chunk) for chunk in observation_chunks(where)]
    return pl.concat(chunks) if chunks else _frame([])


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    # The observations-file contract (ARCHITECTURE.md), so a download can be imported again.
    return frame.select(*TIDY_EXPORT_COLUMNS[:-1], pl.col("flags").alias("flag"))


def observations_csv(where: ObservationFilter, *, chunk_size: int = 20_000) -> Iterator[bytes]:
    """Tidy CSV of the matching observations, in primary-key order, one chunk at a time:
    memory stays bounded by the chunk size whatever the number of rows."""
    header = True
    for chunk in observation_chunks(where, size=chunk_size):
        buffer = io.BytesIO()
        formula_safe(_tidy(_frame(chunk))).write_csv(
            buffer, include_header=header, quote_style="necessary"
        )
        header = False
        yield buffer.getvalue()
    if header:
        yield (",".join(TIDY_EXPORT_COLUMNS) + "\n").encode()
