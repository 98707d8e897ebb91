"""Downloads of indicator pages (numbers and pictures) and the map outlines."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import Indicator
from zielwerk.portal.downloads import (
    Download,
    indicator_image_download,
    indicator_map_values,
    indicator_table_download,
    outlines_geojson,
)
from zielwerk.portal.rendering import one_version

PARAMS = ("reihe", "einheit", "jahr", "region")


def _params(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET[name] for name in PARAMS if name in request.GET}


def _respond(download: Download | None) -> HttpResponse:
    if download is None:
        raise Http404(_("Dafür gibt es keine Daten."))
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


def indicator_table(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    try:
        with one_version():
            download = indicator_table_download(code=code, params=_params(request), fmt=fmt)
    except Indicator.DoesNotExist:
        raise Http404(_("Diesen Indikator gibt es nicht.")) from None
    return _respond(download)


def indicator_image(request: HttpRequest, code: str, figure: str, fmt: str) -> HttpResponse:
    try:
        with one_version():
            download = indicator_image_download(
                code=code, params=_params(request), figure=figure, fmt=fmt
            )
    except Indicator.DoesNotExist:
        raise Http404(_("Diesen Indikator gibt es nicht.")) from None
    return _respond(download)


def map_values(request: HttpRequest, code: str) -> HttpResponse:
    """The values of an indicator page's map, loaded by the map in the browser."""
    try:
        with one_version():
            download = indicator_map_values(code=code, params=_params(request))
    except Indicator.DoesNotExist:
        raise Http404(_("Diesen Indikator gibt es nicht.")) from None
    if download is None:
        raise Http404(_("Dafür gibt es keine Daten."))
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


def outlines(request: HttpRequest, level: str, scope: str) -> HttpResponse:
    try:
        content = outlines_geojson(level=level, scope=scope)
    except ValueError:
        raise Http404(_("Diese Gebietsebene gibt es nicht.")) from None
    response = HttpResponse(content, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
