"""SDMX data messages for one indicator: SDMX-CSV 1.0 and SDMX-JSON 1.0.

Both come from the core's ``sdmx_frame`` (the same columns ``zielwerk`` writes to SDMX-CSV
files): ``DATAFLOW``, the dimensions, ``TIME_PERIOD``, ``OBS_VALUE`` and the attributes.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import polars as pl

from zielwerk.core.formulas import formula_safe
from zielwerk.core.observations.write import SDMX_DATAFLOW, sdmx_frame
from zielwerk.monitoring.services.assessing import SDMX_TARGET_ATTRIBUTES, series_targets

from ..selectors import ObservationFilter
from .frames import observations_frame
from .opensdg import File, NotFoundError

ATTRIBUTES = ("UNIT_MEASURE", "OBS_STATUS", "COMMENT_OBS")
STATUS_NAMES = {"A": "Normal value", "P": "Provisional", "E": "Estimated", "B": "Break"}


def _frame(indicator: str, region_level: str) -> pl.DataFrame:
    frame = observations_frame(ObservationFilter(indicator=indicator, region_level=region_level))
    if frame.is_empty():
        raise NotFoundError(indicator)
    return sdmx_frame(frame.drop("id"), series_targets([indicator]))


def sdmx_csv(*, indicator: str, region_level: str = "") -> File:
    buffer = io.BytesIO()
    formula_safe(_frame(indicator, region_level)).write_csv(buffer)
    return File(buffer.getvalue(), "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
                f"{indicator}.csv")  # fmt: skip


def _codes(column: pl.Series) -> tuple[list[str], dict[str, int]]:
    values = column.unique(maintain_order=True).to_list()
    return values, {v: i for i, v in enumerate(values)}


def _component(name: str, values: list[str], position: int | None = None) -> dict[str, Any]:
    names = STATUS_NAMES if name == "OBS_STATUS" else {}
    component: dict[str, Any] = {
        "id": name,
        "name": name.replace("_", " ").title(),
        "values": [{"id": v, "name": names.get(v, v)} for v in values],
    }
    if position is not None:
        component["keyPosition"] = position
    return component


def _series(frame: pl.DataFrame, dims: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Series-level dimensions and the data set's series with their observations."""
    dim_codes = {d: _codes(frame.get_column(d)) for d in [*dims, "TIME_PERIOD"]}
    attributes = [a for a in ATTRIBUTES if (frame.get_column(a) != "").any()]
    attr_codes = {a: _codes(frame.filter(pl.col(a) != "").get_column(a)) for a in attributes}
    # The targets in scope of a series are series-level attributes.
    on_series = [
        a
        for a in SDMX_TARGET_ATTRIBUTES
        if a in frame.columns and (frame.get_column(a) != "").any()
    ]
    series_codes = {a: _codes(frame.filter(pl.col(a) != "").get_column(a)) for a in on_series}
    series: dict[str, Any] = {}
    for row in frame.iter_rows(named=True):
        key = ":".join(str(dim_codes[d][1][row[d]]) for d in dims)
        entry = series.setdefault(
            key,
            {
                "attributes": [
                    series_codes[a][1].get(row[a]) if row[a] else None for a in on_series
                ],
                "observations": {},
            },
        )
        time = str(dim_codes["TIME_PERIOD"][1][row["TIME_PERIOD"]])
        entry["observations"][time] = [
            row["OBS_VALUE"],
            *(attr_codes[a][1].get(row[a]) if row[a] else None for a in attributes),
        ]
    structure = {
        "dimensions": {
            "dataSet": [],
            "series": [_component(d, dim_codes[d][0], i) for i, d in enumerate(dims)],
            "observation": [_component("TIME_PERIOD", dim_codes["TIME_PERIOD"][0], len(dims))],
        },
        "attributes": {
            "dataSet": [],
            "series": [_component(a, series_codes[a][0]) for a in on_series],
            "observation": [_component(a, attr_codes[a][0]) for a in attributes],
        },
    }
    return [structure], series


def sdmx_json(*, indicator: str, region_level: str = "", prepared: datetime | None = None) -> File:
    """An SDMX-JSON 1.0 data message: series keyed by their dimension positions."""
    frame = _frame(indicator, region_level)
    dims = [c for c in frame.columns[1 : frame.columns.index("TIME_PERIOD")]]
    (structure,), series = _series(frame, dims)
    stamp = (prepared or datetime.now(tz=UTC)).isoformat(timespec="seconds")
    message = {
        "header": {
            "id": f"ZIELWERK-{indicator}",
            "test": False,
            "prepared": stamp,
            "sender": {"id": "ZIELWERK", "name": "Zielwerk"},
        },
        "dataSets": [{"action": "Information", "series": series}],
        "structure": {"name": SDMX_DATAFLOW, **structure},
    }
    body = json.dumps(message, ensure_ascii=False).encode()
    return File(body, "application/vnd.sdmx.data+json; version=1.0.0; charset=utf-8",
                f"{indicator}.json")  # fmt: skip
