"""Observations: filtered, keyset-paginated JSON, or the whole selection as CSV / XLSX."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from zielwerk.portal.rendering import cached, one_version

from ..schemas import ErrorOut, ObservationPageOut
from ..selectors import CursorError, ObservationFilter, decode_cursor, observation_page
from ..services import downloads
from .regions import Level

router = Router(tags=["observations"])


class ObservationQuery(Schema):
    indicator: str = ""
    region: Annotated[str, Query(description="ARS (12 digits) or a Gemeinde's AGS")] = ""
    region_level: Level | None = None
    year_from: Annotated[int | None, Query(ge=1000, le=9999)] = None
    year_to: Annotated[int | None, Query(ge=1000, le=9999)] = None
    series: Annotated[
        str | None, Query(description="series key, e.g. `sex=female`; empty = headline")
    ] = None

    def where(self) -> ObservationFilter:
        return ObservationFilter(
            indicator=self.indicator,
            region=self.region,
            region_level=self.region_level or "",
            year_from=self.year_from,
            year_to=self.year_to,
            series=self.series,
        )


@router.get(
    "/observations",
    response={200: ObservationPageOut, 400: ErrorOut},
    summary="Observations (JSON pages with a cursor; CSV or XLSX: all matching rows)",
    description=(
        "JSON: pages of at most `limit` observations in a stable order (primary key); pass "
        "`next_cursor` as `cursor` for the next page. `format=csv` streams every matching "
        "observation as a tidy observations file (the `zielwerk import` contract); "
        "`format=xlsx` returns the same as a workbook."
    ),
)
def observations(
    request: HttpRequest,
    filters: Query[ObservationQuery],
    cursor: str = "",
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> HttpResponse | StreamingHttpResponse:
    where = filters.where()
    if format == "csv":
        return downloads.csv_response(request, where)
    if format == "xlsx":
        return downloads.xlsx_response(request, where)
    try:
        after = decode_cursor(cursor) if cursor else 0
    except CursorError as exc:
        raise HttpError(400, "invalid cursor") from exc
    key = json.dumps([dataclasses.astuple(where), after, limit])
    with one_version():
        count, next_cursor, results = cached(
            f"api:observations:{key}", lambda: _page(where, after, limit), shared=True
        )
    following = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        following = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    head = json.dumps({"count": count, "next_cursor": next_cursor, "next": following})
    # The page's rows are serialized once per data version and cached (they do not depend on
    # the host or the request), then framed: a crawler or a dashboard paging the same data
    # gets the cached text (issue 13: 200 connections on gunicorn, docs/benchmarks.md).
    body = head[:-1] + ', "results": ' + results + "}"
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _page(where: ObservationFilter, after: int, limit: int) -> tuple[int, str | None, str]:
    """One page as (count, next cursor, the results as JSON text).

    Serialized here rather than validated row by row against ObservationPageOut (the
    documented schema, which these keys and types follow): that validation cost ~8x the
    page query for 1,000 rows (issue 13, docs/benchmarks.md)."""
    page = observation_page(where=where, after=after, limit=limit)
    results = [
        {
            "indicator": r["indicator__code"],
            "region": r["region__ars"],
            "series": r["series"],
            "year": r["year"],
            "period": r["period"],
            "value": r["value"],
            "unit": r["unit"],
            "flags": r["flags"],
        }
        for r in page.rows
    ]
    return len(page.rows), page.next_cursor, json.dumps(results)


__all__ = ["StreamingHttpResponse", "router"]
