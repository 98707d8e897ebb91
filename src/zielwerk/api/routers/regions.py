"""Regions with their hierarchy and outline."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router
from pydantic import Field

from zielwerk.regions.models import Region

from ..schemas import ErrorOut, RegionDetail, RegionOut
from ..selectors import region_detail, region_list

router = Router(tags=["regions"])
Level = Literal["bund", "land", "rbz", "kreis", "gemeinde"]


def region_out(region: Region) -> dict[str, Any]:
    return {
        "ars": region.ars,
        "ags": region.ags,
        "name": region.name,
        "kind": region.kind,
        "level": region.level,
        "parent": region.parent.ars if region.parent else None,
        "population": region.population,
        "area_ha": region.area_ha,
    }


@router.get("/regions", response=list[RegionOut], summary="Regions by level, parent or name")
def regions(
    request: HttpRequest,
    level: Level | None = None,
    parent: Annotated[str, Query(description="ARS of the parent region")] = "",
    q: Annotated[str, Query(description="name, AGS or ARS prefix", max_length=100)] = "",
    after: Annotated[str, Query(description="the last ARS of the previous page")] = "",
    limit: Annotated[int, Field(ge=1, le=12000)] = 1000,
) -> list[dict[str, Any]]:
    found = region_list(level=level or "", parent=parent, query=q, after=after, limit=limit)
    return [region_out(r) for r in found]


@router.get(
    "/regions/{ars}",
    response={200: RegionDetail, 404: ErrorOut},
    summary="A region with ancestors, children and GeoJSON outline",
)
def region(request: HttpRequest, ars: str) -> dict[str, Any]:
    try:
        found, ancestors, children, outline = region_detail(ars=ars)
    except Region.DoesNotExist as exc:
        raise Http404(ars) from exc
    return region_out(found) | {
        "ancestors": [region_out(r) for r in ancestors],
        "children": [region_out(r) for r in children],
        "outline": json.loads(outline) if outline else None,
    }
