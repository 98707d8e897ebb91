"""A municipality's view of an indicator: against its Kreis, Land, Germany and its peers.

Shown on an indicator page opened for one region (``?region=<ARS>``): the region's series,
the same series and unit of its Kreis, Land and Germany, and the median and interquartile
band of its peer group (similar municipalities, ``zielwerk.core.peers``), as a chart and as
a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import Indicator
from zielwerk.catalogue.units import unit_label
from zielwerk.core.comparison_chart import ComparisonText, comparison_chart
from zielwerk.core.peers import PEER_TYPES
from zielwerk.core.regions import BUND_ARS
from zielwerk.monitoring.frames import observations_frame_of
from zielwerk.monitoring.models import Observation, PeerBand
from zielwerk.regions.models import Region

from . import indicator_data as data
from .rendering import spec_json
from .texts import chart_numbers, number


@dataclass(frozen=True)
class ComparisonRow:
    year: int
    values: list[str]  # one per column, "–" where missing


@dataclass(frozen=True)
class Comparison:
    spec_json: str
    title: str
    description: str
    group: str  # the peer group in words
    group_size: int
    columns: list[str]
    rows: list[ComparisonRow]


def peer_type_label(code: str) -> str:
    """A peer type code in the active language."""
    names = PEER_TYPES.get(code)
    if names is None:
        return ""
    return names[1] if (get_language() or "de").startswith("en") else names[0]


def comparison_regions(region: Region) -> list[Region]:
    """The region, then its Kreis (for a Gemeinde), Land and Germany, as stored."""
    wanted = [region.ars]
    if region.level == Region.Level.ABROAD:
        return [region]  # compared with its own series only; Germany is no parent of it
    if region.level == Region.Level.GEMEINDE:
        wanted.append(region.ars[:5] + "0" * 7)
    if region.level != Region.Level.BUND:
        wanted += [region.ars[:2] + "0" * 10, BUND_ARS]
    found = Region.objects.in_bulk(wanted, field_name="ars")
    return [found[ars] for ars in dict.fromkeys(wanted) if ars in found]


def region_comparison(indicator: Indicator, selection: data.Selection) -> Comparison | None:
    if selection.region is None:
        return None
    region = Region.objects.get(ars=selection.region.ars)
    regions = comparison_regions(region)
    # A Kreis is often named like its Kreisstadt: "Coesfeld (Kreis)" keeps the lines apart.
    names = {
        r.ars: f"{r.name} ({r.kind})" if r.ars != region.ars and r.level == "kreis" else r.name
        for r in regions
    }
    found = Observation.objects.filter(
        indicator=indicator,
        series=selection.series,
        unit=selection.unit,
        region__ars__in=list(names),
    )
    lines = (
        observations_frame_of(found.order_by(), ("region", "year", "value"))
        .rename({"region": "ars"})
        .with_columns(name=pl.col("ars").replace_strict(names, return_dtype=pl.String))
    )
    band = pl.DataFrame(
        list(
            PeerBand.objects.filter(
                indicator=indicator, series=selection.series, group=region.peer_type
            )
            .order_by("year")
            .values_list("year", "q1", "median", "q3", "n")
        ),
        schema={
            "year": pl.Int64,
            "q1": pl.Float64,
            "median": pl.Float64,
            "q3": pl.Float64,
            "n": pl.Int64,
        },
        orient="row",
    )
    if lines.get_column("ars").n_unique() < 2 and band.is_empty():
        return None
    group = peer_type_label(region.peer_type)
    order = [names[r.ars] for r in regions if r.ars in set(lines.get_column("ars").to_list())]
    text = ComparisonText(
        title=_("%(region)s im Vergleich") % {"region": region.name},
        description=_(
            "Diagramm: %(indicator)s für %(region)s mit %(others)s und, grau, der mittleren "
            "Hälfte (25 bis 75 %%) und dem Median vergleichbarer Kommunen (%(group)s). Alle "
            "Werte stehen in der Tabelle darunter."
        )
        % {
            "indicator": indicator.title,
            "region": region.name,
            "others": ", ".join(order[1:]) or "–",
            "group": group or "–",
        },
        x=_("Jahr"),
        y=unit_label(selection.unit),
        value=_("Wert"),
        band=_("Mittlere Hälfte vergleichbarer Kommunen"),
        median=_("Median vergleichbarer Kommunen"),
    )
    spec = comparison_chart(lines, band, text=text, order=order, numbers=chart_numbers())
    return Comparison(
        spec_json=spec_json(spec),
        title=text.title,
        description=text.description,
        group=group,
        group_size=int(band.get_column("n").tail(1).item()) if band.height else 0,
        columns=[*order, _("Median"), _("unteres Quartil"), _("oberes Quartil")],
        rows=_table(lines, band, order),
    )


def _table(lines: pl.DataFrame, band: pl.DataFrame, order: list[str]) -> list[ComparisonRow]:
    years = sorted(set(lines.get_column("year").to_list()) | set(band.get_column("year").to_list()))
    by = {(n, y): v for n, y, v in lines.select("name", "year", "value").iter_rows()}
    bands = {y: (m, q1, q3) for y, q1, m, q3, _n in band.iter_rows()}
    table = []
    for year in years:
        cells = [number(by[(name, year)]) if (name, year) in by else "–" for name in order]
        cells += [number(v) for v in bands[year]] if year in bands else ["–"] * 3
        table.append(ComparisonRow(year, cells))
    return table
