"""API v1: the django-ninja application and its routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from .auth import RateLimited
from .docs import LocalSwagger
from .http import too_many_requests
from .parser import BoundedParser
from .routers import assessments, catalogue, exports, observations, organisations, regions

DESCRIPTION = """Open data of Zielwerk: the SDG and DNS indicator catalogue, German regions
and the observations of the indicators, with Open SDG, SDMX and DCAT-AP.de outputs.

Read access is public. Every response carries CORS headers (`Access-Control-Allow-Origin: *`),
an `ETag` (and `Last-Modified` where the data has a date): send them back as `If-None-Match` /
`If-Modified-Since` to get `304 Not Modified`. Requests are limited per client IP; over the
limit the answer is `429` with a JSON body and `Retry-After`.

Writing (observations, targets) and reading an organisation's drafts need an API token of
the organisation (`Authorization: Bearer <token>`, created in the workspace under
*API-Token*). A token acts as the member who created it, with that member's current role.
Writes are all or nothing: a `422` lists every problem and nothing is stored.

Licence of the data: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0) unless
stated otherwise; name the sources given with each indicator."""

api = NinjaAPI(
    title="Zielwerk API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=BoundedParser(),
)
api.add_router("", catalogue.router)
api.add_router("", regions.router)
api.add_router("", observations.router)
api.add_router("", exports.router)
api.add_router("", organisations.router)
api.add_router("", assessments.router)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "a valid API token is required (Authorization: Bearer …)"}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="zielwerk"'
    return response


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return too_many_requests(exc.retry_after)


def _field(loc: Any) -> str | None:
    names = [str(part) for part in loc[1:] if not isinstance(part, int)]
    return names[-1] if names else None


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Writes answer with the same problem list as every other rejected write; reads keep
    django-ninja's format."""
    if request.method != "POST":
        return api.create_response(request, {"detail": exc.errors}, status=422)
    problems = [
        {
            "row": None,
            "line": None,
            "field": _field(error.get("loc", ())),
            "value": None if error.get("input") is None else str(error.get("input"))[:200],
            "reason": str(error.get("msg", "")),
            "message": f"{_field(error.get('loc', ())) or ''}: {error.get('msg', '')}",
        }
        for error in exc.errors
    ]
    body = {
        "detail": _("Nichts wurde gespeichert: %(count)s Probleme.") % {"count": len(problems)},
        "problem_count": len(problems),
        "problems": problems,
    }
    return api.create_response(request, body, status=422)
