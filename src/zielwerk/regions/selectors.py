"""Read-side queries for the region pages: search, detail with hierarchy, outline map."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.core.regions import LEVEL_RANK, Level, MapShape, fold_name, outline_svg
from zielwerk.regions.models import Region, RegionOutline

SEARCH_LIMIT = 100
# ARS digits shared by every region below a region of this level.
_PREFIX_LENGTH = {Level.BUND: 0, Level.LAND: 2, Level.RBZ: 3, Level.KREIS: 5}
_LEVEL_ORDER = Case(
    *(When(level=level.value, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class SearchResult:
    regions: list[Region]
    total: int


@dataclass(frozen=True)
class RegionPage:
    region: Region
    ancestors: list[Region]  # from the Bund down to the parent
    children: list[Region]  # annotated with child_count
    descendant_counts: dict[str, int] = field(default_factory=dict)  # level → count
    map_svg: str | None = None


def region_search(*, query: str, level: str = "", limit: int = SEARCH_LIMIT) -> SearchResult:
    """Regions whose AGS or ARS starts with the digits, or whose name contains the words
    (case-insensitive, umlauts and ß folded); name prefix matches and higher levels first."""
    query = query.strip()
    regions: QuerySet[Region] = Region.objects.select_related("parent")
    if query.isdigit():
        regions = regions.filter(Q(ars__startswith=query) | Q(ags__startswith=query))
        first = Case(When(ags=query.ljust(8, "0")[:8], then=Value(0)), default=Value(1))
    else:
        folded = fold_name(query)
        regions = regions.filter(name_folded__contains=folded)
        first = Case(When(name_folded__startswith=folded, then=Value(0)), default=Value(1))
    if level in Region.Level.values:
        regions = regions.filter(level=level)
    total = regions.count()
    ordered = regions.annotate(first=first, rank=_LEVEL_ORDER).order_by("first", "rank", "name")
    return SearchResult(list(ordered[:limit]), total)


def top_regions() -> list[Region]:
    """The Bund and the 16 Länder, for the directory without a query."""
    return list(Region.objects.filter(level__in=[Level.BUND, Level.LAND]).order_by("ars"))


def region_page(*, ars: str) -> RegionPage:
    """Everything the region page shows. Raises Region.DoesNotExist for an unknown ARS."""
    region = Region.objects.select_related("parent__parent__parent__parent").get(ars=ars)
    chain: list[Region] = []
    current = region.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    children: list[Region] = list(
        region.children.annotate(child_count=Count("children")).order_by("name")
    )
    return RegionPage(
        region=region,
        ancestors=chain[::-1],
        children=children,
        descendant_counts=_descendant_counts(region),
        map_svg=region_map_svg(region, children),
    )


def _descendant_counts(region: Region) -> dict[str, int]:
    if region.level == Region.Level.ABROAD:
        return {}
    prefix_length = _PREFIX_LENGTH.get(Level(region.level))
    if prefix_length is None:
        return {}
    below = Region.objects.exclude(pk=region.pk).filter(ars__startswith=region.ars[:prefix_length])
    rows = below.values("level").annotate(n=Count("id")).order_by()
    counts = {row["level"]: row["n"] for row in rows}
    return {level.value: counts[level.value] for level in Level if counts.get(level.value)}


def region_map_svg(region: Region, children: list[Region]) -> str | None:
    """Inline SVG of the region with its children's outlines, or, without children,
    highlighted within its parent. None when the region has no outline."""
    wanted = [region.pk, *(child.pk for child in children)]
    context_region = region.parent if not children and region.parent_id else None
    if context_region is not None and context_region.level != Level.BUND:
        wanted.append(context_region.pk)
    else:
        context_region = None
    geometries = {
        region_id: json.loads(text)
        for region_id, text in RegionOutline.objects.filter(region_id__in=wanted).values_list(
            "region_id", "geojson"
        )
    }
    if region.pk not in geometries:
        return None
    shapes = [
        MapShape(geometries[child.pk], child.name, reverse("regions:detail", args=[child.ars]))
        for child in children
        if child.pk in geometries
    ]
    context = None
    if context_region is not None and context_region.pk in geometries:
        context = MapShape(geometries[context_region.pk], context_region.name)
    title = _("Karte: %(name)s") % {"name": region.name}
    if shapes:
        title = _("Karte: %(name)s mit %(count)s Teilgebieten") % {
            "name": region.name,
            "count": len(shapes),
        }
    elif context is not None:
        title = _("Karte: %(name)s in %(context)s") % {
            "name": region.name,
            "context": context.label,
        }
    return outline_svg(
        MapShape(geometries[region.pk], region.name), title=title, children=shapes, context=context
    )
