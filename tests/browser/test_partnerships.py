"""City partnerships in Chromium: the list filtered by keyboard, a municipality's map with its
table alternative, axe clean. The real twin-town file is loaded into the shared server with
``zielwerk load_partnerships <path>``; without ../shared the tests skip and say why."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import BIN, axe_violations, instance_env

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT.parent / "shared" / "data" / "partnerships" / "germany-sister-cities-wikidata-2017.tsv"
KOELN = "053150000000"


@pytest.fixture(scope="module")
def partnerships(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if not TSV.exists():
        pytest.skip("the shared data (../shared/data/partnerships) is absent")
    report = tmp_path_factory.mktemp("partnerships") / "unmatched.csv"
    done = subprocess.run(
        [str(BIN / "zielwerk"), "load_partnerships", str(TSV), "--report", str(report)],
        env=instance_env(tmp_path_factory),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    assert "5508 zugeordnet" in done.stdout
    return server_url


def _no_violations(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_the_list_is_filtered_by_keyboard(page, partnerships):
    page.goto(partnerships + "/partnerschaften/")
    assert page.locator("h1").inner_text() == "Städtepartnerschaften"
    page.get_by_label("Land").focus()
    page.get_by_label("Land").select_option(label="Nordrhein-Westfalen")
    page.keyboard.press("Tab")  # the country filter
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Enter")
    page.wait_for_url("**/partnerschaften/?land=050000000000*")
    status = page.get_by_role("status").inner_text()
    assert "Partnerschaften von" in status and "Kommunen" in status
    first = page.locator("#nach-kommune + div table tbody a").first
    assert first.get_attribute("href").startswith("/partnerschaften/05")
    _no_violations(page)


def test_a_municipality_shows_map_and_table(page, partnerships):
    page.goto(partnerships + f"/partnerschaften/{KOELN}/")
    svg = page.locator("figure svg[role=img]")
    assert svg.count() == 1 and "Köln" in svg.get_attribute("aria-label")
    table = page.get_by_role("region", name="Partnerstädte als Tabelle")
    table.focus()  # the table alternative is reachable with the keyboard
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    rows = table.locator("tbody tr")
    assert rows.count() > 10
    assert "Liverpool" in table.inner_text() and "United Kingdom" in table.inner_text()
    _no_violations(page)


def test_the_map_page_keeps_the_csp(browser, partnerships):
    context = browser.new_context(locale="de-DE")  # CSP enforced (no bypass_csp)
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    page = context.new_page()
    try:
        response = page.goto(partnerships + f"/partnerschaften/{KOELN}/")
        assert response is not None and response.status == 200
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.locator("figure svg[role=img]").count() == 1
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
