"""A municipality finds itself: "Meine Kommune" on the home page, its SDG profile, and one
indicator against its Kreis, Land, Germany and similar municipalities — in Chromium, with axe.

The real bundled municipal data of Nordrhein-Westfalen comes from the session fixture
``municipal`` (tests/browser/conftest.py).
"""

from __future__ import annotations

from tests.browser.conftest import axe_violations


def _no_violations(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_my_place_leads_to_the_profile(page, municipal):
    page.goto(municipal + "/")
    page.get_by_label("Name oder Gemeindeschlüssel").fill("Coesfeld")
    page.get_by_role("button", name="Profil öffnen").click()
    page.wait_for_url("**/regionen/055580012012/")
    assert page.locator("h1").inner_text() == "Coesfeld"
    profile = page.locator("section.zw-profile")
    assert "Die 17 Ziele im Überblick" in profile.inner_text()
    assert page.locator(".zw-goal-tile").count() == 17
    assert page.locator("table.zw-table--profile tbody tr").count() >= 10
    assert "Kleinere Mittelstadt" in profile.inner_text()
    _no_violations(page)


def test_indicator_view_compares_with_peers(page, municipal):
    page.goto(municipal + "/regionen/055580012012/")
    page.get_by_role("link", name="K3.7 Hausärzte").click()
    page.wait_for_function("document.querySelectorAll('[data-zw-ready]').length >= 2")
    heading = page.get_by_role("heading", name="Im Vergleich mit Kreis, Land, Deutschland")
    assert heading.is_visible()
    data = page.locator("section.zw-data").inner_text()
    assert "Vergleichsgruppe: Kleinere Mittelstadt" in data
    assert "Region im Diagramm: Coesfeld" in data
    page.get_by_text("Tabelle zum Vergleich", exact=True).click()
    header = page.locator("details table thead").first.inner_text()
    assert "Coesfeld (Kreis)" in header and "Median" in header
    _no_violations(page)
