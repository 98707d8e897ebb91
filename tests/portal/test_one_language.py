"""One language per page: every portal and workspace page, rendered in German and in English,
shows no interface text of the other language (and every select is a KERN control).

The check reads the text a person sees (no scripts, styles or SVG code) and looks for common
words of the other language. Text deliberately in the other language carries its own ``lang``
attribute (an indicator's title in the other language, a licence holder's attribution) and is
skipped, as screen readers switch voice there (WCAG 3.1.2). Region names and other proper names
contain none of the words looked for.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from zielwerk.accounts.models import Membership, Organisation, Role
from zielwerk.catalogue.models import Indicator
from zielwerk.regions.models import Region
from zielwerk.reports.models import Report
from zielwerk.workspace import services

pytestmark = pytest.mark.usefixtures("data")

GERMAN = re.compile(
    r"\b(und|der|die|das|nicht|mit|für|oder|Werte|Wert|Ziele|Einheit|Jahr|Quelle|speichern|"
    r"Bitte|keine|alle|zurück|noch|Daten|über|wählen|eingeben|Indikatoren|Regionen|Grenze|bis|auf)\b"
)
ENGLISH = re.compile(
    r"\b(the|and|of|with|Values?|Targets?|Save|Please|not|Data|Units?|Year|Source|choose|"
    r"Indicators?|Regions|limit|none)\b"
)
DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d,])")  # "12,5" (not "1,000")
SKIPPED = {"script", "style", "svg", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Visible(HTMLParser):
    """The visible text of a page in its own language, line by line."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # per open element: whether its text is skipped
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        other = lang is not None and not lang.startswith(self.language)
        skipped = tag in SKIPPED or other or (bool(self.stack) and self.stack[-1])
        if tag == "html":
            skipped = False
        self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.lines.append(" ".join(data.split()))


# Proper names that contain a word looked for (the name of an EU scheme in a German definition).
PROPER_NAMES = ("Eco-Management and Audit Scheme",)


def foreign_lines(html: str, language: str) -> list[str]:
    parser = _Visible(language)
    parser.feed(html)
    pattern = GERMAN if language == "en" else ENGLISH
    found = []
    for line in parser.lines:
        if language == "en" and DECIMAL_COMMA.search(line):
            found.append(line)
            continue
        plain = line
        for name in PROPER_NAMES:
            plain = plain.replace(name, "")
        if pattern.search(plain):
            found.append(line)
    return found


def test_the_check_notices_a_leak_and_respects_lang_attributes():
    page = '<html lang="en"><body><p>Values</p><p>Bitte speichern</p>'
    page += '<p lang="de">Anteil der Erneuerbaren</p><script>var und = 1</script>'
    page += "<p>12,5 %</p><p>1,000 people</p></body></html>"
    assert foreign_lines(page, "en") == ["Bitte speichern", "12,5 %"]


@pytest.fixture
def member(db, django_user_model):
    region = Region.objects.get(ars="051540004004")  # Bedburg-Hau
    organisation = Organisation.objects.create(
        name="Gemeinde Bedburg-Hau", slug="bh", region=region
    )
    user = django_user_model.objects.create_user("klima", "klima@example.org", "x" * 16)
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    indicator = Indicator.objects.get(code="7.2.a")
    services.indicator_selection_set(
        organisation=organisation, user=user, shown=[indicator.pk], chosen=[indicator.pk]
    )
    services.staged_observations_save(
        organisation=organisation,
        user=user,
        rows=[services.DraftRow(indicator.pk, region.pk, "", 2024, 41.5, "percent")],
        origin="grid",
        source="Stadtwerke",
    )
    return organisation, user


PORTAL = [
    "/",
    "/ziele/",
    "/ziele/7/",
    "/unterziele/7.2/",
    "/indikatoren/7.2.a/",
    "/nachhaltigkeitsstrategie/",
    "/regionen/",
    "/regionen/051540004004/",
    "/quellen/",
    "/stand-der-ziele/",
    "/berichtsstand/",
    "/suche/?q=Energie",
    "/konto/anmelden/",
    "/berichte/",
    "/partnerschaften/",
    "/partnerschaften/netzwerke/",
    "/partnerschaften/051540004004/",
]
WORKSPACE = [
    "org_dashboard",
    "first_steps",
    "kit",
    "own_list",
    "own_create",
    "targets",
    "data",
    "upload",
    "review",
    "publish_confirm",
    "audit",
]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_speaks_one_language(client, member, language, django_user_model):
    organisation, user = member
    report = Report.objects.create(
        organisation=organisation, title="Bericht 2026", year_from=2015, year_to=2024
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    personal = [reverse(f"workspace:{name}", args=[organisation.slug]) for name in WORKSPACE]
    personal += [
        reverse("workspace:grid", args=[organisation.slug, "7.2.a"]),
        reverse("workspace:target_detail", args=[organisation.slug, "7.2.a"]),
        reverse("accounts:account"),
        reverse("accounts:members", args=[organisation.slug]),
        reverse("workspace:preview", args=[organisation.slug, "7.2.a"]),
        reverse("workspace:own_list", args=[organisation.slug]),
        reverse("reports:list", args=[organisation.slug]),
        reverse("reports:detail", args=[organisation.slug, report.pk]),
        reverse("reports:text", args=[organisation.slug, report.pk, "foreword"]),
        reverse("reports:publish", args=[organisation.slug, report.pk]),
        reverse("jobs:list"),
    ]
    operator = [
        reverse("accounts:operator_organisations"),
        reverse("accounts:operator_create") + "?q=Kleve",
        reverse("accounts:operator_invite", args=[organisation.slug]),
    ]
    leaks = {}
    for url in [*PORTAL, "member", *personal, "operator", *operator]:
        if url == "member":  # the public pages as a visitor, then the workspace as a member
            client.force_login(user)
            continue
        if url == "operator":  # and the platform operator's area
            client.force_login(
                django_user_model.objects.create_superuser("betrieb", "b@x.org", "y" * 16)
            )
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        found = foreign_lines(html, language)
        if found:
            leaks[url] = found[:5]
        # KERN form controls: every select has its class and sits in KERN's wrapper (which
        # draws its border and arrow).
        selects = re.findall(r"<select\b[^>]*>", html)
        wrapped = re.findall(r'kern-form-input__select-wrapper">\s*<select\b', html)
        assert all("kern-form-input__select" in tag for tag in selects), url
        assert len(wrapped) == len(selects), url
    assert not leaks, "\n".join(f"{url}: {lines}" for url, lines in leaks.items())
