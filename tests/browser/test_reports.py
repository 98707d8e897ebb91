"""A report for the council, built in a real browser (issue 15): Kreis Coesfeld's publisher
sets up a report from the real NRW data, writes the foreword, watches the background job's
progress, downloads PDF and DOCX, publishes, and the public finds it on the profile. axe on
every page.
"""

from __future__ import annotations

import io
import os
import re

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from tests.browser.conftest import axe_violations, instance_env
from tests.browser.test_operator import _shell
from tests.browser.test_pages import _summary

PASSWORD = "Bericht-fuer-den-Kreistag-2030"
KREIS = "055580000000"


@pytest.fixture(scope="module")
def kreis(municipal: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An organisation for Kreis Coesfeld with a publisher and a published council target."""
    env = instance_env(tmp_path_factory)
    _shell(
        env,
        "import datetime; from django.utils import timezone; "
        "from zielwerk.accounts.models import Organisation, Membership; "
        "from zielwerk.accounts.services import user_create; "
        "from zielwerk.catalogue.models import Indicator; "
        "from zielwerk.regions.models import Region; "
        "from zielwerk.workspace.models import OrganisationTarget; "
        f"r = Region.objects.get(ars='{KREIS}'); "
        "o = Organisation.objects.create(name='Kreis Coesfeld', slug='kreis-coesfeld', "
        "kind='kreis', region=r); "
        "u = user_create(username='kreistag', email='kreistag@example.org', "
        f"password='{PASSWORD}'); "
        "Membership.objects.create(organisation=o, user=u, role='publisher'); "
        "i = Indicator.objects.get(code='K3.7'); "
        "unit = r.observations.filter(indicator=i).values_list('unit', flat=True).first(); "
        "OrganisationTarget.objects.create(organisation=o, indicator=i, region=r, unit=unit, "
        "version=1, kind='year', direction='increase', target_value=77.5, target_year=2030, "
        "base_year=2015, decision_date=datetime.date(2024, 3, 12), "
        "decision_reference='KT/2024/017', published_at=timezone.now(), published_by=u); "
        "print('ok')",
    )  # fmt: skip
    return municipal


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    shots = os.environ.get("ZIELWERK_SCREENSHOTS")  # a folder: keep a picture of each page
    if shots:
        name = re.sub(r"\W+", "-", page.url.split("//", 1)[1].split("/", 1)[1]).strip("-")
        page.screenshot(path=f"{shots}/{len(os.listdir(shots)):02d}-{name or 'home'}.png",
                        full_page=True)  # fmt: skip
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def _wait_for_job(page) -> list[str]:  # type: ignore[no-untyped-def]
    """On a job page: follow the progress (the page polls by itself) until the result link
    shows; the step messages seen on the way."""
    assert re.search(r"/aufgaben/\d+/$", page.url), page.url
    steps: list[str] = []
    result = page.locator("[data-job=result-box]")
    for _ in range(1200):
        step = page.locator("[data-job=step]").inner_text()
        if step and (not steps or steps[-1] != step):
            steps.append(step)
        failure = page.locator("[data-job=failure]").inner_text()
        assert not failure, failure
        if result.is_visible():
            return steps
        page.wait_for_timeout(100)
    raise AssertionError(f"the job did not finish; last step: {steps[-1:]}")


def _download(page, name: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value.path().read_bytes()


def test_a_publisher_builds_and_publishes_a_report(page, kreis, tmp_path):  # type: ignore[no-untyped-def]
    page.goto(kreis + "/konto/anmelden/")
    page.locator("#id_username").fill("kreistag")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(kreis + "/arbeitsbereich/kreis-coesfeld/")
    page.get_by_role("link", name="Berichte").click()
    _clean(page)
    title = page.get_by_label("Titel", exact=True).input_value()
    assert title == "Nachhaltigkeitsbericht Kreis Coesfeld", "proposed from the organisation"
    page.get_by_label("von Jahr").fill("2012")
    page.get_by_role("button", name="Bericht anlegen").click()
    page.wait_for_load_state()
    assert "Der Bericht wurde angelegt" in page.locator("main").inner_text()
    _clean(page)

    logo = tmp_path / "wappen.png"
    Image.new("RGB", (1200, 1400), "#0b4fa3").save(logo)
    page.get_by_label("Wappen oder Logo").set_input_files(str(logo))
    page.get_by_label("Beschreibung des Bildes (Alternativtext)").fill("Wappen des Kreises")
    page.get_by_role("button", name="Logo hochladen").click()
    page.wait_for_load_state()
    assert "Das Logo wurde übernommen." in page.locator("main").inner_text()
    page.get_by_role("link", name="Vorwort").click()
    _clean(page)
    page.get_by_label("Text").fill("Liebe Mitglieder des Kreistags,\n\n**62 Indikatoren** zeigen…")
    page.get_by_role("button", name="Als neue Version speichern").click()
    page.wait_for_load_state()
    assert "Version 1 gespeichert" in page.locator("main").inner_text()

    page.get_by_role("button", name="Entwurf erzeugen (PDF und Word)").click()
    page.wait_for_load_state()
    _clean(page)
    steps = _wait_for_job(page)
    assert len(steps) >= 3 and any(s.startswith("Indikator K") for s in steps), steps
    assert "fertig" in page.locator("[data-job=state_label]").inner_text()
    _clean(page)
    page.locator("[data-job=result]").click()
    page.wait_for_load_state()
    _clean(page)

    pdf = _download(page, "PDF (barrierefrei, getaggt)")
    reader = PdfReader(io.BytesIO(pdf))
    assert 20 <= len(reader.pages) <= 200
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert reader.metadata.title == "Nachhaltigkeitsbericht Kreis Coesfeld – Coesfeld"
    cover = reader.pages[0]
    sizes = [image.image.size for image in cover.images]
    assert (686, 800) in sizes, "the logo on the cover, scaled to 800 px"
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Ziel des Rats: 77,5" in text
    assert "Liebe Mitglieder des Kreistags" in text
    outline = [item.title for item in reader.outline[1] if not isinstance(item, list)]
    kit = {
        re.match(r"K\d+\.\d+", t).group()
        for t in _flat(reader.outline)
        if re.match(r"K\d+\.\d+ ", t)
    }
    assert len(kit) >= 20, "at least 20 kit indicators"

    docx = Document(io.BytesIO(_download(page, "Word (DOCX, bearbeitbar)")))
    chapters = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert chapters == outline, "the same chapters in Word and PDF"

    page.goto(kreis + "/arbeitsbereich/kreis-coesfeld/berichte/")
    page.get_by_role("link", name="Nachhaltigkeitsbericht Kreis Coesfeld").click()
    page.get_by_role("link", name="Bericht prüfen und veröffentlichen").click()
    _clean(page)
    assert "Liebe Mitglieder des Kreistags" in page.locator("table").inner_text()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_load_state()
    _wait_for_job(page)

    public = page.context.browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    public.goto(kreis + f"/regionen/{KREIS}/")
    public.get_by_role("link", name="Nachhaltigkeitsbericht Kreis Coesfeld").click()
    public.wait_for_load_state()
    assert re.search(r"/berichte/\d+/ausgabe/2/$", public.url), public.url
    assert "Ziel des Rats: 77,5" in public.locator("main").inner_text()
    _clean(public)
    public.context.close()


def _flat(outline) -> list[str]:  # type: ignore[no-untyped-def]
    titles = []
    for item in outline:
        titles += _flat(item) if isinstance(item, list) else [item.title]
    return titles
