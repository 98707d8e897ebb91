"""The data part of an indicator page: filters, chart, table, map, flags, sources, downloads.

``indicator_panel`` is the one selector the indicator page calls for its numbers. The result is
cached per version (data and catalogue), selection and language. The page shows the chart and
the map as images (``diagramm.svg``, ``karte.svg`` with the page's selection), so rendering a
page never waits for vl-convert; the images are rendered on request and cached by their spec.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape  # Django's escape is this, without the lazy-string wrapper
from typing import Any

import polars as pl
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.catalogue.units import unit_label
from zielwerk.core.assessment.scope import covers
from zielwerk.core.charts import (
    ChartText,
    TargetMark,
    choropleth,
    map_features,
    series_chart,
)
from zielwerk.core.regions import BUND_ARS
from zielwerk.monitoring import council
from zielwerk.regions.models import Region, RegionOutline

from . import indicator_data as data
from .comparison import Comparison, region_comparison
from .rendering import cached, spec_json
from .texts import LEVEL_MAP_TITLES, chart_numbers, flag_text, number, series_label


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class Figure:
    """A chart or map: the spec for vega-embed and the text alternative. The server-side
    rendering is an image (``diagramm.svg``/``karte.svg``, see ``server_spec``)."""

    spec_json: str  # for vega-embed (a map loads its outlines and its values by URL)
    description: str
    title: str
    values_json: str = ""  # a map's values (``karte.json``), inlined for server rendering


@dataclass(frozen=True)
class Panel:
    selection: data.Selection
    series_name: str
    series_choices: list[Choice]
    unit_choices: list[Choice]
    year_choices: list[Choice]
    region_name: str
    rows_html: SafeString
    chart: Figure | None
    targets: list[str]
    map_rows_html: SafeString
    map_count: int
    map: Figure | None
    map_title: str
    flags_used: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    latest_year: int | None = None
    map_page: int = 1
    map_pages: int = 1
    comparison: Comparison | None = None
    council_targets: list[Any] = field(default_factory=list)


def _applies(unit: str, series: str, selection: data.Selection) -> bool:
    return selection.unit in unit.split(";") and covers(series, selection.series)


def chart_targets(
    selection: data.Selection, national: list[DnsTarget], adopted: list[Any]
) -> list[TargetMark]:
    """The targets with a value that apply to the shown series: national targets only on
    Germany's series in their unit, a council's targets only on its region's series in theirs."""
    marks = []
    if selection.region is not None and selection.region.ars == BUND_ARS:
        for spec in national:
            if spec.target_value is None or spec.kind == DnsTarget.Kind.DIRECTION:
                continue
            if not _applies(spec.unit, spec.series, selection):
                continue
            marks.append(_mark(spec.target_value, spec.target_year, council=False))
    for item in adopted:
        target = item.current
        if target.target_value is None or target.kind == DnsTarget.Kind.DIRECTION:
            continue
        if _applies(target.unit, target.series, selection):
            marks.append(_mark(target.target_value, target.target_year, council=True))
    return marks


def _mark(target_value: float, target_year: int | None, *, council: bool) -> TargetMark:
    value = number(target_value, trim=True)
    if council and target_year:
        label = _("Ratsziel %(year)s: %(value)s") % {"year": target_year, "value": value}
    elif council:
        label = _("Ratsziel (jedes Jahr): %(value)s") % {"value": value}
    elif target_year:
        label = _("Ziel %(year)s: %(value)s") % {"year": target_year, "value": value}
    else:
        label = _("Ziel (jedes Jahr): %(value)s") % {"value": value}
    return TargetMark(target_value, target_year, label)


def _flags_html(flags: str) -> str:
    if not flags:
        return ""
    return f'<span class="zw-code">{escape(flags)}</span> {escape(flag_text(flags))}'


# The table rows are built here with plain string formatting (every value escaped), not in a
# template loop or with format_html per row: a map table has hundreds of rows, and this is one
# of the larger costs of a page whose data is not cached yet.


def _rows_html(frame: pl.DataFrame) -> SafeString:
    """The table rows (year, value, flags)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            f'<tr><th scope="row">{escape(period or str(year))}</th>'
            f'<td class="zw-num">{escape(number(value))}</td><td>{_flags_html(flags)}</td></tr>'
            for _ars, _name, year, period, value, flags in frame.iter_rows()
        )
    )


def _map_rows_html(frame: pl.DataFrame) -> SafeString:
    """The map table rows (region with a link to its page, value, flags)."""
    prefix = escape(reverse("regions:detail", args=["000000000000"]).removesuffix("000000000000/"))
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(
            f'<tr><th scope="row"><a href="{prefix}{escape(ars)}/">{escape(name)}</a></th>'
            f'<td class="zw-num">{escape(number(value))}</td><td>{_flags_html(flags)}</td></tr>'
            for ars, name, _year, _period, value, flags in frame.iter_rows()
        )
    )


def _chart(
    indicator: Indicator, selection: data.Selection, frame: pl.DataFrame, marks: list[TargetMark]
) -> Figure | None:
    if frame.is_empty():
        return None
    region = selection.region.name if selection.region else ""
    values = frame.get_column("value").to_list()
    labels = [p or str(y) for y, p in zip(frame["year"], frame["period"], strict=True)]
    description = _(
        "Diagramm: %(title)s, %(series)s, %(region)s, %(first)s bis %(last)s. Erster Wert "
        "%(first_value)s, letzter Wert %(last_value)s (%(unit)s). %(targets)s"
        "Alle Werte stehen in der Tabelle unter dem Diagramm."
    ) % {
        "title": indicator.title,
        "series": series_label(selection.series),
        "region": region,
        "first": labels[0],
        "last": labels[-1],
        "first_value": number(values[0]),
        "last_value": number(values[-1]),
        "unit": unit_label(selection.unit or indicator.unit),
        "targets": "".join(mark.label + ". " for mark in marks),
    }
    text = ChartText(
        title=f"{indicator.code} {indicator.title}"[:120],
        description=description,
        x=_("Jahr"),
        y=unit_label(selection.unit or indicator.unit),
        value=_("Wert"),
        target=_("Ziel"),
    )
    chart_frame = frame.select("year", pl.col("period").alias("label"), "value", "flags")
    spec = series_chart(chart_frame, text=text, targets=marks, numbers=chart_numbers())
    return Figure(spec_json(spec), description, text.title)


def outlines(level: str, scope: str) -> list[dict[str, Any]]:
    def load() -> list[dict[str, Any]]:
        found = RegionOutline.objects.filter(
            region__level=level, region__ars__startswith=scope
        ).values_list("region__ars", "geojson")
        return map_features({ars: json.loads(text) for ars, text in found})

    return cached(f"outlines:{level}:{scope}", load, versioned=False)


def _map(indicator: Indicator, selection: data.Selection, frame: pl.DataFrame) -> Figure | None:
    if frame.is_empty():
        return None
    level = str(LEVEL_MAP_TITLES.get(selection.map_level, selection.map_level))
    top = frame.sort("value", descending=True)
    description = _(
        "Karte der %(level)s, %(year)s: höchster Wert %(max_name)s (%(max)s), niedrigster Wert "
        "%(min_name)s (%(min)s), %(unit)s. Alle Werte stehen in der Tabelle zur Karte."
    ) % {
        "level": level,
        "year": selection.map_year,
        "max_name": top["name"][0],
        "max": number(top["value"][0]),
        "min_name": top["name"][-1],
        "min": number(top["value"][-1]),
        "unit": unit_label(selection.unit or indicator.unit),
    }
    title = _("%(code)s nach %(level)s, %(year)s") % {
        "code": indicator.code,
        "level": level,
        "year": selection.map_year,
    }
    text = ChartText(
        title=title,
        description=description,
        x="",
        y=unit_label(selection.unit or indicator.unit),
        value=_("Wert"),
        region=_("Region"),
        no_data=_("keine Daten"),
    )
    scope = selection.map_scope or "de"
    url = reverse("portal:outlines", args=[selection.map_level, scope])
    # The values come by URL too: the page's HTML stays the same size for a map of 40 or of
    # 2,300 regions (the browser loads outlines and values once, both cached).
    values_url = reverse("portal:indicator_map_values", args=[indicator.code])
    shown = frame.select("region", "name", "value", "flags")
    client = choropleth(
        shown,
        text=text,
        features_url=url,
        values_url=f"{values_url}?{selection.query}",
        numbers=chart_numbers(),
    )
    values = json.dumps({"values": shown.to_dicts()}, ensure_ascii=False, separators=(",", ":"))
    return Figure(spec_json(client), description, title, values_json=values)


def server_spec(figure_spec: str, values_json: str = "") -> dict[str, Any]:
    """A figure's spec for rendering on the server: map outlines and values inline, not by
    URL."""
    spec: dict[str, Any] = json.loads(figure_spec)
    url = spec.get("data", {}).get("url", "")
    if url:
        level, scope = url.rstrip("/").split("/")[-2:]
        scope = scope.removesuffix(".geojson")
        spec["data"] = {"values": outlines(level, "" if scope == "de" else scope)}
    if values_json:
        values = json.loads(values_json)["values"]
        for layer in spec.get("layer", []):
            for step in layer.get("transform", []):
                if "url" in step.get("from", {}).get("data", {}):
                    step["from"]["data"] = {"values": values}
    return spec


def _choices(selection: data.Selection) -> tuple[list[Choice], list[Choice], list[Choice]]:
    series = sorted({s for s, _unit in selection.pairs})
    units = [u for s, u in selection.pairs if s == selection.series]
    return (
        [Choice(s, series_label(s), s == selection.series) for s in series],
        [Choice(u, unit_label(u) or _("ohne Einheit"), u == selection.unit) for u in units],
        [Choice(str(y), str(y), y == selection.map_year) for y in selection.map_years],
    )


def _council(selection: data.Selection, indicator: Indicator) -> list[Any]:
    if selection.region is None or selection.region.ars == BUND_ARS:
        return []
    region_id = Region.objects.filter(ars=selection.region.ars).values_list("pk", flat=True)
    return council.public(region_ids=list(region_id), indicator_id=indicator.pk)


def _build(indicator: Indicator, selection: data.Selection, page: int) -> Panel:
    chart_frame = data.chart_rows(selection)
    map_frame = data.map_rows(selection)
    adopted = _council(selection, indicator)
    marks = chart_targets(selection, list(indicator.dns_targets.all()), adopted)
    pages = max(1, -(-map_frame.height // data.MAP_PAGE_ROWS))
    page = min(max(page, 1), pages)
    map_page_frame = map_frame.slice((page - 1) * data.MAP_PAGE_ROWS, data.MAP_PAGE_ROWS)
    used = set("".join(chart_frame["flags"].to_list() + map_frame["flags"].to_list()))
    series, units, years = _choices(selection)
    summary = data.indicator_summary(indicator.pk)
    level = str(LEVEL_MAP_TITLES.get(selection.map_level, ""))
    return Panel(
        selection=selection,
        series_name=series_label(selection.series),
        series_choices=series,
        unit_choices=units,
        year_choices=years,
        region_name=selection.region.name if selection.region else "",
        rows_html=_rows_html(chart_frame),
        chart=_chart(indicator, selection, chart_frame, marks),
        targets=[m.label for m in marks],
        map_rows_html=_map_rows_html(map_page_frame),
        map_count=map_frame.height,
        map=_map(indicator, selection, map_frame),
        map_title=level,
        flags_used=[(sign, flag_text(sign)) for sign in sorted(used)],
        sources=list(summary.sources),
        latest_year=summary.latest_year,
        map_page=page,
        map_pages=pages,
        comparison=region_comparison(indicator, selection) if selection.focus else None,
        council_targets=adopted,
    )


def indicator_panel(*, indicator: Indicator, params: dict[str, str]) -> Panel | None:
    """Everything the indicator page shows about its observations, or None without data."""
    selection = data.selection_resolve(
        indicator_id=indicator.pk, code=indicator.code, params=params
    )
    if selection is None:
        return None
    text = params.get(data.PARAM_PAGE, "1")
    page = int(text) if text.isdigit() and len(text) < 6 else 1
    key = f"panel:{indicator.pk}:{get_language()}:{selection.query}:{page}"
    return cached(key, lambda: _build(indicator, selection, page))


def indicator_section(
    *, request: HttpRequest, indicator: Indicator, params: dict[str, str]
) -> tuple[str, bool]:
    """The rendered data section of the indicator page and whether it has data (the page
    caches it with the rest of its content, see ``catalogue.views.indicator``)."""
    panel = indicator_panel(indicator=indicator, params=params)
    context = {"panel": panel, "indicator": indicator}
    html = render_to_string("catalogue/_indicator_data.html", context, request=request)
    return html, panel is not None
