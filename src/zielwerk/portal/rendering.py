"""Server-side rendering of Vega-Lite specs (vl-convert) and the portal's data-version cache.

vl-convert takes tens of milliseconds per chart, so every rendering is cached under the hash of
its spec: the same spec always gives the same picture. Page data is cached per data version
(the latest import run): an import makes a new version, and nothing stale is ever served.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from zielwerk.monitoring.models import ImportRun

T = TypeVar("T")
SERVER_WIDTH = 640
TIMEOUT = 24 * 3600
_SVG_OPEN = re.compile(r"^<svg\b")


def data_version() -> str:
    """The latest import run (id and time; "0" before the first import). Every import, web
    upload and publication creates one, so a new version means new numbers."""
    latest = ImportRun.objects.order_by("-pk").values_list("pk", "started_at").first()
    return "0" if latest is None else f"{latest[0]}-{latest[1].timestamp():.6f}"


def cached(key: str, compute: Callable[[], T], *, versioned: bool = True) -> T:
    """``compute()`` once per key (and data version): later calls read the cache."""
    safe = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    full_key = f"zw:portal:{data_version()}:{safe}" if versioned else f"zw:portal:{safe}"
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found, TIMEOUT)
    return found  # type: ignore[no-any-return]


def spec_json(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _digest(spec: dict[str, Any]) -> str:
    return hashlib.sha1(spec_json(spec).encode(), usedforsecurity=False).hexdigest()


def _fixed(spec: dict[str, Any]) -> dict[str, Any]:
    """A spec with a fixed width: on the server there is no container to fit."""
    return {**spec, "width": SERVER_WIDTH} if spec.get("width") == "container" else spec


def _svg(spec: dict[str, Any]) -> str:
    import vl_convert as vlc  # type: ignore[import-untyped]

    svg = str(vlc.vegalite_to_svg(_fixed(spec)))
    label = spec.get("description") or spec.get("title") or ""
    # An image with a name for screen readers (the table beside it has the numbers).
    attributes = f'<svg role="img" aria-label="{_attr(str(label))}" focusable="false"'
    return _SVG_OPEN.sub(attributes, svg, count=1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an accessible SVG (``role="img"`` with the spec's description)."""
    return cached("svg:" + _digest(spec), lambda: _svg(spec), versioned=False)


def chart_png(spec: dict[str, Any]) -> bytes:
    """The chart as PNG, at twice the resolution for print."""

    def render() -> bytes:
        import vl_convert as vlc

        return bytes(vlc.vegalite_to_png(_fixed(spec), scale=2))

    return cached("png:" + _digest(spec), render, versioned=False)
