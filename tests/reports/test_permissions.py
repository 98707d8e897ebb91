"""Who may do what with reports: every view × every role × own or other organisation, and
published editions for everyone (``zielwerk.reports.rules``)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from zielwerk.reports.models import Report, ReportEdition, ReportText

pytestmark = pytest.mark.django_db

ALLOWED = {
    "view": {"viewer", "editor", "publisher", "admin"},
    "edit": {"editor", "publisher", "admin"},
    "publish": {"publisher", "admin"},
}
SETTINGS = {
    "title": "Bericht",
    "language": "de",
    "layout": "sdg",
    "year_from": "2015",
    "year_to": "2020",
}


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    out.seek(0)
    out.name = "wappen.png"
    return out


# (name, method, url name, extra url kwargs, data, permission)
ACTIONS = [
    ("list", "get", "reports:list", {}, None, "view"),
    ("create", "post", "reports:list", {}, SETTINGS, "edit"),
    ("detail", "get", "reports:detail", {"pk"}, None, "view"),
    ("settings", "post", "reports:detail", {"pk"}, {**SETTINGS, "title": "Neu"}, "edit"),
    ("text", "get", "reports:text", {"pk", "key"}, None, "view"),
    ("text save", "post", "reports:text", {"pk", "key"}, {"text": "Vorwort."}, "edit"),
    ("logo", "post", "reports:logo", {"pk"}, "logo", "edit"),
    ("build", "post", "reports:build", {"pk"}, {}, "edit"),
    ("publish page", "get", "reports:publish", {"pk"}, None, "publish"),
    ("publish", "post", "reports:publish", {"pk"}, {}, "publish"),
    ("edition", "get", "reports:edition", {"pk", "number"}, None, "view"),
    ("download", "get", "reports:download", {"pk", "number", "fmt"}, None, "view"),
]
WHO = ("viewer", "editor", "publisher", "admin", "b-admin", "anonymous")


def _setup(world):
    report = Report.objects.create(
        organisation=world.org_a, title="Bericht", year_from=2015, year_to=2020
    )
    ReportEdition.objects.create(
        report=report, number=1, data_version="0", html="<p>Entwurf</p>", pdf=b"%PDF-1.7 x",
        docx=b"PK x",
    )  # fmt: skip
    return report


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("name", "method", "route", "extra", "data", "perm"), ACTIONS)
def test_permission_table(client, world, who, name, method, route, extra, data, perm):
    report = _setup(world)
    kwargs = {"org": world.org_a.slug}
    values = {"pk": report.pk, "key": "foreword", "number": 1, "fmt": "pdf"}
    kwargs.update({k: values[k] for k in extra})
    url = reverse(route, kwargs=kwargs)
    if who != "anonymous":
        client.force_login(world.members[who])
    before = (Report.objects.count(), ReportText.objects.count(), bytes(report.logo))
    payload = {"logo": _png(), "logo_alt": "Wappen"} if data == "logo" else data
    response = client.get(url) if method == "get" else client.post(url, payload)
    if who == "anonymous":
        assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]
    elif who in ALLOWED[perm]:
        assert response.status_code in (200, 302), (name, who, response.status_code)
    else:
        assert response.status_code == 403, (name, who, response.status_code)
    if who not in ALLOWED[perm] and method == "post":
        report.refresh_from_db()
        after = (Report.objects.count(), ReportText.objects.count(), bytes(report.logo))
        assert after == before, "a refused change leaves nothing"


def test_drafts_are_never_public_and_published_editions_are(client, world):
    report = _setup(world)
    base = f"/berichte/{report.pk}/"
    for url in (base, base + "ausgabe/1/", base + "ausgabe/1.pdf", base + "ausgabe/1.docx"):
        assert client.get(url).status_code == 404, url
    assert f'href="/berichte/{report.pk}/"' not in client.get("/berichte/").content.decode()
    ReportEdition.objects.create(
        report=report, number=2, public=True, data_version="0", html="<p>Öffentlich</p>",
        pdf=b"%PDF-1.7 y", docx=b"PK y",
    )  # fmt: skip
    assert client.get(f"/berichte/{report.pk}/")["Location"].endswith("/ausgabe/2/")
    assert f'href="/berichte/{report.pk}/"' in client.get("/berichte/").content.decode()
    page = client.get(f"/berichte/{report.pk}/ausgabe/2/").content.decode()
    assert "Öffentlich" in page and "Entwurf" not in page
    assert client.get(f"/berichte/{report.pk}/ausgabe/2.pdf").content == b"%PDF-1.7 y"
    assert client.get(f"/berichte/{report.pk}/ausgabe/1/").status_code == 404
    assert client.get(f"/berichte/{report.pk}/ausgabe/2.exe").status_code == 404
