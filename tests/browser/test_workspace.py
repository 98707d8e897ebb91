"""The workspace's main path in a real browser, axe-clean on every page on the way:
log in, pick five indicators, set a target with a council decision, upload an XLSX with one
error and see it at the cell once the check job is done, fix it, confirm it (a job too),
publish, see the value in public."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.browser.conftest import BIN, axe_violations
from tests.browser.test_pages import _summary
from tests.browser.test_reports import _wait_for_job

PASSWORD = "Bedburg-Hau-Nachhaltig-2030"
CHOSEN = ("7.1.a", "7.1.b", "7.2.a", "7.2.b", "7.2.1")
HEADER = ["indicator", "region", "series", "year", "value", "unit"]


@pytest.fixture(scope="module")
def member(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An organisation for Bedburg-Hau with one administrator, made with the CLI."""
    instances = sorted(tmp_path_factory.getbasetemp().glob("instance*"))
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(instances[0]),
        "ZIELWERK_SECRET_KEY": "browser-test-" + "k" * 50,
        "ZIELWERK_MEMBER_PASSWORD": PASSWORD,
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            str(BIN / "zielwerk"),
            "create_organisation",
            "--name",
            "Gemeinde Bedburg-Hau",
            "--slug",
            "bedburg-hau",
            "--region",
            "051540004004",
            "--member",
            "kerstin",
            "--email",
            "kerstin@example.org",
            "--role",
            "admin",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    return "kerstin"


def _xlsx(path: Path, value_2023: object) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for year, value in ((2020, 19.5), (2021, 20.25), (2022, 21.0), (2023, value_2023)):
        sheet.append(["7.2.a", "051540004004", "", year, value, "percentage"])
    book.save(path)
    return path


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def test_main_path(page, server_url, member, tmp_path):  # type: ignore[no-untyped-def]
    base = server_url + "/arbeitsbereich/bedburg-hau"
    page.goto(server_url + "/konto/anmelden/")
    _clean(page)
    page.get_by_label("Benutzername").fill(member)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    assert page.url.endswith("/arbeitsbereich/bedburg-hau/")
    _clean(page)

    # pick five indicators from the kit
    page.goto(base + "/baukasten/?ziel=7")
    _clean(page)
    for code in CHOSEN:
        page.get_by_role("checkbox", name=re.compile("^" + re.escape(code) + " ")).check()
    page.get_by_role("button", name="Auswahl speichern").click()
    assert "5 hinzugefügt" in page.locator("main").inner_text()

    # a target adopted by the council
    page.goto(base + "/ziele/7.2.a/")
    assert "Anstieg auf 41% bis 2030" in page.locator("main").inner_text()  # national target
    page.get_by_label("Art des Ziels").select_option("year")
    page.get_by_label("Richtung").select_option("increase")
    page.get_by_label("Zielwert").fill("35")
    page.get_by_label("Zieljahr").fill("2030")
    page.get_by_label("Basisjahr").fill("2020")
    page.get_by_label("Datum des Ratsbeschlusses").fill("2024-11-20")
    page.get_by_label("Beschlussnummer oder Drucksache").fill("DS 2024/117")
    page.get_by_label("Link zum Beschluss").fill("https://ratsinfo.example.org/ds-2024-117")
    page.get_by_role("button", name="Ziel speichern").click()
    local = page.locator("section", has_text="Ziel Ihrer Kommune").inner_text()
    assert "DS 2024/117" in local
    assert "Version 1" in local
    _clean(page)

    # upload an XLSX with one error: the cell is marked, nothing is written
    page.goto(base + "/daten/hochladen/")
    _clean(page)
    page.get_by_label("Datei", exact=True).set_input_files(str(_xlsx(tmp_path / "a.xlsx", "n. v.")))
    page.get_by_label("Quelle").fill("Statistikstelle Kreis Kleve")
    page.get_by_role("button", name="Hochladen und prüfen").click()
    # the check runs as a job: its page follows it until the link to the preview shows
    steps = _wait_for_job(page)
    assert steps[-1].startswith("Fertig"), steps
    _clean(page)
    result = page.locator("[data-job=result]")
    assert result.inner_text() == "Prüfung ansehen"
    result.click()
    page.wait_for_load_state()
    assert "fehlerhaft" in page.locator("main").inner_text()
    assert "1 Fehler" in page.get_by_role("alert").inner_text()
    bad = page.locator("td.zw-cell--error")
    assert bad.count() == 1
    assert bad.get_attribute("data-line") == "5"
    assert "n. v." in bad.inner_text()
    assert "keine Zahl" in bad.inner_text()
    _clean(page)
    assert page.get_by_role("button", name="Übernahme als Entwurf bestätigen").count() == 0

    # fix it, confirm, publish
    page.get_by_role("link", name="Korrigierte Datei hochladen").click()
    page.get_by_label("Datei", exact=True).set_input_files(str(_xlsx(tmp_path / "b.xlsx", 22.5)))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    _wait_for_job(page)
    page.get_by_role("link", name="Prüfung ansehen").click()
    assert "4 Werte können übernommen werden" in page.locator("main").inner_text()
    page.get_by_role("button", name="Übernahme als Entwurf bestätigen").click()
    # confirming is a job as well; its result leads to "Prüfen und veröffentlichen"
    _wait_for_job(page)
    result = page.locator("[data-job=result]")
    assert result.inner_text() == "4 Werte als Entwurf übernommen: Prüfen und veröffentlichen"
    _clean(page)
    result.click()
    page.wait_for_load_state()
    assert page.url.endswith("/pruefen/")
    _clean(page)
    assert _public_values(server_url) == {}  # still a draft
    page.get_by_role("button", name="Alle Entwürfe veröffentlichen").click()
    # a confirmation says what becomes public; nothing is public before it is confirmed
    assert page.url.split("?")[0].endswith("/pruefen/bestaetigen/")
    assert "4 Werte" in page.locator("main").inner_text()
    _clean(page)
    assert _public_values(server_url) == {}
    page.get_by_role("button", name="Jetzt veröffentlichen").click()
    assert "Veröffentlicht: 4 Werte, 1 Ziele." in page.locator("main").inner_text()
    assert _public_values(server_url) == {2020: 19.5, 2021: 20.25, 2022: 21.0, 2023: 22.5}

    # the audit trail names who changed what
    page.goto(base + "/protokoll/")
    trail = page.locator("main").inner_text()
    assert "Wert veröffentlicht" in trail
    assert "Zielversion angelegt" in trail
    _clean(page)

    # the public portal's indicator page shows the published value
    page.goto(server_url + "/indikatoren/7.2.a/")
    public = page.locator("main").inner_text()
    assert "Bedburg-Hau" in public, "Portal zeigt die Region der veröffentlichten Werte nicht"
    assert "22,5" in public, "Portal zeigt den veröffentlichten Wert nicht"
    _clean(page)


def _public_values(server_url: str) -> dict[int, float]:
    """The published values of the test series, from the open data API."""
    url = server_url + "/api/v1/observations?indicator=7.2.a&region=051540004004"
    with urllib.request.urlopen(url, timeout=10) as response:
        data = json.load(response)
    return {row["year"]: row["value"] for row in data["results"]}
