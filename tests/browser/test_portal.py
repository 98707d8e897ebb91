"""The public portal in a real browser: indicator, goal, region and search pages, filters, map
year, CSV download, language switch, no-JavaScript view, and axe-core on each page type.

The shared server has only regions and catalogue; this module imports a slice of the real DNS
data (7.2.a renewable energy for Germany and the Länder, 3.1.e obesity with disaggregations)
into the server's database with ``zielwerk import``, as an operator would.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import BIN, axe_violations, instance_env

DNS = Path(__file__).resolve().parents[2] / "src/zielwerk/data/demo/dns-indicators"


@pytest.fixture(scope="module")
def portal(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("dns-slice")
    (folder / "data").mkdir()
    (folder / "meta").mkdir()
    for sheet in ("7-2-a", "3-1-e"):
        shutil.copy(DNS / f"data/indicator_{sheet}.csv", folder / "data")
        shutil.copy(DNS / f"meta/{sheet}.md", folder / "meta")
    env = instance_env(tmp_path_factory)
    subprocess.run(
        [
            str(BIN / "zielwerk"),
            "import",
            str(folder),
            "--source",
            "Destatis",
            "--no-progress",
            "--region",
            "DG",
            "--codes",
            "dns",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    return server_url


def _summary(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


def _table(page, selector: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = page.locator(f"{selector} tbody tr")
    return [
        (rows.nth(i).locator("th").inner_text(), rows.nth(i).locator("td").first.inner_text())
        for i in range(rows.count())
    ]


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/indikatoren/7.2.a/", "Anteil erneuerbarer Energien"),
        ("/ziele/7/", "Bezahlbare und saubere Energie"),
        ("/regionen/010000000000/", "Schleswig-Holstein"),
        ("/suche/?q=Energie", "Suche"),
        ("/berichtsstand/", "Berichtsstand"),
        ("/stand-der-ziele/", "Stand der Ziele"),
    ],
)
def test_portal_page_opens_and_is_accessible(page, portal, path, heading):
    response = page.goto(portal + path)
    assert response is not None and response.status == 200
    assert heading in page.locator("h1").inner_text()
    if path.startswith("/indikatoren/"):
        page.wait_for_selector("[data-zw-ready]", timeout=15000)
    violations = axe_violations(page)
    assert not violations, _summary(violations)


def test_indicator_chart_is_enhanced_and_matches_the_table(page, portal):
    page.goto(portal + "/indikatoren/7.2.a/")
    page.wait_for_function("document.querySelectorAll('[data-zw-ready]').length === 2")
    # The interactive chart replaced the server-side SVG; the text alternative is kept.
    assert page.locator(".zw-chart__view").first.is_hidden()
    assert "Ziel 2030: 41" in page.locator("section.zw-data").inner_text()
    rows = _table(page, "#tabelle")
    assert rows[0] == ("2005", "7,2")


def test_headline_content_without_javascript(browser, portal):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(portal + "/indikatoren/7.2.a/")
    chart = page.locator(".zw-chart__view img").first
    assert chart.is_visible()
    page.wait_for_function("document.querySelector('.zw-chart__view img').naturalWidth > 0")
    assert chart.get_attribute("alt").startswith("Diagramm: Anteil erneuerbarer Energien")
    assert "Ziel 2030: 41" in chart.get_attribute("alt")
    map_image = page.locator(".zw-chart--map img")
    map_image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.zw-chart--map img').naturalWidth > 0")
    assert map_image.get_attribute("alt").startswith("Karte der Länder")
    context.close()


def test_change_disaggregation_filter(page, portal):
    page.goto(portal + "/indikatoren/3.1.e/")
    select = page.locator("#filter-reihe")
    options = select.locator("option")
    before = select.input_value()
    other = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if options.nth(i).get_attribute("value") != before
    )
    select.select_option(other)
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    assert "reihe=" in page.url
    assert page.locator("#filter-reihe").input_value() == other
    assert page.locator("#tabelle tbody tr").count() >= 1


def test_change_map_year(page, portal):
    page.goto(portal + "/indikatoren/7.2.a/")
    page.locator("#filter-jahr").select_option("2015")
    page.get_by_role("button", name="Karte zeigen").click()
    page.wait_for_load_state()
    assert "jahr=2015" in page.url
    page.locator(".zw-details summary").click()
    assert "2015" in page.locator("#kartentabelle caption").inner_text()
    assert page.locator("#kartentabelle tbody tr").count() >= 10  # Länder with a 2015 value


def test_csv_download_matches_the_page(page, portal, tmp_path):
    page.goto(portal + "/indikatoren/7.2.a/?jahr=2016")
    shown = dict(_table(page, "#tabelle"))
    page.locator(".zw-details summary").click()
    shown_map = dict(_table(page, "#kartentabelle"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Daten als CSV").click()
    path = tmp_path / "daten.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    national = {
        r["year"]: r["value"].replace(".", ",") for r in rows if r["region"] == "000000000000"
    }
    assert national == shown
    laender = [r for r in rows if r["region"] != "000000000000"]
    assert {r["year"] for r in laender} == {"2016"}
    assert sorted(r["value"].replace(".", ",") for r in laender) == sorted(shown_map.values())


def test_search_from_the_header(page, portal):
    page.goto(portal + "/")
    box = page.get_by_role("searchbox", name="Suche nach Zielen, Indikatoren und Regionen")
    box.fill("Flensburg")
    with page.expect_navigation():
        box.press("Enter")
    assert "/suche/?q=Flensburg" in page.url
    page.get_by_role("link", name="Flensburg").first.click()
    assert page.url.endswith("/regionen/010010000000/")


def test_switch_language_on_the_indicator_page(page, portal):
    page.goto(portal + "/indikatoren/7.2.a/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Share of renewable energies" in page.locator("h1").inner_text()
    assert page.locator("#tabelle").count() == 1
