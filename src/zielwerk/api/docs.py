"""Interactive API docs (Swagger UI) served from django-ninja's bundled files: no CDN.

django-ninja ships Swagger UI in its package but only uses it when ``ninja`` is an installed
app; otherwise it loads Swagger UI from a CDN. This renders the same page with the bundled
files served by ``docs_asset``.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import reverse
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})
PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ assets }}swagger-ui.css">
<link rel="icon" type="image/png" href="{{ assets }}favicon.png">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{{ settings|safe }}</script>
<div id="swagger-ui"></div>
<script src="{{ assets }}swagger-ui-bundle.js"></script>
<script src="{{ assets }}swagger-ui-init.js"></script>
</body>
</html>
"""
)


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        assets = reverse("api-docs-asset", args=["x"])[:-1]
        html = PAGE.render(
            Context({"title": api.title, "settings": json.dumps(settings), "assets": assets})
        )
        return HttpResponse(html)


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404(name)
    path = ASSET_DIR / name
    response = FileResponse(path.open("rb"), content_type=mimetypes.guess_type(name)[0])
    response["Cache-Control"] = "public, max-age=86400"
    return response
