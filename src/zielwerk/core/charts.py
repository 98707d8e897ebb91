"""Vega-Lite specifications for the portal's charts and maps, built from polars frames.

One specification serves the screen (vega-embed in the browser), the no-JavaScript and print
view and the image downloads (both rendered on the server with vl-convert). The web layer
passes every visible word in (``ChartText``), so this module stays free of Django and of any
language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# German number format for axes and tooltips (d3-format locale).
GERMAN_NUMBERS: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", "\u00a0€"],
}
ENGLISH_NUMBERS: dict[str, Any] = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["€", ""],
}
INK = "#171a22"
ACCENT = "#0b4fa3"
TARGET = "#8a1010"
MISSING = "#ffffff"
MISSING_STROKE = "#6b7280"
# Fewer distinct years than this: bars read better than a line.
BAR_BELOW_YEARS = 4


@dataclass(frozen=True)
class ChartText:
    """The words of a chart, in the reader's language."""

    title: str
    description: str  # the text alternative (aria-label of the chart)
    x: str  # "Jahr"
    y: str  # the unit
    value: str  # "Wert"
    target: str = ""  # "Ziel"
    region: str = ""  # "Region" (maps)
    no_data: str = ""  # "keine Daten" (maps)


@dataclass(frozen=True)
class TargetMark:
    """A target drawn on a chart: a horizontal line at ``value``; with a year, a marked point."""

    value: float
    year: int | None
    label: str


def _config(numbers: Mapping[str, Any]) -> dict[str, Any]:
    return {
        # One accessible image per chart: its description is the text alternative, the marks
        # and axes are hidden from screen readers (the table beside the chart has the numbers).
        "aria": False,
        "locale": {"number": dict(numbers)},
        "font": "Fira Sans, system-ui, sans-serif",
        "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12, "titleFontSize": 12},
        "legend": {"labelColor": INK, "titleColor": INK, "labelFontSize": 12},
        "title": {"color": INK, "fontSize": 14, "anchor": "start"},
        "view": {"stroke": None},
    }


def _silent(layers: list[dict[str, Any]]) -> None:
    """Hide the marks from screen readers: the chart is one image with a description."""
    for layer in layers:
        layer["mark"]["aria"] = False


def _year_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    rows = frame.select("year", "label", "value", "flags").sort("year").to_dicts()
    return [{**row, "label": row["label"] or str(row["year"])} for row in rows]


def _target_layers(
    targets: Sequence[TargetMark], text: ChartText, x_field: str, *, bars: bool
) -> list[dict[str, Any]]:
    if not targets:
        return []
    values = [
        {"target": t.value, "target_year": t.year, "target_label": t.label, "x": t.year}
        for t in targets
    ]
    rule: dict[str, Any] = {
        "mark": {"type": "rule", "color": TARGET, "strokeDash": [6, 4], "strokeWidth": 2},
        "encoding": {
            "y": {"field": "target", "type": "quantitative"},
            "tooltip": [{"field": "target_label", "type": "nominal", "title": text.target}],
        },
    }
    layers: list[dict[str, Any]] = [{"data": {"values": values}, **rule}]
    dated = [v for v in values if v["target_year"] is not None]
    if dated and not bars:
        point = {
            "data": {"values": dated},
            "mark": {"type": "point", "shape": "diamond", "size": 120, "filled": True},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "target", "type": "quantitative"},
                "color": {"value": TARGET},
                "tooltip": [{"field": "target_label", "type": "nominal", "title": text.target}],
            },
        }
        label = {
            "data": {"values": dated},
            "mark": {"type": "text", "align": "right", "dx": -8, "dy": -10, "color": TARGET},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "target", "type": "quantitative"},
                "text": {"field": "target_label"},
            },
        }
        layers += [point, label]
    return layers


def series_chart(
    frame: pl.DataFrame,
    *,
    text: ChartText,
    targets: Sequence[TargetMark] = (),
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """A line chart (bars for fewer than four years) of one series over the years, with the
    targets as a dashed line and, where they have a year, a marked point in that year.

    ``frame`` has the columns ``year`` (int), ``label`` (the period as published, may be
    empty), ``value`` and ``flags``.

    >>> f = pl.DataFrame({"year": [2020, 2021, 2022, 2023], "label": [""] * 4,
    ...     "value": [1.0, 2.0, 3.0, 4.0], "flags": ["", "", "", "p"]})
    >>> t = ChartText(title="T", description="D", x="Jahr", y="%", value="Wert", target="Ziel")
    >>> spec = series_chart(f, text=t, targets=[TargetMark(10.0, 2030, "Ziel 2030: 10")])
    >>> spec["layer"][0]["mark"]["type"], spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    ('line', [2020, 2030])
    >>> [row["value"] for row in spec["data"]["values"]]
    [1.0, 2.0, 3.0, 4.0]
    """
    rows = _year_rows(frame)
    years = [row["year"] for row in rows]
    bars = len(set(years)) < BAR_BELOW_YEARS
    tooltip = [
        {"field": "label", "type": "nominal", "title": text.x},
        {"field": "value", "type": "quantitative", "title": text.value, "format": ",.4~f"},
        {"field": "flags", "type": "nominal", "title": "⚑"},
    ]
    y = {"field": "value", "type": "quantitative", "title": text.y}
    if bars:
        x: dict[str, Any] = {"field": "label", "type": "ordinal", "title": text.x, "sort": None}
        x["axis"] = {"labelAngle": 0}
        main: dict[str, Any] = {"type": "bar", "color": ACCENT, "width": {"band": 0.6}}
    else:
        ends = [min(years, default=0), max(years, default=0)]
        ends[1] = max([ends[1], *(t.year for t in targets if t.year is not None)])
        x = {"field": "year", "type": "quantitative", "title": text.x, "scale": {"domain": ends}}
        x["axis"] = {"format": "d", "tickMinStep": 1}
        point = {"size": 50, "aria": False}
        main = {"type": "line", "color": ACCENT, "strokeWidth": 2.5, "point": point}
    layers = [{"mark": main, "encoding": {"x": x, "y": y, "tooltip": tooltip}}]
    layers += _target_layers(targets, text, "x", bars=bars)
    _silent(layers)
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": "container",
        "height": 320,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": rows},
        "layer": layers,
        "config": _config(numbers),
    }


def map_features(geometries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """GeoJSON features keyed by ARS (``properties.ars``) for the regions of a map.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}
    >>> map_features({"010000000000": square})[0]["properties"]
    {'ars': '010000000000'}
    """
    return [
        {"type": "Feature", "properties": {"ars": ars}, "geometry": dict(geometry)}
        for ars, geometry in geometries.items()
    ]


def choropleth(
    frame: pl.DataFrame,
    *,
    text: ChartText,
    features: Sequence[Mapping[str, Any]] | None = None,
    features_url: str = "",
    values_url: str = "",
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """A choropleth of the regions in ``frame`` (columns ``region``, ``name``, ``value``,
    ``flags``): regions without a value white with a grey outline, the others coloured in
    five classes with a legend. The outlines come inline (``features``, for server-side
    rendering) or from ``features_url`` (a GeoJSON FeatureCollection the browser caches).
    With ``values_url`` the values, too, come from a URL (a JSON object whose ``values`` are
    the rows of ``frame``), so a map of thousands of regions is a spec of constant size.

    >>> f = pl.DataFrame({"region": ["01"], "name": ["SH"], "value": [3.5], "flags": [""]})
    >>> t = ChartText(title="T", description="D", x="", y="%", value="Wert", region="Land")
    >>> spec = choropleth(f, text=t, features_url="/karten/land.geojson")
    >>> spec["data"]["url"], spec["layer"][1]["transform"][0]["from"]["data"]["values"][0]["name"]
    ('/karten/land.geojson', 'SH')
    """
    if features is not None:
        data: dict[str, Any] = {"values": list(features)}
    else:
        data = {"url": features_url, "format": {"type": "json", "property": "features"}}
    values: dict[str, Any] = (
        {"url": values_url, "format": {"type": "json", "property": "values"}}
        if values_url
        else {"values": frame.select("region", "name", "value", "flags").to_dicts()}
    )
    lookup = {
        "lookup": "properties.ars",
        "from": {"data": values, "key": "region", "fields": ["name", "value", "flags"]},
    }
    tooltip = [
        {"field": "name", "type": "nominal", "title": text.region},
        {"field": "value", "type": "quantitative", "title": text.value, "format": ",.4~f"},
        {"field": "flags", "type": "nominal", "title": "⚑"},
    ]
    colour = {
        "field": "value",
        "type": "quantitative",
        "title": text.y,
        "scale": {
            "type": "quantize",
            "nice": True,
            "scheme": {"name": "blues", "extent": [0.25, 1]},
        },
        "legend": {"format": ",.4~f", "orient": "right"},
    }
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": 360,
        "height": 440,
        "projection": {"type": "mercator"},
        "data": data,
        "layer": [
            {
                "mark": {
                    "type": "geoshape",
                    "aria": False,
                    "fill": MISSING,
                    "stroke": MISSING_STROKE,
                    "strokeWidth": 0.5,
                }
            },
            {
                "transform": [lookup, {"filter": "isValid(datum.value)"}],
                "mark": {"type": "geoshape", "aria": False, "stroke": "#fff", "strokeWidth": 0.5},
                "encoding": {"color": colour, "tooltip": tooltip},
            },
        ],
        "config": _config(numbers),
    }
