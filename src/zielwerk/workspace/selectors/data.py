"""The data entry grid (years × series) and the drafts awaiting review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation, PeerBand
from zielwerk.portal.comparison import comparison_regions, peer_type_label
from zielwerk.portal.texts import number
from zielwerk.regions.models import Region

from ..models import OrganisationTarget, StagedObservation

GRID_YEARS = 10
# What publishing writes for drafts saved without a source: no source to suggest again.
PUBLISHED_WITHOUT_SOURCE = "Arbeitsbereich"


@dataclass
class Cell:
    published: float | None = None
    draft: float | None = None

    @property
    def current(self) -> float | None:
        return self.draft if self.draft is not None else self.published


@dataclass
class Grid:
    region: Region
    unit: str
    years: list[int]
    series: list[str]
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    source: str = ""  # of the latest draft, else the latest published value, with a source

    def rows(self) -> list[tuple[int, str, list[tuple[int, Cell]]]]:
        return [
            (i, s, [(y, self.cells.get((s, y), Cell())) for y in self.years])
            for i, s in enumerate(self.series)
        ]


def data_grid(*, organisation: Organisation, indicator: Indicator) -> Grid:
    """Published values and drafts of the indicator for the organisation's region (two
    queries). Years run newest first, so the latest years are in view without scrolling.

    ``source`` is remembered per indicator without storing it twice: the source of the
    latest draft that has one, else of the latest published value that has one."""
    region = organisation.region
    cells: dict[tuple[str, int], Cell] = {}
    units = []
    sources: list[str] = []  # in order: published by import, then drafts by time
    published = Observation.objects.filter(indicator=indicator, region=region).order_by(
        F("import_run_id").asc(nulls_first=True), "pk"
    )
    fields = ("series", "year", "value", "unit", "source")
    for key, year, value, unit, source in published.values_list(*fields):
        cells.setdefault((key, year), Cell()).published = value
        units.append(unit)
        if source and source != PUBLISHED_WITHOUT_SOURCE:
            sources.append(source)
    drafts = StagedObservation.objects.filter(
        organisation=organisation, indicator=indicator, region=region
    ).order_by("created_at", "pk")
    for key, year, value, unit, source in drafts.values_list(*fields):
        cells.setdefault((key, year), Cell()).draft = value
        units.append(unit)
        if source:
            sources.append(source)
    this_year = date.today().year
    known_years = {y for _, y in cells}
    first = min(known_years | {this_year - GRID_YEARS})
    last = max(known_years | {this_year - 1})
    series = sorted({s for s, _ in cells} | {""})
    unit = units[0] if units else indicator.unit
    years = list(range(last, first - 1, -1))
    return Grid(region, unit, years, series, cells, sources[-1] if sources else "")


@dataclass(frozen=True)
class ReferenceRow:
    """Read-only values beside the grid: a parent region's or the peer group's median."""

    label: str
    kind: str  # "region" or "peers"
    values: list[str]  # one per year of the grid, "–" where there is none
    designation: str = ""  # the region's official German designation ("Kreis", "Land")


def grid_references(*, indicator: Indicator, grid: Grid, series: str = "") -> list[ReferenceRow]:
    """The same indicator, series and unit for the Kreis, Land and Germany of the grid's
    region, and the median of its peer group, in the grid's years: three queries whatever
    the number of years (regions, observations, peer bands)."""
    region = grid.region
    parents = [r for r in comparison_regions(region) if r.pk != region.pk]
    years = set(grid.years)
    found = Observation.objects.filter(
        indicator=indicator,
        series=series,
        region__in=[r.pk for r in parents],
        year__in=years,
    )
    if grid.unit:
        found = found.filter(unit=grid.unit)
    values = {(r, y): v for r, y, v in found.values_list("region_id", "year", "value")}
    rows = [
        ReferenceRow(
            r.name,
            "region",
            [number(values.get((r.pk, y)), trim=True) for y in grid.years],
            r.kind,
        )
        for r in parents
    ]
    if region.peer_type:
        medians = dict(
            PeerBand.objects.filter(
                indicator=indicator, series=series, group=region.peer_type, year__in=years
            ).values_list("year", "median")
        )
        group = peer_type_label(region.peer_type)
        label = _("Median vergleichbarer Kommunen (%(group)s)") % {"group": group}
        rows.append(
            ReferenceRow(label, "peers", [number(medians.get(y), trim=True) for y in grid.years])
        )
    return rows


@dataclass(frozen=True)
class DraftLine:
    draft: StagedObservation
    published: float | None


def drafts_for_review(*, organisation: Organisation) -> list[DraftLine]:
    drafts = list(
        StagedObservation.objects.filter(organisation=organisation).select_related(
            "indicator", "region", "created_by"
        )
    )
    published = {
        (i, r, s, y): v
        for i, r, s, y, v in Observation.objects.filter(
            indicator_id__in={d.indicator_id for d in drafts},
            region_id__in={d.region_id for d in drafts},
        ).values_list("indicator_id", "region_id", "series", "year", "value")
    }
    return [
        DraftLine(d, published.get((d.indicator_id, d.region_id, d.series, d.year))) for d in drafts
    ]


def draft_targets(*, organisation: Organisation) -> list[OrganisationTarget]:
    return list(
        OrganisationTarget.objects.filter(organisation=organisation, published_at__isnull=True)
        .select_related("indicator", "created_by")
        .order_by("indicator__sort_key", "version")
    )
