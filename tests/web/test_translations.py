"""The English translation (locale/en): complete, placeholders kept, compiled, and used on pages.

How to update the translation after string changes: docs/translations.md.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# %(name)s and unnamed %s/%d conversions; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0+]*\d*(?:\.\d+)?[sdifgeExXr]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgstrs(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k.startswith("msgstr")}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small .po parser: enough for the files makemessages writes."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.fields[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            current.fields[key] = _unquote(rest)
    return entries


@pytest.fixture(autouse=True)
def _back_to_german():
    """Requests with the English cookie leave English active in this thread (the middleware
    activates, nothing deactivates); later tests expect German command output."""
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO_FILE)


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid and not e.obsolete]


def test_po_file_exists_and_has_messages(entries):
    assert len(_messages(entries)) > 500


def test_header_declares_english_utf8_and_plural_forms(entries):
    header = next(e for e in entries if "msgid" in e.fields and e.msgid == "")
    assert "fuzzy" not in header.flags
    text = header.fields["msgstr"]
    assert "Language: en\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in _messages(entries)
        if any(not s for s in e.msgstrs.values())
    ]
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in _messages(entries) if "fuzzy" in e.flags]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_plural_messages_have_both_forms(entries):
    for e in _messages(entries):
        if "msgid_plural" in e.fields:
            assert set(e.msgstrs) == {"msgstr[0]", "msgstr[1]"}, e.msgid
        else:
            assert set(e.msgstrs) == {"msgstr"}, e.msgid


def test_translations_keep_placeholders_and_html(entries):
    problems = []
    for e in _messages(entries):
        for key, translated in e.msgstrs.items():
            # msgstr[0] translates the singular, msgstr[1] the plural.
            source = e.fields["msgid_plural"] if key == "msgstr[1]" else e.msgid
            if placeholders(source) != placeholders(translated):
                problems.append(f"line {e.line} placeholders: {source!r} -> {translated!r}")
            if len(TAG.findall(source)) != len(TAG.findall(translated)):
                problems.append(f"line {e.line} HTML: {source!r} -> {translated!r}")
            if source.endswith("\n") != translated.endswith("\n"):
                problems.append(f"line {e.line} final newline: {source!r}")
    assert not problems, "\n".join(problems)


def test_placeholder_check_notices_a_renamed_placeholder():
    assert placeholders("Ziel %(n)s") != placeholders("Goal %(number)s")
    assert placeholders("Ziel %(n)s: %(s)s") == placeholders("Goal %(n)s: %(s)s")
    assert placeholders("100 %% sicher, 50 % mehr") == []


def test_compiled_mo_matches_the_po(entries):
    """django.mo holds exactly the translations of django.po (run compilemessages if not).

    Compared by content, not by modification time: git does not keep file times."""
    with MO_FILE.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    expected: dict[object, str] = {}
    for e in _messages(entries):
        msgid = e.fields["msgctxt"] + "\x04" + e.msgid if "msgctxt" in e.fields else e.msgid
        if "msgid_plural" in e.fields:
            for key, value in e.msgstrs.items():
                expected[(msgid, int(key[7:-1]))] = value
        else:
            expected[msgid] = e.msgstrs["msgstr"]
    catalog.pop("", None)
    stale = {k: (v, catalog.get(k)) for k, v in expected.items() if catalog.get(k) != v}
    extra = set(catalog) - set(expected)
    assert not stale and not extra, (
        "django.mo is out of date; run compilemessages (docs/translations.md). "
        f"{len(stale)} differ, {len(extra)} extra, e.g. {list(stale.items())[:3]}"
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_msgfmt_check_passes():
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_gettext_uses_the_english_catalog_with_plurals():
    with translation.override("en"):
        assert translation.gettext("Änderungsprotokoll") == "Audit trail"
        assert translation.gettext("Gewitter") == "Thunderstorm"
        assert translation.ngettext("%(n)s Indikator", "%(n)s Indikatoren", 1) == "%(n)s indicator"
        assert translation.ngettext("%(n)s Indikator", "%(n)s Indikatoren", 2) == "%(n)s indicators"
    with translation.override("de"):
        assert translation.gettext("Änderungsprotokoll") == "Änderungsprotokoll"


@pytest.fixture
def catalogue(db):
    call_command("load_catalogue", verbosity=0)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_start_page_heading_and_navigation_in_english(catalogue, english):
    html = english.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Zielwerk – measuring the 2030 Agenda locally</h1>" in html
    assert "The 17 Sustainable Development Goals" in html
    assert "Skip to content" in html
    assert "die Agenda 2030 vor Ort messen" not in html
    assert "Zum Inhalt springen" not in html


def test_sources_page_in_english(catalogue, english):
    html = english.get("/quellen/").content.decode()
    for words in ("Sources and legal notice", "Data sources and licenses", "Publisher", "License"):
        assert words in html
    for words in ("Quellen und Impressum", "Datenquellen und Lizenzen", "Herausgeber"):
        assert words not in html


def test_german_pages_stay_german(catalogue, client):
    html = client.get("/quellen/").content.decode()
    assert "Quellen und Impressum" in html
    assert "Sources and legal notice" not in html
