"""The review's preview chart: published values and draft values of one series as two lines.

Like ``series_chart`` it is a Vega-Lite spec rendered on the server (vl-convert); the web layer
passes every word in (``ChartText``) and the names of the two lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from .charts import ACCENT, GERMAN_NUMBERS, SCHEMA, ChartText, _config

DRAFT = "#a64b00"  # 5.4:1 on white


def draft_chart(
    frame: pl.DataFrame,
    *,
    text: ChartText,
    published: str,
    draft: str,
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """A small line chart of the published values (solid) and the draft values (dashed).

    ``frame`` has the columns ``year`` (int), ``value`` (float) and ``draft`` (bool).

    >>> f = pl.DataFrame({"year": [2020, 2021, 2021], "value": [1.0, 2.0, 2.5],
    ...     "draft": [False, False, True]})
    >>> t = ChartText(title="T", description="D", x="Jahr", y="%", value="Wert")
    >>> spec = draft_chart(f, text=t, published="bisher", draft="Entwurf")
    >>> [(r["year"], r["state"]) for r in spec["data"]["values"]]
    [(2020, 'bisher'), (2021, 'bisher'), (2021, 'Entwurf')]
    """
    rows = [
        {"year": year, "value": value, "state": draft if is_draft else published}
        for year, value, is_draft in frame.sort("draft", "year")
        .select("year", "value", "draft")
        .iter_rows()
    ]
    years = [row["year"] for row in rows]
    ends = [min(years, default=0), max(years, default=0)]
    states = {"domain": [published, draft], "range": [ACCENT, DRAFT]}
    encoding = {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": text.x,
            "scale": {"domain": ends},
            # Whole years only: with few years, the ticks are exactly the years shown.
            "axis": {"format": "d", "tickMinStep": 1}
            | ({"values": sorted(set(years))} if len(set(years)) <= 12 else {}),
        },
        "y": {"field": "value", "type": "quantitative", "title": text.y},
        "color": {"field": "state", "type": "nominal", "scale": states, "title": None},
        "strokeDash": {
            "field": "state",
            "type": "nominal",
            "scale": {"domain": [published, draft], "range": [[1, 0], [6, 4]]},
            "title": None,
        },
        "shape": {
            "field": "state",
            "type": "nominal",
            "scale": {"domain": [published, draft], "range": ["circle", "diamond"]},
            "title": None,
        },
    }
    mark = {"type": "line", "strokeWidth": 2.5, "point": {"size": 60, "aria": False}, "aria": False}
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": 420,
        "height": 200,
        "data": {"values": rows},
        "mark": mark,
        "encoding": encoding,
        "config": {**_config(numbers), "legend": {"orient": "bottom", "labelFontSize": 12}},
    }
