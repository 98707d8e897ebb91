"""A region against its Kreis, Land, Germany and the band of its peer group, as Vega-Lite.

The peer group's interquartile range (25 % to 75 % of similar municipalities) is a grey band,
its median a dashed grey line; the region is the accent-coloured line, its Kreis, Land and
Germany thinner lines. The same spec renders in the browser (vega-embed) and on the server
(vl-convert), as ``series_chart`` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from .charts import ACCENT, GERMAN_NUMBERS, INK, SCHEMA, _config, _silent

BAND = "#c9ced6"
MEDIAN = "#5b6270"
OTHERS = ("#2f7d32", "#a15c00", INK)


@dataclass(frozen=True)
class ComparisonText:
    title: str
    description: str
    x: str
    y: str
    value: str
    band: str  # legend text of the band, e.g. "Mittlere Hälfte vergleichbarer Kommunen"
    median: str


def comparison_chart(
    lines: pl.DataFrame,
    band: pl.DataFrame,
    *,
    text: ComparisonText,
    order: Sequence[str],
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """Lines of several regions (``lines``: ``year, name, value``; ``order`` names them, the
    focused region first) over the peer group's band (``band``: ``year, q1, median, q3``).

    >>> lines = pl.DataFrame({"year": [2020, 2021, 2020, 2021], "name": ["A", "A", "B", "B"],
    ...                       "value": [1.0, 2.0, 1.5, 1.6]})
    >>> band = pl.DataFrame({"year": [2020, 2021], "q1": [0.5, 0.6], "median": [1.0, 1.1],
    ...                      "q3": [1.4, 1.5]})
    >>> t = ComparisonText("T", "D", "Jahr", "%", "Wert", "Mittlere Hälfte", "Median")
    >>> spec = comparison_chart(lines, band, text=t, order=["A", "B"])
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'line', 'line']
    >>> spec["layer"][2]["encoding"]["color"]["scale"]["range"][:2]
    ['#0b4fa3', '#2f7d32']
    """
    rows = [
        {"year": y, "series": n, "value": v}
        for y, n, v in lines.select("year", "name", "value").iter_rows()
        if v is not None
    ]
    band_rows = [
        {"year": y, "q1": q1, "median": m, "q3": q3, "band": text.band, "series": text.median}
        for y, q1, m, q3 in band.select("year", "q1", "median", "q3").iter_rows()
    ]
    years = [r["year"] for r in rows] + [r["year"] for r in band_rows]
    x = {
        "field": "year",
        "type": "quantitative",
        "title": text.x,
        "scale": {"domain": [min(years, default=0), max(years, default=0)]},
        "axis": {"format": "d", "tickMinStep": 1},
    }
    value_format = ",.4~f"
    names = [*order, text.median]
    colours = [*[ACCENT, *OTHERS][: len(order)], MEDIAN]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": band_rows},
            "mark": {"type": "area", "color": BAND, "opacity": 0.7},
            "encoding": {
                "x": x,
                "y": {"field": "q1", "type": "quantitative", "title": text.y},
                "y2": {"field": "q3"},
                "tooltip": [
                    {"field": "year", "type": "quantitative", "title": text.x, "format": "d"},
                    {"field": "q1", "type": "quantitative", "format": value_format},
                    {"field": "q3", "type": "quantitative", "format": value_format},
                ],
            },
        },
        {
            "data": {"values": band_rows},
            "mark": {"type": "line", "color": MEDIAN, "strokeDash": [6, 4], "strokeWidth": 1.5},
            "encoding": {"x": x, "y": {"field": "median", "type": "quantitative"}},
        },
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"size": 30, "aria": False}},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": text.y},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": names, "range": colours},
                    "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
                },
                "strokeWidth": {
                    "condition": {"test": f"datum.series === {order[0]!r}", "value": 3},
                    "value": 1.5,
                },
                "tooltip": [
                    {"field": "series", "type": "nominal"},
                    {"field": "year", "type": "quantitative", "title": text.x, "format": "d"},
                    {
                        "field": "value",
                        "type": "quantitative",
                        "title": text.value,
                        "format": value_format,
                    },
                ],
            },
        },
    ]
    _silent(layers)
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": "container",
        "height": 320,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "layer": layers,
        "config": _config(numbers),
    }
