"""``site_export``: the public portal as a static site (pages, downloads, map outlines, assets).

Pages are rendered in this process through the full middleware stack (as a browser would get
them), with ``request.zw_static`` set so templates leave out what needs a server (search box,
language switch, filter forms). Every page ``/a/b/`` becomes ``a/b/index.html``; links stay
root-relative, so the site runs from the root of any web server or CDN. Links to pages that are
not part of the export (e.g. the 11,000 Gemeinde pages) are turned into plain text, so no
link in the export is broken.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.base import BaseHandler
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.core.regions import Level
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from .rendering import one_version

Progress = Callable[[int, int, str], None]
_LINK = re.compile(r'<a\s+href="(/[^"#?]*)(?:[?#][^"]*)?"[^>]*>(.*?)</a>', re.S)
_OUTLINES = re.compile(r"/karten/[a-z]+/[0-9a-z]+\.geojson")
_DOWNLOADS = ("daten.csv", "daten.xlsx", "diagramm.svg", "karte.svg", "karte.json")
_SKIPPED_STATIC = ("admin/",)


@dataclass(frozen=True)
class ExportSummary:
    pages: int
    files: int
    bytes: int
    unlinked: int
    seconds: float


class _Renderer:
    """GET requests through the project's middleware and URL configuration, in process."""

    def __init__(self) -> None:
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()

    def get(self, path: str) -> HttpResponse:
        request = self.factory.get(path, secure=True)
        request.zw_static = True  # type: ignore[attr-defined]
        response = self.handler.get_response(request)
        assert isinstance(response, HttpResponse)  # pages, never streamed
        return response


def page_paths() -> Iterator[str]:
    """Every public page: start, goals, targets, indicators, status pages, regions with data
    (and the Bund and the Länder, which the directory lists)."""
    yield from ("/", reverse("portal:sources"), reverse("catalogue:goals"))
    yield from (reverse("catalogue:dns_indicators"), reverse("regions:directory"))
    yield from (reverse("portal:reporting"), reverse("portal:status"))
    for number in Goal.objects.order_by("number").values_list("number", flat=True):
        yield reverse("catalogue:goal", args=[number])
    for code in Target.objects.order_by("sort_key").values_list("code", flat=True):
        yield reverse("catalogue:target", args=[code])
    indicators = Indicator.objects.exclude(framework=Indicator.Framework.OWN)
    for code in indicators.order_by("framework", "sort_key").values_list("code", flat=True):
        yield reverse("catalogue:indicator", args=[code])
    has_data = Exists(Observation.objects.filter(region_id=OuterRef("pk")))
    regions = Region.objects.annotate(has_data=has_data).filter(has_data=True)
    top = Region.objects.filter(level__in=[Level.BUND, Level.LAND])
    for ars in sorted({*regions.values_list("ars", flat=True), *top.values_list("ars", flat=True)}):
        yield reverse("regions:detail", args=[ars])


def _file_for(root: Path, path: str) -> Path:
    relative = path.lstrip("/")
    return root / relative / "index.html" if path.endswith("/") else root / relative


def _write(root: Path, path: str, content: bytes) -> int:
    target = _file_for(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return len(content)


def _downloads(html: str, page: str) -> list[str]:
    """The downloads and images a page links to (default selection: a static server ignores
    the query) and the outlines its map loads."""
    found = [
        page + name
        for name in _DOWNLOADS
        # karte.json: the map's values, named in the spec of the map (data-zw-spec)
        if f'href="{page}{name}' in html
        or f'src="{page}{name}' in html
        or f"&quot;{page}{name}" in html
    ]
    return found + sorted(set(_OUTLINES.findall(html)))


def _copy_static(root: Path) -> tuple[int, int]:
    files = size = 0
    seen: set[str] = set()
    for finder in finders.get_finders():
        for relative, storage in finder.list([]):
            if relative in seen or relative.startswith(_SKIPPED_STATIC):
                continue
            seen.add(relative)
            target = root / "static" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(storage.path(relative), target)
            files += 1
            size += target.stat().st_size
    return files, size


def _unlink_missing(root: Path, pages: Iterable[Path]) -> int:
    """Turn links to pages outside the export into plain text; returns how many."""
    count = 0

    def keep_or_unwrap(match: re.Match[str]) -> str:
        nonlocal count
        if _file_for(root, match.group(1)).exists():
            return match.group(0)
        count += 1
        return match.group(2)

    for page in pages:
        html = page.read_text(encoding="utf-8")
        changed = _LINK.sub(keep_or_unwrap, html)
        if changed != html:
            page.write_text(changed, encoding="utf-8")
    return count


def _export_settings() -> dict[str, Any]:
    """Plain static file names (no manifest hashes), the request host of RequestFactory, and a
    local cache large enough to keep every page's data and charts during the run."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    changed: dict[str, Any] = {
        "ALLOWED_HOSTS": ["testserver"],
        "STORAGES": {**storages, "staticfiles": static},
    }
    cache: dict[str, Any] = settings.CACHES["default"]
    if cache["BACKEND"].endswith("LocMemCache"):
        big = {**cache.get("OPTIONS", {}), "MAX_ENTRIES": 1_000_000}
        changed["CACHES"] = {**settings.CACHES, "default": {**cache, "OPTIONS": big}}
    return changed


def site_export(*, directory: Path, progress: Progress | None = None) -> ExportSummary:
    """Write the public portal to ``directory`` as a static site."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    # One version for the whole run: the export reads, it never changes data.
    with override_settings(**_export_settings()), one_version():
        renderer = _Renderer()
        paths = list(page_paths())
        written_pages: list[Path] = []
        files = size = 0
        extra: list[str] = []
        for number, path in enumerate(paths, start=1):
            response = renderer.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
            size += _write(directory, path, response.content)
            written_pages.append(_file_for(directory, path))
            extra += _downloads(response.content.decode(), path)
            if progress:
                progress(number, len(paths), path)
        for path in dict.fromkeys(extra):
            response = renderer.get(path)
            if response.status_code == 200:
                size += _write(directory, path, response.content)
                files += 1
    static_files, static_size = _copy_static(directory)
    unlinked = _unlink_missing(directory, written_pages)
    return ExportSummary(
        pages=len(written_pages),
        files=files + static_files,
        bytes=size + static_size,
        unlinked=unlinked,
        seconds=time.perf_counter() - started,
    )
