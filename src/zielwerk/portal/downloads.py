"""Downloads of an indicator page: its numbers (CSV, XLSX), its chart and map (SVG, PNG), and
the region outlines its map loads in the browser."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from zielwerk.catalogue.models import Indicator
from zielwerk.core.observations import write_tidy_csv, write_tidy_xlsx
from zielwerk.core.regions import Level

from . import indicator_data as data
from .indicator_panel import indicator_panel, outlines, server_spec
from .rendering import cached, chart_png, chart_svg

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
    "json": "application/json",
}
FIGURES = ("diagramm", "karte", "vergleich")


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


def _slug(code: str) -> str:
    return code.replace(".", "-")


def indicator_table_download(*, code: str, params: dict[str, str], fmt: str) -> Download | None:
    """The page's observations (chart and map rows) as tidy CSV or XLSX; None without data."""
    indicator = Indicator.objects.public().get(code=code)
    selection = data.selection_resolve(indicator_id=indicator.pk, code=code, params=params)
    if selection is None:
        return None

    def write() -> bytes:
        frame = data.shown_observations(selection)
        writer = write_tidy_csv if fmt == "csv" else write_tidy_xlsx
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "out." + fmt)
            writer(frame, path)
            return path.read_bytes()

    content = cached(f"table:{indicator.pk}:{fmt}:{selection.query}", write)
    return Download(content, f"indikator-{_slug(code)}.{fmt}", CONTENT_TYPES[fmt])


def indicator_image_download(
    *, code: str, params: dict[str, str], figure: str, fmt: str
) -> Download | None:
    """The page's chart (``diagramm``) or map (``karte``) as SVG or PNG; None when the page
    shows no such figure."""
    indicator = Indicator.objects.public().prefetch_related("dns_targets").get(code=code)
    panel = indicator_panel(indicator=indicator, params=params)
    if panel is None:
        return None
    shown = {"diagramm": panel.chart, "karte": panel.map, "vergleich": panel.comparison}[figure]
    if shown is None:
        return None
    spec = server_spec(shown.spec_json, getattr(shown, "values_json", ""))
    if fmt == "svg":
        content = ('<?xml version="1.0" encoding="UTF-8"?>\n' + chart_svg(spec)).encode()
    else:
        content = chart_png(spec)
    name = f"indikator-{_slug(code)}-{figure}.{fmt}"
    return Download(content, name, CONTENT_TYPES[fmt])


def indicator_map_values(*, code: str, params: dict[str, str]) -> Download | None:
    """The values of the page's map (``karte.json``: ``{"values": [{region, name, value,
    flags}, …]}``), which colour the shared outlines in the browser; None without a map."""
    indicator = Indicator.objects.public().prefetch_related("dns_targets").get(code=code)
    panel = indicator_panel(indicator=indicator, params=params)
    if panel is None or panel.map is None:
        return None
    name = f"indikator-{_slug(code)}-karte.json"
    return Download(panel.map.values_json.encode(), name, CONTENT_TYPES["json"])


def outlines_geojson(*, level: str, scope: str) -> bytes:
    """The outlines of the regions of ``level`` whose ARS starts with ``scope`` ("de": all), as
    a GeoJSON FeatureCollection (the maps' geometry, loaded once by the browser)."""
    Level(level)  # raises ValueError for an unknown level
    prefix = "" if scope == "de" else scope

    def encode() -> bytes:
        collection = {"type": "FeatureCollection", "features": outlines(level, prefix)}
        return json.dumps(collection, separators=(",", ":")).encode()

    return cached(f"outlines-json:{level}:{prefix}", encode, versioned=False)
