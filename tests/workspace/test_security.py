"""IDOR, CSRF, upload limits and formula injection in exports."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zielwerk.accounts.models import Invitation, Membership
from zielwerk.accounts.services import invitation_create
from zielwerk.workspace import services
from zielwerk.workspace.exports import spreadsheet_safe
from zielwerk.workspace.models import (
    AuditEntry,
    IndicatorSelection,
    StagedObservation,
    Upload,
)

pytestmark = pytest.mark.django_db
CSV = b"indicator,region,year,value,unit\n7.2.1,051540008008,2020,1.5,Prozent\n"


@pytest.fixture
def b_objects(world):
    """Objects of the other organisation (org_b) that org_a's admin tries to reach."""
    admin = world.members["b-admin"]
    services.indicator_selection_set(
        organisation=world.org_b, user=admin, shown=[world.un.pk], chosen=[world.un.pk]
    )
    own = services.own_indicator_create(
        organisation=world.org_b,
        user=admin,
        data=services.OwnIndicatorData(title_de="Geheim", goal=world.un.goal),
    )
    upload, _check = services.upload_create(
        organisation=world.org_b, user=admin, name="b.csv", content=CSV
    )
    rows = [services.DraftRow(world.un.pk, world.town_b.pk, "", 2020, 1.5, "Prozent")]
    services.staged_observations_save(
        organisation=world.org_b, user=admin, rows=rows, origin="grid"
    )
    invitation, _ = invitation_create(
        organisation=world.org_b,
        email="b@example.org",
        role="viewer",
        invited_by=admin,
        accept_url=str,
    )
    member = Membership.objects.get(organisation=world.org_b)
    return {
        "own": own,
        "upload": upload,
        "invitation": invitation,
        "member": member,
        "draft": StagedObservation.objects.get(organisation=world.org_b),
    }


@pytest.mark.parametrize(
    ("method", "name", "arg"),
    [
        ("get", "workspace:upload_detail", "upload"),
        ("post", "workspace:upload_confirm", "upload"),
        ("post", "workspace:upload_discard", "upload"),
        ("get", "workspace:own_edit", "own"),
        ("post", "workspace:own_edit", "own"),
        ("get", "workspace:grid", "own"),
        ("post", "workspace:grid", "own"),
        ("get", "workspace:target_detail", "own"),
        ("post", "workspace:target_detail", "own"),
        ("post", "accounts:member_role", "member"),
        ("post", "accounts:member_remove", "member"),
        ("post", "accounts:invitation_revoke", "invitation"),
    ],
)
def test_other_organisations_objects_are_not_reachable_by_id(
    client, world, b_objects, method, name, arg
):
    client.force_login(world.members["admin"])  # admin of org_a, full rights there
    obj = b_objects[arg]
    key = obj.indicator.code if arg == "own" else obj.pk
    url = reverse(name, args=[world.org_a.slug, key])
    response = getattr(client, method)(url, {"role": "admin", "title_de": "x"})
    assert response.status_code == 404
    assert Upload.objects.get(pk=b_objects["upload"].pk).status == "checked"
    assert Membership.objects.get(pk=b_objects["member"].pk).role == "admin"
    assert Invitation.objects.filter(pk=b_objects["invitation"].pk).exists()
    assert not AuditEntry.objects.filter(organisation=world.org_a).exists()


def test_other_drafts_and_own_indicators_cannot_be_smuggled_into_lists(client, world, b_objects):
    client.force_login(world.members["admin"])
    client.post(
        reverse("workspace:drafts_discard", args=[world.org_a.slug]),
        {"draft": [b_objects["draft"].pk]},
    )
    assert StagedObservation.objects.filter(pk=b_objects["draft"].pk).exists()
    own_b = b_objects["own"].indicator.pk
    client.post(
        reverse("workspace:kit", args=[world.org_a.slug]), {"shown": [own_b], "chosen": [own_b]}
    )
    assert not IndicatorSelection.objects.filter(
        organisation=world.org_a, indicator_id=own_b
    ).exists()
    page = client.get(reverse("workspace:kit", args=[world.org_a.slug])).content.decode()
    assert "Geheim" not in page


POSTS = [
    ("workspace:kit", []),
    ("workspace:own_create", []),
    ("workspace:target_detail", ["7.2.1"]),
    ("workspace:grid", ["7.2.1"]),
    ("workspace:upload", []),
    ("workspace:publish", []),
    ("workspace:drafts_discard", []),
    ("accounts:members", []),
]


@pytest.mark.parametrize(("name", "args"), POSTS)
def test_csrf_token_is_required_on_every_form(world, name, args):
    services.indicator_selection_set(
        organisation=world.org_a, user=None, shown=[world.un.pk], chosen=[world.un.pk]
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.members["admin"])
    url = reverse(name, args=[world.org_a.slug, *args])
    assert client.get(url).status_code in (200, 405)
    assert client.post(url, {}).status_code == 403


def test_csrf_on_login_and_account_deletion(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/konto/anmelden/", {"username": "a-admin"}).status_code == 403
    client.force_login(world.members["admin"])
    assert client.post(reverse("accounts:account_delete"), {}).status_code == 403
    page = client.get(reverse("accounts:account")).content.decode()
    assert page.count("csrfmiddlewaretoken") >= 2


def _post_file(client, world, name, content):
    f = io.BytesIO(content)
    f.name = name
    return client.post(reverse("workspace:upload", args=[world.org_a.slug]), {"file": f})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("werte.exe", b"MZ\x90\x00", "Dieser Dateityp wird nicht angenommen"),
        ("werte.txt", b"indicator,year,value\n", "Dieser Dateityp wird nicht angenommen"),
        ("werte.xlsx", b"indicator,year,value\n", "passt nicht zu ihrer Endung"),
        ("werte.csv", b"PK\x03\x04rest", "passt nicht zu ihrer Endung"),
        ("werte.csv", b"\x00\x01\x02binary", "passt nicht zu ihrer Endung"),
    ],
)
def test_upload_type_is_checked_by_name_and_content(client, world, name, content, message):
    client.force_login(world.members["editor"])
    response = _post_file(client, world, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_upload_size_is_limited(client, world, monkeypatch):
    from zielwerk.workspace.services import upload_files

    monkeypatch.setattr(upload_files, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1000)
    client.force_login(world.members["editor"])
    body = b"indicator,region,year,value\n" + b"7.2.1,051540004004,2020,1\n" * 60
    response = _post_file(client, world, "gross.csv", body)
    assert response.status_code == 400
    assert "zu groß" in response.content.decode()
    assert not Upload.objects.exists()


def test_zip_with_path_traversal_is_refused(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/evil.csv", "x")
    client.force_login(world.members["editor"])
    response = _post_file(client, world, "repo.zip", buffer.getvalue())
    assert response.status_code == 400
    assert "unzulässige Pfade" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-3.5", "-3.5"),
        ("Radwege", "Radwege"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(text, expected):
    assert spreadsheet_safe(text) == expected


def test_audit_exports_neutralise_formulas(client, world):
    services.audit_record(
        organisation=world.org_a,
        user=world.members["editor"],
        action="indicator_changed",
        subject="=1+1",
        old="@SUM(A1)",
        new="-5",
        source="+cmd",
    )
    client.force_login(world.members["viewer"])
    csv = client.get(reverse("workspace:audit_download", args=[world.org_a.slug, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert "'=1+1" in text
    assert "'@SUM(A1)" in text
    assert "'+cmd" in text
    assert ",-5," in text
    xlsx = client.get(reverse("workspace:audit_download", args=[world.org_a.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in sheet[2]]
    assert "'=1+1" in values
    assert "'@SUM(A1)" in values
    assert all(c.data_type == "s" for c in sheet[2])
    assert (
        client.get(reverse("workspace:audit_download", args=[world.org_a.slug, "json"])).status_code
        == 404
    )
