"""Open the main pages in a real browser; axe-core finds no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations


def _summary(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Zielwerk"),
        ("/ziele/7/", "Bezahlbare und saubere Energie"),
        ("/regionen/010010000000/", "Flensburg"),
    ],
)
def test_page_opens_and_is_accessible(page, server_url, path, heading):
    response = page.goto(server_url + path)
    assert response is not None
    assert response.status == 200
    assert heading in page.locator("h1").inner_text()
    violations = axe_violations(page)
    assert not violations, _summary(violations)


def test_start_page_leads_to_the_17_goals(page, server_url):
    page.goto(server_url + "/")
    tiles = page.locator("a.zw-goal")
    assert tiles.count() == 17
    tiles.nth(6).click()
    assert page.url.endswith("/ziele/7/")


def test_language_switch_to_english(page, server_url):
    page.goto(server_url + "/ziele/7/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Affordable and clean energy" in page.locator("h1").inner_text()
