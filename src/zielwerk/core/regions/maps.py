"""Region outlines as inline SVG, drawn on the server so maps work without JavaScript.

Geometries are GeoJSON-like mappings (Polygon or MultiPolygon) in WGS84 longitude/latitude.
The projection is equirectangular with longitudes scaled by the cosine of the middle
latitude: at the scale of a German region this keeps shapes true to within a few percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

Ring = Sequence[Sequence[float]]
_PAD = 4.0


@dataclass(frozen=True)
class MapShape:
    """One outline to draw: its geometry, a label (shown as tooltip and for screen readers)
    and an optional link target."""

    geometry: Mapping[str, Any]
    label: str
    href: str | None = None


@dataclass(frozen=True)
class _Frame:
    """Maps lon/lat to SVG user units."""

    west: float
    north: float
    kx: float
    scale: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) * self.kx * self.scale + _PAD
        y = (self.north - lat) * self.scale + _PAD
        return round(x, 1), round(y, 1)


def polygon_rings(geometry: Mapping[str, Any]) -> Iterator[Ring]:
    """All rings (exterior and holes) of a Polygon or MultiPolygon.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    >>> len(list(polygon_rings(square)))
    1
    """
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon
    else:
        raise ValueError(f"Geometrietyp {kind!r} wird nicht unterstützt (Polygon, MultiPolygon)")


def bounds(geometries: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the geometries.

    >>> bounds([{"type": "Polygon", "coordinates": [[[6, 47], [15, 47], [15, 55], [6, 47]]]}])
    (6.0, 47.0, 15.0, 55.0)
    """
    west = south = math.inf
    east = north = -math.inf
    for geometry in geometries:
        for ring in polygon_rings(geometry):
            for lon, lat, *_ in ring:
                west, east = min(west, lon), max(east, lon)
                south, north = min(south, lat), max(north, lat)
    if west > east:
        raise ValueError("Keine Koordinaten zum Zeichnen")
    return float(west), float(south), float(east), float(north)


def _frame(box: tuple[float, float, float, float], width: float) -> tuple[_Frame, float]:
    west, south, east, north = box
    kx = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * kx, (north - south) * 1e-3, 1e-9)
    scale = (width - 2 * _PAD) / span
    height = (north - south) * scale + 2 * _PAD
    return _Frame(west, north, kx, scale), round(height, 1)


def _path_data(geometry: Mapping[str, Any], frame: _Frame) -> str:
    parts: list[str] = []
    for ring in polygon_rings(geometry):
        points: list[tuple[float, float]] = []
        for lon, lat, *_ in ring:
            point = frame.point(lon, lat)
            if not points or points[-1] != point:
                points.append(point)
        if len(points) < 3:
            continue
        coords = " ".join(f"{x:g} {y:g}" for x, y in points[1:])
        parts.append(f"M{points[0][0]:g} {points[0][1]:g}L{coords}Z")
    return "".join(parts)


def _shape_element(shape: MapShape, frame: _Frame, css_class: str) -> str:
    path = (
        f'<path class="{css_class}" d="{_path_data(shape.geometry, frame)}">'
        f"<title>{escape(shape.label)}</title></path>"
    )
    if shape.href:
        return f'<a href="{escape(shape.href)}">{path}</a>'
    return path


_STYLE = (
    "<style>"
    ".zw-map__context{fill:#eef1f6;stroke:#8a93a6;stroke-width:.5}"
    ".zw-map__region{fill:#cfdcf0;stroke:#0b4fa3;stroke-width:1.5}"
    ".zw-map__child{fill:#dde6f4;stroke:#5a77a6;stroke-width:.6}"
    ".zw-map__focus{fill:#0b4fa3;stroke:#0b4fa3;stroke-width:2}"
    ".zw-map__outline{fill:none;stroke:#0b4fa3;stroke-width:1.5;pointer-events:none}"
    "a:hover .zw-map__child,a:focus .zw-map__child{fill:#0b4fa3}"
    "</style>"
)


def outline_svg(
    region: MapShape,
    *,
    title: str,
    children: Sequence[MapShape] = (),
    context: MapShape | None = None,
    width: int = 560,
) -> str:
    """An accessible inline SVG of a region's outline.

    With ``children`` the region is drawn as the mosaic of its children (each linked when it
    has an href) under the region's outline; with ``context`` (e.g. the Kreis of a Gemeinde)
    the map is framed by the context and the region is highlighted in it.

    >>> square = {"type": "Polygon", "coordinates": [[[9, 54], [10, 54], [10, 55], [9, 54]]]}
    >>> svg = outline_svg(MapShape(square, "Beispiel"), title="Karte von Beispiel")
    >>> svg.startswith("<svg") and 'role="img"' in svg and "<title>Karte von Beispiel" in svg
    True
    """
    framing = [context.geometry] if context is not None else [region.geometry]
    frame, height = _frame(bounds(framing), float(width))
    body: list[str] = []
    if context is not None:
        body.append(_shape_element(context, frame, "zw-map__context"))
    if children:
        body.extend(_shape_element(child, frame, "zw-map__child") for child in children)
        body.append(_shape_element(region, frame, "zw-map__outline"))
    else:
        focus = "zw-map__focus" if context is not None else "zw-map__region"
        body.append(_shape_element(region, frame, focus))
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:g}" '
        f'width="{width}" height="{height:g}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{_STYLE}{''.join(body)}</svg>"
    )
