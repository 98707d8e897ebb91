"""Read-side queries of the API: observation filters, keyset pages, the data version."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, Q, QuerySet

from zielwerk.catalogue.models import Indicator
from zielwerk.core.regions import fold_name
from zielwerk.monitoring.models import ImportRun, Observation
from zielwerk.regions.models import Region, RegionOutline

OBSERVATION_FIELDS = (
    "id",
    "indicator__code",
    "region__ars",
    "series",
    "year",
    "period",
    "value",
    "unit",
    "flags",
)


class CursorError(ValueError):
    """A cursor that this API did not hand out."""


@dataclass(frozen=True)
class ObservationFilter:
    indicator: str = ""
    region: str = ""
    region_level: str = ""
    year_from: int | None = None
    year_to: int | None = None
    series: str | None = None

    def query(self) -> Q:
        q = Q()
        if self.indicator:
            q &= Q(indicator__code=self.indicator)
        if self.region:
            q &= Q(region__ars=self.region) | Q(region__ags=self.region, region__level="gemeinde")
        if self.region_level:
            q &= Q(region__level=self.region_level)
        if self.year_from is not None:
            q &= Q(year__gte=self.year_from)
        if self.year_to is not None:
            q &= Q(year__lte=self.year_to)
        if self.series is not None:
            q &= Q(series=self.series)
        return q


@dataclass(frozen=True)
class DataVersion:
    """Changes whenever observations are imported or regions or catalogue entries added.

    Cheap (index-only maxima, no counts), so it can be asked on every request; deleting
    rows outside an import is not seen (the ETag then changes with the next import)."""

    tag: str
    modified: datetime | None


def data_version() -> DataVersion:
    runs = ImportRun.objects.aggregate(last=Max("id"), at=Max("started_at"))
    parts = (
        runs["last"],
        runs["at"],
        Observation.objects.aggregate(m=Max("id"))["m"],
        Indicator.objects.aggregate(m=Max("id"))["m"],
        Region.objects.aggregate(m=Max("id"))["m"],
    )
    tag = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
    return DataVersion(tag=tag, modified=runs["at"])


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"o:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise CursorError(cursor) from exc
    kind, _, number = text.partition(":")
    if kind != "o" or not number.isdigit() or len(number) > 18:
        raise CursorError(cursor)
    return int(number)


# The columns of a page read from the observation table alone; indicator codes and region
# ARS are looked up afterwards for the ids on the page (no join in the page query).
_TABLE_FIELDS = ("id", "indicator_id", "region_id", *OBSERVATION_FIELDS[3:])


def _table_filter(where: ObservationFilter) -> Q | None:
    """``where`` on the observation table's own columns (indicator and regions resolved to
    ids first), so that the page query is one range scan of an index in primary-key order:
    ``observation_indicator_id_idx`` (indicator, id) with an indicator, else the primary key.
    None when nothing can match (unknown indicator or region)."""
    q = Q()
    if where.indicator:
        found = Indicator.objects.filter(code=where.indicator).values_list("pk", flat=True)
        indicator_id = found.first()
        if indicator_id is None:
            return None
        q &= Q(indicator_id=indicator_id)
    if where.region:
        named = Q(ars=where.region) | Q(ags=where.region, level="gemeinde")
        region_ids = list(Region.objects.filter(named).values_list("pk", flat=True))
        if not region_ids:
            return None
        q &= Q(region_id__in=region_ids)
    if where.region_level:
        q &= Q(region_id__in=Region.objects.filter(level=where.region_level).values("pk"))
    if where.year_from is not None:
        q &= Q(year__gte=where.year_from)
    if where.year_to is not None:
        q &= Q(year__lte=where.year_to)
    if where.series is not None:
        q &= Q(series=where.series)
    return q


def observation_rows(where: ObservationFilter) -> QuerySet[Observation]:
    """Matching observations in primary-key order (the order of pages and downloads)."""
    q = _table_filter(where)
    if q is None:
        return Observation.objects.none()
    return Observation.objects.filter(q).order_by("id")


def observation_page_query(
    where: ObservationFilter, *, after: int, limit: int
) -> QuerySet[Observation, tuple[Any, ...]]:
    """The query of one page: rows of the observation table with an id above ``after``, in
    id order, at most ``limit`` (its plan is checked by ``tests/security/test_scale.py``)."""
    return observation_rows(where).filter(id__gt=after).values_list(*_TABLE_FIELDS)[:limit]


def _keyset(where: ObservationFilter, *, after: int, limit: int) -> list[tuple[Any, ...]]:
    """Up to ``limit`` matching rows with an id above ``after`` as tuples of
    ``OBSERVATION_FIELDS``: one indexed range query, then the codes of the ids on the page."""
    found = list(observation_page_query(where, after=after, limit=limit))
    if not found:
        return []
    indicator_ids = {row[1] for row in found}
    region_ids = {row[2] for row in found}
    codes = dict(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", "code"))
    ars = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "ars"))
    return [(row[0], codes.get(row[1]), ars.get(row[2]), *row[3:]) for row in found]


@dataclass(frozen=True)
class ObservationPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None


def observation_page(*, where: ObservationFilter, after: int, limit: int) -> ObservationPage:
    """One page of a keyset pagination on the primary key: stable while data is added (new
    rows get higher ids and come on later pages), served by an index without sorting."""
    found = _keyset(where, after=after, limit=limit + 1)
    more = len(found) > limit
    rows = [dict(zip(OBSERVATION_FIELDS, row, strict=True)) for row in found[:limit]]
    next_cursor = encode_cursor(int(rows[-1]["id"])) if more and rows else None
    return ObservationPage(rows=rows, next_cursor=next_cursor)


def observation_chunks(
    where: ObservationFilter, *, size: int = 20_000
) -> Iterator[list[tuple[Any, ...]]]:
    """All matching observations as lists of value tuples, one keyset query per chunk."""
    after = 0
    while True:
        chunk = _keyset(where, after=after, limit=size)
        if not chunk:
            return
        yield chunk
        after = chunk[-1][0]
        if len(chunk) < size:
            return


def indicator_list(*, framework: str = "", goal: int | None = None) -> QuerySet[Indicator]:
    indicators = Indicator.objects.public().select_related("goal").prefetch_related("targets")
    if framework:
        indicators = indicators.filter(framework=framework)
    if goal is not None:
        indicators = indicators.filter(goal__number=goal)
    return indicators.order_by("framework", "sort_key")


def region_list(
    *, level: str = "", parent: str = "", query: str = "", after: str = "", limit: int = 1000
) -> list[Region]:
    """Regions in ARS order; ``after`` is the last ARS of the previous page."""
    regions = Region.objects.select_related("parent").order_by("ars")
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__ars=parent)
    if query:
        folded = fold_name(query.strip())
        digits = query.strip().isdigit()
        regions = regions.filter(
            Q(ars__startswith=query.strip()) | Q(ags__startswith=query.strip())
            if digits
            else Q(name_folded__contains=folded)
        )
    if after:
        regions = regions.filter(ars__gt=after)
    return list(regions[:limit])


def region_detail(*, ars: str) -> tuple[Region, list[Region], list[Region], str | None]:
    """A region with its ancestors (Bund first), children and GeoJSON outline text."""
    region = Region.objects.select_related("parent__parent__parent__parent").get(ars=ars)
    chain: list[Region] = []
    current = region.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    children = list(region.children.select_related("parent").order_by("ars"))
    outline = RegionOutline.objects.filter(region=region).values_list("geojson", flat=True)
    return region, chain[::-1], children, outline.first()
