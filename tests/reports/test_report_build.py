"""A report for Kreis Coesfeld on the real NRW data: PDF (tagged, language, bookmarks), DOCX
(same headings), HTML; texts versioned and published with the edition (issue 15)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.portal.test_one_language import foreign_lines
from zielwerk.catalogue.models import Indicator
from zielwerk.reports import services
from zielwerk.reports.models import Report, ReportEdition, ReportText

from .conftest import TARGET_CODE

pytestmark = pytest.mark.django_db


def _report(organisation, user, **changes) -> Report:
    data = {
        "title": "Nachhaltigkeitsbericht 2024",
        "language": "de",
        "layout": Report.Layout.SDG,
        "goals": [],
        "indicators": [],
        "year_from": 2010,
        "year_to": 2024,
        **changes,
    }
    return services.report_create(
        organisation=organisation, user=user, data=services.ReportData(**data)
    )


def _pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _outline_titles(outline, depth=0) -> list[tuple[int, str]]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item, depth + 1)
        else:
            titles.append((depth, item.title))
    return titles


def test_a_kreis_report_has_every_part_in_pdf_docx_and_html(kreis) -> None:
    organisation, people = kreis
    report = _report(organisation, people["editor"])
    foreword = "Liebe Leserinnen und Leser,\n\n**Nachhaltigkeit** geht uns alle an."
    services.text_save(report=report, user=people["editor"], key="foreword", text=foreword)
    services.text_save(report=report, user=people["editor"], key="goal-3",
                       text="## Gesundheit\n\n- Hausärzte\n- Pflege")  # fmt: skip
    edition = services.edition_build(report, user=people["editor"], public=False)
    out = Path(os.environ.get("ZIELWERK_REPORT_SAMPLE", ""))
    if out.name:  # for looking at it: ZIELWERK_REPORT_SAMPLE=/tmp/report.pdf
        out.write_bytes(bytes(edition.pdf))
        out.with_suffix(".docx").write_bytes(bytes(edition.docx))

    kit = re.findall(r'<section class="zw-report-indicator" id="i-(k[\d-]+)"', edition.html)
    assert len(kit) >= 20, "a Kreis report with at least 20 kit indicators"
    charts = edition.html.count('<figure class="zw-report-chart">')
    sections = edition.html.count('<section class="zw-report-indicator"')
    links = edition.html.split('id="zusammenhaenge"')[1].split('id="quellen"')[0]
    assert links.count('<figure class="zw-report-chart">') == 4, "matrix and network, 2 views"
    assert "Synergie</td>" in links and "Korrelation ist keine Kausalität" in links
    assert charts - 4 == sections, "one chart per indicator"
    assert "Ziel des Rats: 42,5" in edition.html
    assert "<strong>Nachhaltigkeit</strong>" in edition.html

    reader = PdfReader(io.BytesIO(bytes(edition.pdf)))
    assert 20 <= len(reader.pages) <= 200
    assert edition.pages == len(reader.pages)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Nachhaltigkeitsbericht 2024 – Coesfeld"
    text = _pdf_text(reader)
    assert "Coesfeld" in text
    assert "Ziel des Rats: 42,5" in text
    assert "Nachhaltigkeit geht uns alle an" in text
    titles = _outline_titles(reader.outline)
    top = [title for depth, title in titles if depth == 0]
    assert "Nachhaltigkeitsbericht 2024" in top
    chapters = [title for depth, title in titles if depth == 1]
    for chapter in ("Vorwort", "Synergien und Zielkonflikte", "Quellen und Lizenzen", "Methoden"):
        assert chapter in chapters
    assert "Korrelation ist keine Kausalität" in text
    assert "Ziel 3: Gesundheit und Wohlergehen" in chapters
    assert "Inhalt" not in chapters, "the table of contents is no bookmark"
    indicator_titles = {title for depth, title in titles if depth == 2}
    assert any(title.startswith(TARGET_CODE + " ") for title in indicator_titles)

    document = Document(io.BytesIO(bytes(edition.docx)))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    docx_chapters = [text for style, text in headings if style == "Heading 1"]
    assert docx_chapters == chapters, "the DOCX has the same chapter headings as the PDF"
    docx_sections = {text for style, text in headings if style == "Heading 2"}
    assert docx_sections == indicator_titles, "indicators and sub-headings on the same level"
    assert "Gesundheit" in indicator_titles
    assert document.core_properties.title == "Nachhaltigkeitsbericht 2024 – Coesfeld"
    assert len(document.inline_shapes) == charts, "the same pictures as the PDF"
    assert any("Ziel des Rats: 42,5" in p.text for p in document.paragraphs)
    assert ReportText.objects.filter(report=report, published_at=None).count() == 2, (
        "a draft edition publishes nothing"
    )


def test_bnk_layout_places_indicators_in_handlungsfelder(kreis) -> None:
    organisation, people = kreis
    report = _report(
        organisation,
        people["editor"],
        layout=Report.Layout.BNK,
        language="en",
        title="Sustainability report",
    )
    edition = services.edition_build(report, user=people["editor"], public=False)
    reader = PdfReader(io.BytesIO(bytes(edition.pdf)))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    chapters = [t for d, t in _outline_titles(reader.outline) if d == 1]
    assert "01 Strategy" in chapters and "10 Climate protection and energy" in chapters
    assert "Foreword" not in chapters, "an empty foreword is left out"
    leaks = foreign_lines(f'<html lang="en"><body>{edition.html}</body></html>', "en")
    # One bundled source is attributed in two languages at once (a German attribution, an
    # English title: data/municipal/sources.csv, localzero); every other source is marked.
    leaks = [line for line in leaks if "aufbereitet durch GermanZero – LocalZero" not in line]
    assert not leaks, leaks[:5]
    assert '<span lang="de">© BBSR Bonn 2024, INKAR' in edition.html
    # the climate chapter holds the goal 7 and 13 indicators
    climate = edition.html.split('id="bnk-10"')[1].split('<section class="zw-report-chapter"')[0]
    codes = re.findall(r'<h3 id="h-i-[^"]+">(\S+) ', climate)
    goals = set(Indicator.objects.filter(code__in=codes).values_list("goal__number", flat=True))
    assert codes and goals <= {7, 13}


def test_publishing_publishes_the_texts_with_the_edition(
    kreis, client, django_capture_on_commit_callbacks
) -> None:
    organisation, people = kreis
    profile = f"/regionen/{organisation.region.ars}/"
    assert "Nachhaltigkeitsberichte" not in client.get(profile).content.decode()
    report = _report(organisation, people["editor"], goals=[3, 13])
    services.text_save(report=report, user=people["editor"], key="goal-13", text="Klimaschutz.")
    assert [key for key, *_r in services.pending_texts(report)] == ["goal-13"]
    seen: list[tuple[int, int, str]] = []
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.edition_build(
            report, user=people["publisher"], public=True, progress=lambda *a: seen.append(a)
        )
    shares = [done / total for done, total, _message in seen]
    assert shares == sorted(shares) and shares[-1] == 1, "the progress only moves forward"
    assert len({total for _d, total, _m in seen}) == 1, "one total from the start"
    assert any(message.startswith("Indikator K") for *_n, message in seen)
    assert edition.public and edition.number == 1
    listed = client.get(profile).content.decode()  # the cached profile was replaced
    assert f'href="/berichte/{report.pk}/"' in listed and "Nachhaltigkeitsberichte" in listed
    assert services.pending_texts(report) == []
    page = client.get(f"/berichte/{report.pk}/ausgabe/1/")
    assert page.status_code == 200
    assert "Klimaschutz." in page.content.decode()
    assert client.get(f"/berichte/{report.pk}/ausgabe/1.pdf")["Content-Type"] == "application/pdf"
    services.text_save(
        report=report, user=people["editor"], key="goal-13", text="Mehr Klimaschutz."
    )
    draft = services.edition_build(report, user=people["editor"], public=False)
    assert client.get(f"/berichte/{report.pk}/ausgabe/{draft.number}/").status_code == 404
    assert (
        "Mehr Klimaschutz." not in client.get(f"/berichte/{report.pk}/ausgabe/1/").content.decode()
    )
    assert ReportEdition.objects.filter(report=report).count() == 2
