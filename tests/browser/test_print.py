"""Printing an indicator page: at most two A4 pages, with title, chart, status and sources.

A municipal user prints an indicator page for a council meeting. Chromium renders the print view
to PDF (``page.pdf`` after ``emulate_media(media="print")``), pypdf counts the pages and reads the
text. The heaviest pages are included: a DNS indicator with many series and Länder values, and a
municipal indicator with every Gemeinde of North Rhine-Westphalia on its map table.

PNGs of the printed pages land in ``/tmp/print_check/`` (when pdftoppm is installed) for a look.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from tests.browser.conftest import BIN, instance_env
from zielwerk.monitoring.services.municipal import MUNICIPAL_DIR

DNS = Path(__file__).resolve().parents[2] / "src/zielwerk/data/demo/dns-indicators"
PNG_DIR = Path("/tmp/print_check")
MUNICIPAL_CODES = ("K11.6", "K1.5")  # K11.6: 428 Gemeinden × 18 years in NRW, the largest
COESFELD = "055580012012"


def _zielwerk(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "zielwerk"), *args], env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def portal(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    env = instance_env(tmp_path_factory)
    folder = tmp_path_factory.mktemp("print-dns")
    (folder / "data").mkdir()
    (folder / "meta").mkdir()
    for sheet in ("8-5-ab", "10-1", "7-2-a"):
        shutil.copy(DNS / f"data/indicator_{sheet}.csv", folder / "data")
        shutil.copy(DNS / f"meta/{sheet}.md", folder / "meta")
    _zielwerk(
        env,
        "import",
        str(folder),
        "--source",
        "Destatis",
        "--no-progress",
        "--region",
        "DG",
        "--codes",
        "dns",
    )
    path = tmp_path_factory.mktemp("print-kom") / "inkar-2024.parquet"
    pl.read_parquet(MUNICIPAL_DIR / "observations" / path.name).filter(
        pl.col("indicator").is_in(MUNICIPAL_CODES)
        & (pl.col("region").str.starts_with("05") | (pl.col("region") == "000000000000"))
    ).write_parquet(path)
    _zielwerk(env, "import", str(path), "--source", "inkar-2024", "--no-progress", "--codes", "kom")
    return server_url


def _print_pdf(page, url: str) -> bytes:  # type: ignore[no-untyped-def]
    page.goto(url)
    # Browsers load lazy images when printing; page.pdf does not, so load them first.
    page.evaluate(
        """() => Promise.all([...document.images].map((img) => {
            img.loading = "eager";
            if (img.complete) return null;
            return new Promise((done) => { img.onload = img.onerror = done; });
        }))"""
    )
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    pdf: bytes = page.pdf(format="A4")
    return pdf


def _save_pngs(pdf: bytes, name: str) -> None:
    if not Path("/usr/bin/pdftoppm").exists():
        return
    PNG_DIR.mkdir(exist_ok=True)
    source = PNG_DIR / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "60", str(source), str(PNG_DIR / name)], check=True
    )


PAGES = [
    ("8.5.a", "/indikatoren/8.5.a/"),  # DNS: 9 assessments (3 series by sex), Länder map, 25 years
    ("10.1", "/indikatoren/10.1/"),  # DNS: 18 assessments, two units, long political target
    ("7.2.a", "/indikatoren/7.2.a/"),  # DNS: many published weather symbols and targets
    ("K11.6", "/indikatoren/K11.6/"),  # municipal: 428 Gemeinden on the map
    ("K11.6-coesfeld", f"/indikatoren/K11.6/?region={COESFELD}"),  # + comparison chart
    ("K1.5-coesfeld", f"/indikatoren/K1.5/?region={COESFELD}"),
]

_VISIBLE_ROWS = """(selector) => [...document.querySelectorAll(selector + " tbody tr")]
    .filter((row) => getComputedStyle(row).display !== "none").length"""
_SHOWN = """(selector) => [...document.querySelectorAll(selector)]
    .filter((node) => node.getClientRects().length > 0).length"""


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_indicator_page_prints_on_two_a4_pages(page, portal, name, path):
    url = portal + path
    pdf = _print_pdf(page, url)
    _save_pngs(pdf, name)
    reader = PdfReader(io.BytesIO(pdf))
    text = _words(" ".join((p.extract_text() or "") for p in reader.pages))
    assert len(reader.pages) <= 2, f"{name}: {len(reader.pages)} A4 pages"

    title = _words(page.locator("h1").inner_text())
    # The h1, and the same title drawn inside the chart (an SVG image without any XObject).
    assert text.count(title) >= 2, f"{name}: title or chart missing in the printout"
    chart = page.locator(".zw-chart__view img").first
    assert chart.evaluate("(img) => img.complete && img.naturalWidth > 0")
    assert chart.bounding_box()["height"] > 150  # type: ignore[index]
    assert "Quellen" in text
    assert "Bewertung" in text
    # The permanent address is printed, so the shortened parts can point to it.
    assert url in text.replace(" ", "")

    # The values table prints its ten latest rows and says so when it leaves rows out.
    total = page.locator("#tabelle tbody tr").count()
    printed = page.evaluate(_VISIBLE_ROWS, "#tabelle")
    last_year = page.locator("#tabelle tbody tr th").last.inner_text()
    assert printed == min(total, 10)
    assert last_year in text
    assert ("der Ausdruck zeigt nur die 10 jüngsten Werte" in text) == (total > 10)
    assert page.evaluate(_SHOWN, ".zw-header, .zw-footer, form, .zw-downloads") == 0


@pytest.mark.parametrize(("name", "path"), PAGES[:1] + PAGES[4:5], ids=["8.5.a", "K11.6-coesfeld"])
def test_screen_view_keeps_everything(page, portal, name, path):
    page.goto(portal + path)
    page.emulate_media(media="screen")
    total = page.locator("#tabelle tbody tr").count()
    assert total > 10
    assert page.evaluate(_VISIBLE_ROWS, "#tabelle") == total
    assert page.evaluate(_SHOWN, ".zw-print-only, .zw-print-url, .zw-print-note") == 0
    assert page.evaluate(_SHOWN, ".zw-header, .zw-footer, .zw-downloads li") > 3
    assessments = page.locator(".zw-assessments tbody tr")
    assert page.evaluate(_VISIBLE_ROWS, ".zw-assessments") == assessments.count()
    if name == "8.5.a":
        assert assessments.count() > 6  # more than the printout shows
