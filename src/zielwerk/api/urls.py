"""URLs of the open data interface: API v1 under ``api/v1/``, the catalogue under ``dcat/``.

Every public read view is wrapped in ``public_read`` (CORS, conditional GET, rate limit).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.cache import cache_page

from . import dcat_views, docs
from .http import public_read
from .v1 import api

# No app namespace: django-ninja reverses its own views as "api-v1:<name>" from the root.


# Reference lists that change only with a catalogue load: cached server-side for a minute.
CACHED = frozenset({"goals", "targets", "indicators"})
CACHE_SECONDS = 60


def _public(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            view = pattern.callback
            if pattern.name in CACHED:
                view = cache_page(CACHE_SECONDS, key_prefix="zw-api")(view)
            pattern.callback = public_read(view)
        else:
            _public(pattern.url_patterns)
    return patterns


ninja_patterns, _, ninja_namespace = api.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include((_public(ninja_patterns), ninja_namespace))),
    path("api/v1/docs/assets/<str:name>", docs.docs_asset, name="api-docs-asset"),
    path(
        "dcat/catalog.ttl",
        public_read(dcat_views.catalogue),
        {"fmt": "ttl"},
        name="dcat-catalog-ttl",
    ),
    path(
        "dcat/catalog.jsonld",
        public_read(dcat_views.catalogue),
        {"fmt": "jsonld"},
        name="dcat-catalog-jsonld",
    ),
]
