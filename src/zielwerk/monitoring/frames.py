"""The one path from observation rows in the database to a polars frame, with one schema.

Every selector, export and service that needs observations as a frame names the columns it
wants; the schema is that of the core's observation frames (``OBSERVATION_SCHEMA``) plus the
database ids and the region's name, so frames from different places always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from django.db.models import QuerySet

from zielwerk.core.observations import OBSERVATION_SCHEMA

FRAME_SCHEMA: dict[str, Any] = {
    **{k: v for k, v in OBSERVATION_SCHEMA.items() if k not in ("file", "line")},
    "id": pl.Int64,
    "indicator_id": pl.Int64,
    "region_id": pl.Int64,
    "name": pl.String,
    "source": pl.String,
}
FIELDS = {
    "id": "id",
    "indicator": "indicator__code",
    "region": "region__ars",
    "indicator_id": "indicator_id",
    "region_id": "region_id",
    "name": "region__name",
    "series": "series",
    "year": "year",
    "period": "period",
    "value": "value",
    "unit": "unit",
    "flags": "flags",
    "source": "source",
}
"""Frame column → the observation field (or lookup) it comes from."""


def rows_frame(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> pl.DataFrame:
    """Rows already fetched (``values_list`` in ``columns`` order) as a frame."""
    schema = {c: FRAME_SCHEMA[c] for c in columns}
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def observations_frame_of(
    queryset: QuerySet[Any], columns: Sequence[str], *, chunk_size: int = 20_000
) -> pl.DataFrame:
    """The observations of ``queryset`` as a frame of ``columns`` (one query, streamed)."""
    rows = queryset.values_list(*(FIELDS[c] for c in columns))
    return rows_frame(rows.iterator(chunk_size=chunk_size), columns)
