"""The Vega-Lite spec of a municipality's partner map (rendered to SVG on the server)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zielwerk.core.partnerships import centroid

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
COLOURS = ("#b3001b", "#1f4e9c")  # the municipality; its partners
OUTLINE_FILL, OUTLINE_STROKE = "#e6e6e6", "#767676"


def partnership_map_spec(
    *,
    name: str,
    germany: Mapping[str, Any] | None,
    own: Mapping[str, Any] | None,
    partners: Sequence[tuple[str, str, float | None, float | None]],
    description: str,
    labels: Mapping[str, str],
) -> dict[str, Any]:
    """Germany's outline, the municipality (the centroid of its outline) and its partners
    (name, country, lat, lon) as labelled points; equal-earth projection fitted to all.

    >>> spec = partnership_map_spec(name="Köln", germany=None, own=None,
    ...     partners=[("Liverpool", "United Kingdom", 53.4, -2.98)], description="Karte",
    ...     labels={"municipality": "Kommune", "partner": "Partnerstadt", "name": "Name",
    ...             "country": "Staat"})
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['circle', 'text']
    >>> spec["layer"][0]["data"]["values"][0]["name"]
    'Liverpool'
    """
    points = [
        {"name": partner, "country": country, "lat": lat, "lon": lon, "role": labels["partner"]}
        for partner, country, lat, lon in partners
        if lat is not None and lon is not None
    ]
    if own is not None:
        lat, lon = centroid(own)
        points.append(
            {"name": name, "country": "", "lat": lat, "lon": lon, "role": labels["municipality"]}
        )
    _label_sparse(points, first=labels["municipality"])
    position = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    layers: list[dict[str, Any]] = []
    if germany is not None:
        layers.append(
            {
                "data": {"values": [{"type": "Feature", "properties": {}, "geometry": germany}]},
                "mark": {"type": "geoshape", "fill": OUTLINE_FILL, "stroke": OUTLINE_STROKE},
            }
        )
    layers += [
        {
            "data": {"values": points},
            "mark": {"type": "circle", "size": 60, "opacity": 1},
            "encoding": {
                **position,
                "color": {
                    "field": "role",
                    "type": "nominal",
                    "scale": {
                        "domain": [labels["municipality"], labels["partner"]],
                        "range": list(COLOURS),
                    },
                    "legend": {"title": None, "orient": "bottom"},
                },
                "tooltip": [
                    {"field": "name", "title": labels["name"]},
                    {"field": "country", "title": labels["country"]},
                ],
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "text", "dy": -9, "fontSize": 10, "color": "#1b1b1b"},
            "encoding": {**position, "text": {"field": "label"}},
        },
    ]
    for layer in layers:
        # one accessible image (the spec's description); the table beside it names the places
        layer["mark"]["aria"] = False
    return {
        "$schema": SCHEMA,
        "config": {
            "aria": False,
            "font": "Fira Sans, system-ui, sans-serif",
            "view": {"stroke": None},
        },
        "description": description,
        "width": 640,
        "height": 420,
        "projection": {"type": "equalEarth"},
        "layer": layers,
    }


def _label_sparse(points: list[dict[str, Any]], *, first: str) -> None:
    """Give a point a ``label`` only when no labelled point lies near it (greedy, the
    municipality first): crowded labels would overprint each other; the table names all."""
    if not points:
        return
    lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
    near = max(max(lons) - min(lons), max(lats) - min(lats), 1.0) / 30
    labelled: list[dict[str, Any]] = []
    for point in sorted(points, key=lambda p: p["role"] != first):
        crowded = any(
            abs(point["lon"] - o["lon"]) < 2 * near and abs(point["lat"] - o["lat"]) < near
            for o in labelled
        )
        point["label"] = "" if crowded else point["name"]
        if not crowded:
            labelled.append(point)
