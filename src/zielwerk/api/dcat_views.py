"""The DCAT-AP.de catalogue as Turtle and JSON-LD."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .services.dcat import dcat_catalogue
from .services.downloads import file_response
from .services.opensdg import File

FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    rdf_format, content_type = FORMATS[fmt]
    graph = dcat_catalogue(base_url=request.build_absolute_uri("/"))
    body = graph.serialize(format=rdf_format, encoding="utf-8")
    return file_response(request, File(body, content_type, f"catalog.{fmt}"))
