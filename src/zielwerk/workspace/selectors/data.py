"""The data entry grid (years × series) and the drafts awaiting review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from ..models import OrganisationTarget, StagedObservation

GRID_YEARS = 10


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

    def rows(self) -> list[tuple[int, str, list[tuple[int, Cell]]]]:
        return [
            (i, s, [(y, self.cells.get((s, y), Cell())) for y in self.years])
            for i, s in enumerate(self.series)
        ]


def data_grid(*, organisation: Organisation, indicator: Indicator) -> Grid:
    """Published values and drafts of the indicator for the organisation's region."""
    region = organisation.region
    cells: dict[tuple[str, int], Cell] = {}
    units = []
    published = Observation.objects.filter(indicator=indicator, region=region)
    for key, year, value, unit in published.values_list("series", "year", "value", "unit"):
        cells.setdefault((key, year), Cell()).published = value
        units.append(unit)
    drafts = StagedObservation.objects.filter(
        organisation=organisation, indicator=indicator, region=region
    )
    for key, year, value, unit in drafts.values_list("series", "year", "value", "unit"):
        cells.setdefault((key, year), Cell()).draft = value
        units.append(unit)
    this_year = date.today().year
    known_years = {y for _, y in cells}
    first = min(known_years | {this_year - GRID_YEARS})
    last = max(known_years | {this_year - 1})
    series = sorted({s for s, _ in cells} | {""})
    unit = units[0] if units else indicator.unit
    return Grid(region, unit, list(range(first, last + 1)), series, cells)


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
