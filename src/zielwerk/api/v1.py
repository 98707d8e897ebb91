"""API v1: the django-ninja application and its routers."""

from __future__ import annotations

from ninja import NinjaAPI

from .docs import LocalSwagger
from .routers import catalogue, exports, observations, regions

DESCRIPTION = """Open data of Zielwerk: the SDG and DNS indicator catalogue, German regions
and the observations of the indicators, with Open SDG, SDMX and DCAT-AP.de outputs.

Read access is public. Every response carries CORS headers (`Access-Control-Allow-Origin: *`),
an `ETag` (and `Last-Modified` where the data has a date): send them back as `If-None-Match` /
`If-Modified-Since` to get `304 Not Modified`. Requests are limited per client IP; over the
limit the answer is `429` with a JSON body and `Retry-After`.

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
)
api.add_router("", catalogue.router)
api.add_router("", regions.router)
api.add_router("", observations.router)
api.add_router("", exports.router)
