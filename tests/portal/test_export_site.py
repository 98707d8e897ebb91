"""``zielwerk export-site DIR`` writes a static site whose internal links all resolve."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.usefixtures("data")
LINK = re.compile(r'(?:href|src)="(/[^"#?]*)')


def _target(root: Path, link: str) -> Path:
    return root / link.lstrip("/") / "index.html" if link.endswith("/") else root / link.lstrip("/")


def test_export_writes_linked_pages_downloads_and_assets(tmp_path, client):
    out = io.StringIO()
    err = io.StringIO()
    call_command("export_site", str(tmp_path / "site"), stdout=out, stderr=err)
    root = tmp_path / "site"
    assert "Seiten" in out.getvalue()
    assert "[##############################]" in err.getvalue()  # the progress bar ends full
    for page in (
        "index.html",
        "ziele/7/index.html",
        "indikatoren/7.2.a/index.html",
        "regionen/index.html",
        "regionen/010000000000/index.html",
        "berichtsstand/index.html",
        "stand-der-ziele/index.html",
    ):
        assert (root / page).is_file(), page
    assert (root / "static/zielwerk/site.css").is_file()
    assert (root / "static/vendor/vega/vega-embed.min.js").is_file()
    assert (root / "karten/land/de.geojson").is_file()
    # The chart and the map are images of the page's own files (a static server ignores the
    # query), so the exported page shows them without JavaScript.
    indicator_page = (root / "indikatoren/7.2.a/index.html").read_text()
    for figure in ("diagramm", "karte"):
        assert f'<img src="/indikatoren/7.2.a/{figure}.svg?' in indicator_page
        assert "<svg" in (root / f"indikatoren/7.2.a/{figure}.svg").read_text()
    exported = (root / "indikatoren/7.2.a/daten.csv").read_text()
    live = client.get("/indikatoren/7.2.a/daten.csv").content.decode()
    assert exported == live
    broken = set()
    for page in root.rglob("*.html"):
        for link in LINK.findall(page.read_text()):
            if not _target(root, link).exists():
                broken.add((str(page.relative_to(root)), link))
    assert not broken, sorted(broken)[:10]
    home = (root / "index.html").read_text()
    assert 'action="/suche/"' not in home  # no search box without a server
    assert "/regionen/010010000000/" not in (root / "regionen/010000000000/index.html").read_text()
