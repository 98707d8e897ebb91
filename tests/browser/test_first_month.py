"""The first month of a new municipality, in a real browser, in German and in English, axe-clean
on every page (issue 14): the platform operator creates the organisation by searching its
region and invites its administrator; she accepts the invitation from the e-mail, chooses an
indicator in the kit, types into the grid with one bad cell (everything else survives), fills
the upload template (German headers) with a value beyond its natural limit, sets the council's
target, reviews the drafts grouped by indicator with the plausibility warning, and publishes
after the confirmation.

Controls are found by ids and form targets, so both languages run the same steps.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import axe_violations, instance_env
from tests.browser.test_operator import PASSWORD, _shell, _sign_in
from tests.browser.test_pages import _summary
from tests.browser.test_reports import _wait_for_job

OPERATOR = "betrieb-monat"
# (language, region searched, administrator's address, her user name)
RUNS = [
    ("de", "Uedem", "klima@uedem.example", "klima-uedem"),
    ("en", "Weeze", "agenda@weeze.example", "agenda-weeze"),
]


@pytest.fixture(scope="module")
def operator(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A platform operator; the folder the server writes its e-mails to."""
    env = instance_env(tmp_path_factory)
    _shell(
        env,
        "from zielwerk.accounts.services import user_create as c; "
        f"c(username='{OPERATOR}', email='betrieb@example.org', password='{PASSWORD}', "
        "is_staff=True, is_superuser=True)",
    )
    return Path(env["ZIELWERK_DATA_DIR"]) / "mail"


def _visit(page, language: str) -> None:  # type: ignore[no-untyped-def]
    """The page is in the chosen language and axe finds nothing serious."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language, page.url
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def _invitation_link(mail: Path, address: str) -> str:
    for message in sorted(mail.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        text = message.read_text(encoding="utf-8")
        if address in text:
            found = re.search(r"https?://\S+/konto/einladung/[^/\s]+/", text)
            assert found, text
            return found.group(0)
    raise AssertionError(f"no invitation mail to {address} in {mail}")


@pytest.mark.parametrize(("language", "query", "email", "username"), RUNS)
def test_the_first_month_of_a_new_municipality(  # type: ignore[no-untyped-def]
    browser, server_url, operator, tmp_path, tmp_path_factory, language, query, email, username
):
    decimal = "," if language == "de" else "."
    # --- the operator: organisation by region search, invitation ------------------------------
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server_url, OPERATOR, language)
    page.goto(server_url + "/konto/betrieb/organisation-anlegen/")
    _visit(page, language)
    page.locator("#id_q").fill(query)
    page.locator("main form[role=search] button[type=submit]").click()
    _visit(page, language)
    page.locator("main table a[href*='region=']").first.click()
    _visit(page, language)
    page.locator("#id_name").fill(f"Gemeinde {query}")
    page.locator("main form[method=post] button[type=submit]").click()
    _visit(page, language)
    slug = re.search(r"/organisationen/([^/]+)/verwaltung-einladen/", page.url).group(1)
    page.locator("#id_email").fill(email)
    page.locator("main form[method=post] button[type=submit]").click()
    _visit(page, language)
    context.close()

    # --- the administrator accepts the invitation from her e-mail ------------------------------
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": server_url}])
    page = context.new_page()
    page.goto(_invitation_link(operator, email))
    _visit(page, language)
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    _visit(page, language)
    base = f"{server_url}/arbeitsbereich/{slug}"
    page.goto(base + "/erste-schritte/")
    _visit(page, language)

    # --- kit: one indicator (1.1.b, which no other browser test publishes: the server is shared)
    page.goto(base + "/baukasten/?suche=1.1.b")
    _visit(page, language)
    page.get_by_role("checkbox", name=re.compile(r"^1\.1\.b ")).check()
    page.locator("main form[method=post] .zw-actions button[type=submit]").click()
    _visit(page, language)

    # --- grid: one bad cell, the rest survives -------------------------------------------------
    page.goto(base + "/daten/1.1.b/")
    _visit(page, language)
    cells = page.locator("input[id^='g-cell-0-']")
    newest, before = cells.nth(0), cells.nth(1)
    newest.fill("9" + decimal + "1 t")
    before.fill("12" + decimal + "5")
    page.locator("#g-source").fill("Bauamt")
    page.locator("main .zw-actions button[type=submit]").click()
    _visit(page, language)
    assert page.locator("#g-errors").count() == 1
    cells = page.locator("input[id^='g-cell-0-']")
    assert cells.nth(0).get_attribute("aria-invalid") == "true"
    assert cells.nth(0).input_value() == "9" + decimal + "1 t"
    assert cells.nth(1).input_value() == "12" + decimal + "5"
    assert page.locator("#g-source").input_value() == "Bauamt"
    cells.nth(0).fill("9" + decimal + "1")
    page.locator("main .zw-actions button[type=submit]").click()
    _visit(page, language)
    assert page.locator("#g-errors").count() == 0

    # --- the upload template with German headers, one value beyond its natural limit ------------
    page.goto(base + "/daten/hochladen/")
    _visit(page, language)
    href = page.locator("main a[href$='vorlage.xlsx']").get_attribute("href")
    book = load_workbook(io.BytesIO(page.request.get(server_url + href).body()))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Indikator", "Region", "Reihe", "Jahr"]
    rows = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "1.1.b"]
    assert rows, "the chosen indicator is pre-filled"
    rows[0][header.index("Wert")].value = 140  # a share above 100 %
    path = tmp_path / "vorlage.xlsx"
    book.save(path)
    page.locator("#id_file").set_input_files(str(path))
    page.locator("#id_source").fill("Statistikstelle")
    page.locator("main form[method=post] button[type=submit]").first.click()
    _wait_for_job(page)  # the check runs as a job; its page links to the preview when done
    _visit(page, language)
    page.locator("[data-job=result]").click()
    _visit(page, language)
    page.locator("main form[method=post] .kern-btn--primary").first.click()
    _wait_for_job(page)  # so does confirming; its result leads to the review
    _visit(page, language)
    page.locator("[data-job=result]").click()
    _visit(page, language)
    assert page.url.endswith("/pruefen/"), page.url

    # --- the council's target -----------------------------------------------------------------
    page.goto(base + "/ziele/1.1.b/")
    _visit(page, language)
    page.locator("#id_kind").select_option("year")
    page.locator("#id_direction").select_option("increase")
    page.locator("#id_target_value").fill("35")
    page.locator("#id_target_year").fill("2030")
    page.locator("#id_decision_date").fill("2026-11-20")
    page.locator("#id_decision_reference").fill("DS 2026/117")
    page.locator("main form[method=post] .kern-btn--primary").click()
    _visit(page, language)
    assert "DS 2026/117" in page.locator("main").inner_text()

    # --- review grouped by indicator, the warning, confirmation, publishing ---------------------
    page.goto(base + "/pruefen/")
    _visit(page, language)
    assert page.locator("section.zw-review-group").count() == 1
    assert page.locator(".zw-warning").count() >= 1  # 140 % is beyond 0–100
    page.locator("main form[action$='/pruefen/bestaetigen/'] button[type=submit]").first.click()
    _visit(page, language)
    page.locator("main form[method=post] .kern-btn--primary").click()
    _visit(page, language)
    published = _shell(
        instance_env(tmp_path_factory),
        "from zielwerk.monitoring.models import Observation as O; "
        "from zielwerk.accounts.models import Organisation; "
        f"r = Organisation.objects.get(slug='{slug}').region; "
        "print(O.objects.filter(region=r, indicator__code='1.1.b').count())",
    )
    assert int(published) == 3  # the two grid values and the template's
    context.close()
