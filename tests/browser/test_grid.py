"""The data grid in a real browser (issue #14), in German and in English, axe-clean:
type a bad cell ("9,1 t") and a good one, save: the bad cell is marked, the error summary
is focused and links to it, every other input (cells, unit, source) survives; fix it,
save: the drafts are kept, the focus is back in the cell and the source is remembered."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date

import pytest

from tests.browser.conftest import BIN, axe_violations
from tests.browser.test_pages import _summary

PASSWORD = "Kalkar-Nachhaltig-2030"
# per language: what is typed into the good cell and into the bad cell once fixed
TYPED = {"de": ("12,5", "9,1"), "en": ("13.5", "8.2")}


@pytest.fixture(scope="module")
def kalkar(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An organisation for Kalkar with one administrator who chose 7.2.a, made with the CLI."""
    instances = sorted(tmp_path_factory.getbasetemp().glob("instance*"))
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(instances[0]),
        "ZIELWERK_SECRET_KEY": "browser-test-" + "k" * 50,
        "ZIELWERK_MEMBER_PASSWORD": PASSWORD,
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [str(BIN / "zielwerk"), "create_organisation", "--name", "Stadt Kalkar", "--slug",
         "kalkar", "--region", "051540024024", "--member", "greta", "--email",
         "greta@example.org", "--role", "admin"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    code = (
        "from zielwerk.accounts.models import Organisation; "
        "from zielwerk.catalogue.models import Indicator; "
        "from zielwerk.workspace import services; "
        "o = Organisation.objects.get(slug='kalkar'); i = Indicator.objects.get(code='7.2.a'); "
        "services.indicator_selection_set(organisation=o, user=None, shown=[i.pk], "
        "chosen=[i.pk])"
    )
    subprocess.run(
        [str(BIN / "zielwerk"), "shell", "-c", code], env=env, check=True, capture_output=True
    )
    return "greta"


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_bad_cell_is_marked_and_the_rest_survives(page, server_url, kalkar, language):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server_url + "/konto/anmelden/")
    page.get_by_label("Benutzername").fill(kalkar)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server_url}])
    typed, fixed = TYPED[language]
    grid = server_url + "/arbeitsbereich/kalkar/daten/7.2.a/"
    page.goto(grid)
    assert page.locator("html").get_attribute("lang") == language
    _clean(page)

    # the newest years come first and are visible at 1280 px without scrolling
    newest = date.today().year - 1
    years = [int(y) for y in page.locator("thead th.zw-num").all_inner_texts()]
    assert years[0] == newest and years == sorted(years, reverse=True)
    box = page.locator(f"#g-cell-0-{newest}").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280

    bad, good = f"g-cell-0-{newest - 1}", f"g-cell-0-{newest}"
    source = f"Stadtwerke Kalkar ({language})"
    page.locator("#g-unit").select_option("t")
    page.locator("#g-source").fill(source)
    page.locator(f"#{bad}").fill("9,1 t")
    page.locator(f"#{good}").fill(typed)
    page.locator(f"#{good}").press("Enter")

    # the bad cell is marked and described, the summary is focused and links to it
    cell = page.locator(f"#{bad}")
    assert cell.get_attribute("aria-invalid") == "true"
    assert cell.get_attribute("aria-describedby") == f"{bad}-error"
    assert "9,1 t" in page.locator(f"#{bad}-error").inner_text()
    assert _focused(page) == "g-errors"
    # every other input survived
    assert cell.input_value() == "9,1 t"
    assert page.locator(f"#{good}").input_value() == typed
    assert page.locator("#g-unit").input_value() == "t"
    assert page.locator("#g-source").input_value() == source
    _clean(page)
    page.locator(f"#g-errors a[href='#{bad}']").click()
    assert _focused(page) == bad

    # fixed and saved with Enter: the focus comes back to the cell, the source is remembered
    cell.fill(fixed)
    cell.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"#{bad}") + "$"))
    assert _focused(page) == bad
    assert page.locator("#zw-status [role=status]").count() == 1
    assert page.locator(f"#{bad}").input_value().replace(",", ".") == fixed.replace(",", ".")
    assert page.locator(f"#{good}").input_value().replace(",", ".") == typed.replace(",", ".")
    assert page.locator("#g-source").input_value() == source
    _clean(page)
