"""Report texts: the Markdown subset is safe for any input; versions never overwrite; a logo
is checked and re-encoded without metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from zielwerk.core import markup
from zielwerk.reports import services
from zielwerk.reports.models import Report, ReportText
from zielwerk.workspace.models import AuditEntry


@given(st.text(max_size=300))
def test_no_input_becomes_markup_or_a_script_link(text):
    html = markup.to_html(markup.parse(text))
    assert "<script" not in html.lower()
    assert 'href="javascript' not in html.lower()
    assert not any(tag in html for tag in ("<img", "<iframe", "<style", "<svg"))


REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a *b* _c_ **d**", "<p>a <em>b</em> <em>c</em> <strong>d</strong></p>"),
        ("[Rat](https://rat.example/beschluss?id=1&x=2)",
         f'<p><a href="https://rat.example/beschluss?id=1&amp;x=2" {REL}>Rat</a></p>'),
        ('[x](https://e.de/"onmouseover="alert(1))',
         f'<p><a href="https://e.de/&quot;onmouseover=&quot;alert(1" {REL}>x</a>)</p>'),
        ("[x](data:text/html,hi)", "<p>x</p>"),
        ("1. eins\n2. zwei\n\n- a\n- b",
         "<ol><li>eins</li><li>zwei</li></ol>\n<ul><li>a</li><li>b</li></ul>"),
        ("Zeile 1\nZeile 2", "<p>Zeile 1<br>Zeile 2</p>"),
        ("### Unter", "<h4>Unter</h4>"),
        ("# Titel", "<p># Titel</p>"),
        ("3 * 4 * 5", "<p>3 * 4 * 5</p>"),
        ("snake_case_name", "<p>snake_case_name</p>"),
    ],
)  # fmt: skip
def test_the_subset(text, html):
    assert markup.to_html(markup.parse(text)) == html


@pytest.mark.django_db
def test_texts_are_versioned_and_audited(world):
    editor = world.members["editor"]
    report = Report.objects.create(
        organisation=world.org_a, title="B", year_from=2015, year_to=2020
    )
    first = services.text_save(report=report, user=editor, key="foreword", text="Eins.\r\n")
    assert first.version == 1 and first.text == "Eins."
    assert services.text_save(report=report, user=editor, key="foreword", text="Eins.") is None
    second = services.text_save(report=report, user=editor, key="foreword", text="Zwei.")
    assert second.version == 2
    assert list(ReportText.objects.filter(report=report).values_list("version", "text")) == [
        (2, "Zwei."),
        (1, "Eins."),
    ]
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.REPORT_TEXT_SAVED)
    assert [(e.old_value, e.new_value, e.user) for e in entries] == [
        ("Eins.", "Zwei.", editor),
        ("", "Eins.", editor),
    ]
    with pytest.raises(ValueError, match="unknown text"):
        services.text_save(report=report, user=editor, key="goal-99", text="x")
    with pytest.raises(ValueError, match="länger als"):
        services.text_save(
            report=report, user=editor, key="imprint", text="x" * (markup.MAX_TEXT + 1)
        )


def _png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("GPS", "51.94N 7.16E")
    info.add_text("Author", "Max Mustermann")
    out = io.BytesIO()
    Image.new("RGB", (1600, 400), "darkred").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny PNG whose header claims 3.6 billion pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_a_logo_is_scaled_and_re_encoded_without_metadata():
    cleaned = services.logo_clean(_png_with_metadata())
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "PNG" and max(image.size) == services.LOGO_EDGE
    assert image.size == (800, 200)
    assert not getattr(image, "text", {}), "no text chunks (author, GPS) survive"
    assert b"Mustermann" not in cleaned and b"GPS" not in cleaned


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_bomb_png(), "Millionen Bildpunkte"),  # refused by Pillow's own limit
        (_bomb_png(6_000, 6_000), "Millionen Bildpunkte"),  # by ours (25 million)
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "kein lesbares Bild"),
        (b"GIF89a" + b"\0" * 20, "kein lesbares Bild"),
        (b"x" * (services.LOGO_BYTES + 1), "größer als 2 MB"),
    ],
)
def test_a_bad_logo_is_refused_with_the_reason(data, reason):
    with pytest.raises(services.LogoError, match=reason):
        services.logo_clean(data)
