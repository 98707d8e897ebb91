"""A report's content as HTML (the public page and the PDF's source), PDF (WeasyPrint, tagged
PDF/UA-1 with the document's language, title and bookmarks from the headings) and DOCX
(python-docx, editable: the same headings, texts, tables and charts)."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zielwerk.core import markup

from .content import ReportContent

PRINT_CSS = Path(__file__).with_name("print.css")


def body_html(
    content: ReportContent, *, methods: list[tuple[str, str]], licences: list[Any]
) -> str:
    """The report's body (cover to annex) as one HTML fragment: stored with each edition and
    shown as the public page."""
    return render_to_string(
        "reports/document.html",
        {"content": content, "methods": methods, "licences": licences},
    )


def pdf(content: ReportContent, body: str) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    page = render_to_string("reports/print.html", {"content": content, "body": body})
    document = HTML(string=page, base_url=None).render(
        stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_tags=True
    )
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return bytes(data), len(document.pages)


def docx(content: ReportContent, *, methods: list[tuple[str, str]]) -> bytes:
    """The report as an editable Word document with the same headings as the PDF."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = f"{content.title} – {content.region}"
    properties.language = content.language
    properties.subject = content.subtitle
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    if content.logo_uri:
        document.add_picture(io.BytesIO(_data(content.logo_uri)), width=Cm(3))
        _alt(document, content.logo_alt or content.region)
    document.add_heading(content.title, level=0)
    document.add_paragraph(f"{content.region_kind} {content.region}".strip())
    document.add_paragraph(content.subtitle)
    document.add_paragraph(_("Stand: %(date)s") % {"date": content.made_on})
    if content.foreword:
        document.add_heading(_("Vorwort"), level=1)
        _blocks(document, content.foreword)
    for chapter in content.chapters:
        document.add_heading(chapter.heading, level=1)
        _blocks(document, chapter.text)
        if not chapter.sections and not chapter.text:
            document.add_paragraph(_("Zu diesem Kapitel gibt es noch keinen Text."))
        for section in chapter.sections:
            _section(document, section, Cm)
    if content.links is not None:
        _links(document, content.links, Cm)
    document.add_heading(_("Quellen und Lizenzen"), level=1)
    for source in content.sources:
        document.add_paragraph(source.text, style="List Bullet")
    if not content.sources:
        document.add_paragraph(_("Keine Quellen angegeben."))
    document.add_heading(_("Methoden"), level=1)
    for title, text in methods:
        document.add_heading(title, level=2)
        document.add_paragraph(text)
    if content.imprint:
        document.add_heading(_("Impressum"), level=1)
        _blocks(document, content.imprint)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _section(document: Any, section: Any, cm: Any) -> None:
    document.add_heading(f"{section.code} {section.title}", level=2)
    if section.definition:
        document.add_paragraph(section.definition)
    document.add_paragraph(_("Letzter Wert: %(latest)s") % {"latest": section.latest})
    document.add_picture(io.BytesIO(section.chart_png), width=cm(16))
    _alt(document, section.chart_alt)
    if section.target is not None:
        document.add_paragraph(section.target.text)
    for label, explanation in section.statuses:
        paragraph = document.add_paragraph()
        paragraph.add_run(label + ": ").bold = True
        paragraph.add_run(explanation)
    if section.trend:
        document.add_paragraph(
            _("Entwicklung der letzten fünf Jahre: %(trend)s") % {"trend": section.trend}
        )
    if section.standing:
        document.add_paragraph(section.standing)
    table = document.add_table(rows=1, cols=len(section.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, section.columns, strict=True):
        cell.text = text
    for row in section.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    if section.sources:
        document.add_paragraph(
            _("Quelle: %(sources)s") % {"sources": "; ".join(map(str, section.sources))}
        )


def _links(document: Any, links: Any, cm: Any) -> None:
    document.add_heading(_("Synergien und Zielkonflikte"), level=1)
    document.add_paragraph().add_run(links.caution).bold = True
    for view in links.views:
        document.add_heading(view.title, level=2)
        document.add_paragraph(view.summary)
        for figure in view.figures:
            document.add_picture(io.BytesIO(figure.png), width=cm(14))
            _alt(document, figure.alt)
        if view.rows:
            caption = _("Synergien und Zielkonflikte als Tabelle")
            document.add_paragraph(f"{caption} – {view.shown_note}" if view.shown_note else caption)
            table = document.add_table(rows=1, cols=6)
            table.style = "Table Grid"
            heads = [_("Indikator"), _("und Indikator"), _("Einordnung"), "ρ", "p", "n"]
            for cell, text in zip(table.rows[0].cells, heads, strict=True):
                cell.text = text
            for row in view.rows:
                cells = table.add_row().cells
                values = [
                    f"{row.left.code} {row.left.title}",
                    f"{row.right.code} {row.right.title}",
                    row.kind_label,
                    floatformat(row.rho, 2),
                    f"< {floatformat(0.001, 3)}" if row.p < 0.001 else floatformat(row.p, 3),
                    str(row.n),
                ]
                for cell, text in zip(cells, values, strict=True):
                    cell.text = text


def _alt(document: Any, text: str) -> None:
    """Alternative text of the picture just added (Word's "descr" attribute)."""
    inline = document.paragraphs[-1]._p.xpath(".//wp:docPr")
    if inline:
        inline[-1].set("descr", text)


def _blocks(document: Any, blocks: list[markup.Block]) -> None:
    for block in blocks:
        if block.kind in ("h3", "h4"):
            # h3 and h4 in the HTML: Heading 2 and 3 here (h2 is a chapter, Heading 1).
            level = 2 if block.kind == "h3" else 3
            document.add_heading("".join(r.text for r in block.runs[0]), level=level)
        elif block.kind in ("ul", "ol"):
            style = "List Bullet" if block.kind == "ul" else "List Number"
            for item in block.runs:
                _runs(document.add_paragraph(style=style), item)
        else:
            _runs(document.add_paragraph(), block.runs[0])


def _runs(paragraph: Any, runs: list[markup.Run]) -> None:
    for run in runs:
        text = run.text + (f" ({run.url})" if run.style == "link" else "")
        added = paragraph.add_run(text)
        added.bold = run.style == "bold"
        added.italic = run.style == "italic"


def _data(uri: str) -> bytes:
    return base64.b64decode(uri.split(",", 1)[1])
