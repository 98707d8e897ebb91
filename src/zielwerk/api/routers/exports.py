"""Standard formats: Open SDG data repository and data service, SDMX data messages."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from ..schemas import ErrorOut
from ..selectors import data_version
from ..services import opensdg, sdmx
from ..services.downloads import file_response
from .regions import Level

router = Router(tags=["standards"])
FILE_RESPONSES = {200: None, 404: ErrorOut}
SiteKind = Literal["data", "edges", "headline", "comb", "meta", "stats", "zip"]


@router.get(
    "/opensdg/repository.zip",
    response=FILE_RESPONSES,
    summary="All data and metadata as an Open SDG data repository (zip)",
)
def opensdg_repository(request: HttpRequest) -> HttpResponse:
    return file_response(request, opensdg.opensdg_repository_zip(), attachment=True)


@router.get(
    "/opensdg/{lang}/{kind}/{name}",
    response=FILE_RESPONSES,
    summary="A file of the Open SDG data service",
    description=(
        "The files an Open SDG site reads (`remote_data_prefix`: `…/api/v1/opensdg`): "
        "`data/<id>.json` and `.csv`, `edges/<id>.json`, `headline/<id>.json`, "
        "`comb/<id>.json`, `meta/<id>.json`, `meta/all.json`, `headline/all.json`, "
        "`stats/reporting.json`, `zip/all_indicators.zip`. `<id>` is the indicator code "
        "with dashes (`7-2-a`)."
    ),
)
def opensdg_site(
    request: HttpRequest, lang: Literal["de", "en"], kind: SiteKind, name: str
) -> HttpResponse:
    try:
        found = opensdg.opensdg_site_file(lang=lang, kind=kind, name=name)
    except opensdg.NotFoundError as exc:
        raise Http404(name) from exc
    return file_response(request, found, attachment=kind == "zip")


@router.get(
    "/sdmx/data/{indicator}",
    response=FILE_RESPONSES,
    summary="SDMX-CSV 1.0 or SDMX-JSON 1.0 data message of an indicator",
)
def sdmx_data(
    request: HttpRequest,
    indicator: str,
    format: Literal["csv", "json"] = "csv",
    region_level: Level | None = None,
) -> HttpResponse:
    try:
        if format == "json":
            found = sdmx.sdmx_json(
                indicator=indicator,
                region_level=region_level or "",
                prepared=data_version().modified,
            )
        else:
            found = sdmx.sdmx_csv(indicator=indicator, region_level=region_level or "")
    except opensdg.NotFoundError as exc:
        raise Http404(indicator) from exc
    return file_response(request, found)
