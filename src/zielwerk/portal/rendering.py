"""Server-side rendering of Vega-Lite specs (vl-convert) and the portal's versioned cache.

vl-convert takes tens of milliseconds per chart, so every rendering is cached under the hash of
its spec: the same spec always gives the same picture. Page data is cached per version of the
data and of the catalogue (``versions``), so nothing stale is ever served and nothing has to be
invalidated by hand.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from zielwerk.monitoring.models import Assessment, ImportRun

T = TypeVar("T")
SERVER_WIDTH = 640
TIMEOUT = 24 * 3600
SHARED_TIMEOUT = 3600
"""Entries in the shared cache (a database table unless Redis is configured) expire after an
hour: the pages of superseded data versions must not pile up in the database for a day."""
_SVG_OPEN = re.compile(r"^<svg\b")
_CATALOGUE_KEY = "zw:portal:catalogue-stamp"
_pinned: ContextVar[str | None] = ContextVar("zw_portal_version", default=None)
STAMP_SECONDS = 2.0
"""How long a process trusts the catalogue token it last read from the shared cache."""
_stamp: list[Any] = [None, 0.0]


def data_version() -> str:
    """The latest import run (id and time; "0" before the first import) and the latest
    assessment. Every import, web upload and publication creates an import run, and the
    assessments are recomputed right after it (their new rows get new ids), so a new version
    means new numbers or new assessments. One query."""
    latest_assessment = Assessment.objects.order_by("-pk").values("pk")[:1]
    latest = (
        ImportRun.objects.order_by("-pk")
        .annotate(assessed=Subquery(latest_assessment))
        .values_list("pk", "started_at", "assessed")
        .first()
    )
    if latest is None:
        return "0"
    run, started, assessed = latest
    return f"{run}-{started.timestamp():.6f}-{assessed or 0}"


def _release() -> str:
    try:
        return package_version("zielwerk")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "dev"


def catalogue_stamp() -> str:
    """The catalogue's version: the release (the bundled catalogue changes with it and
    ``load_catalogue`` runs on upgrade) and a token that every save or delete of a catalogue
    object through the ORM replaces (``bump_catalogue``, connected in ``PortalConfig``).

    The token lives in the cache all workers share (``caches["shared"]``), so a change made
    in one worker (an own indicator published) reaches the pages of every other worker; each
    process re-reads it at most every ``STAMP_SECONDS``."""
    now = time.monotonic()
    token, read_at = _stamp
    if token is None or now - read_at > STAMP_SECONDS:
        shared = caches["shared"]
        token = shared.get(_CATALOGUE_KEY)
        if token is None:
            shared.add(_CATALOGUE_KEY, uuid.uuid4().hex, None)
            token = shared.get(_CATALOGUE_KEY, "")
        _stamp[:] = [token, now]
    return f"{_release()}-{token}"


def bump_catalogue(**_kwargs: Any) -> None:
    """Signal receiver: a catalogue object changed, so catalogue-derived parts are stale."""
    token = uuid.uuid4().hex
    caches["shared"].set(_CATALOGUE_KEY, token, None)
    _stamp[:] = [token, time.monotonic()]


def versions() -> str:
    """Data version and catalogue stamp ("data|catalogue"): pinned inside ``one_version``, else
    looked up."""
    return _pinned.get() or f"{data_version()}|{catalogue_stamp()}"


@contextmanager
def one_version() -> Iterator[str]:
    """Look the versions up once for everything cached inside the block (one request): a page
    reads many cached parts, and they all belong to the same version."""
    current = _pinned.get()
    if current is not None:
        yield current
        return
    token = _pinned.set(versions())
    try:
        yield _pinned.get() or ""
    finally:
        _pinned.reset(token)


def cached(
    key: str,
    compute: Callable[[], T],
    *,
    versioned: bool = True,
    catalogue_only: bool = False,
    shared: bool = False,
) -> T:
    """``compute()`` once per key (and version): later calls read the cache. ``versioned``:
    per data version and catalogue stamp; ``catalogue_only``: per catalogue stamp alone (parts
    that show no observations or assessments, kept across imports). ``shared``: also keep the
    result in the cache all workers share, so that it is computed once for all of them, not
    once per worker (API pages that a crawler walks through in every worker)."""
    safe = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    if catalogue_only:
        full_key = f"zw:portal:catalogue:{versions().rpartition('|')[2]}:{safe}"
    elif versioned:
        full_key = f"zw:portal:{versions()}:{safe}"
    else:
        full_key = f"zw:portal:{safe}"
    found = cache.get(full_key)
    if found is None and shared:
        found = caches["shared"].get(full_key)
        if found is not None:
            cache.set(full_key, found, TIMEOUT)
            return found  # type: ignore[no-any-return]
    if found is None:
        found = compute()
        cache.set(full_key, found, TIMEOUT)
        if shared:
            caches["shared"].set(full_key, found, SHARED_TIMEOUT)
    return found  # type: ignore[no-any-return]


PAGE_CACHE_PREFIX = "zw:page"
"""Whole public pages for anonymous visitors (``anonymous_page``)."""


def anonymous_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page whole from the cache to visitors without a session, per data and
    catalogue version, language and full path: one query (the versions) and no rendering.

    Signed-in people (their header has personal links) and visitors with a pending message
    get the page rendered as before; so does the static export. Only complete 200 answers
    are kept; the cache's own size limit bounds the number of kept pages."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        personal = (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
            or getattr(request, "zw_static", False)
        )
        if personal:
            return view(request, *args, **kwargs)
        with one_version() as version:
            path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
            key = f"{PAGE_CACHE_PREFIX}:{version}:{get_language()}:{path}"
            found = cache.get(key)
            if found is not None:
                content, content_type = found
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapped


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
