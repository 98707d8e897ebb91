"""Issue #13, parts 2-4: odd uploads and API bodies give a reason (never a 500, never a broken
row), and an upload's check is stored rather than run again on every view of its preview."""

# ruff: noqa: F811 - pytest fixtures imported by name
from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from tests.workspace.jobs import follow_job
from zielwerk.accounts.services import api_token_create
from zielwerk.core.observations import ProblemCode, read_observations
from zielwerk.workspace import services
from zielwerk.workspace.models import OrganisationTarget, StagedObservation, Upload
from zielwerk.workspace.services import uploads

pytestmark = pytest.mark.django_db
ROW = "7.2.1,051540004004,{year},1.5,Prozent"
HEADER = "indicator,region,year,value,unit"


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def editor(client, world):
    services.indicator_selection_set(
        organisation=world.org_a, user=None, shown=[world.un.pk], chosen=[world.un.pk]
    )
    client.force_login(world.members["editor"])
    return client


def _upload(client, world, name, content):
    file = io.BytesIO(content)
    file.name = name
    url = reverse("workspace:upload", args=[world.org_a.slug])
    return client.post(url, {"file": file, "codes": "catalogue"})


def _preview(client, response) -> str:
    """The preview page, once the check job the upload started has run."""
    page = client.get(follow_job(client, response))
    assert page.status_code == 200
    return page.content.decode()


def _nul_after_8k() -> bytes:
    rows = [ROW.format(year=1000 + i) for i in range(400)]  # well past 8 KiB
    rows.append("7.2.1,051540004004,2024,1.5,Pro\x00zent")
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode()


def test_zip_with_a_file_and_a_folder_of_one_name_is_refused(editor, world):
    content = _zip({"data/x": "a", "data/x/y": "b"})
    response = _upload(editor, world, "repo.zip", content)
    assert response.status_code == 400
    assert "„data/x“ zugleich als Datei und als Ordner" in response.content.decode()
    assert not Upload.objects.exists()


def test_zip_with_a_wrong_size_in_its_header_is_refused(editor, world):
    from tests.security.test_upload_limits import lying_sizes

    name = "data/indicator_7-2-1.csv"
    content = lying_sizes(_zip({name: "Year,Value\n2020,1\n2021,2\n"}), name, 5)
    response = _upload(editor, world, "repo.zip", content)
    assert response.status_code == 400
    assert "Das Archiv ist beschädigt" in response.content.decode()
    assert not Upload.objects.exists()


def test_nul_byte_after_the_first_8_kib_is_a_problem_at_its_cell(editor, world):
    content = _nul_after_8k()
    assert b"\x00" not in content[:8192]
    page = _preview(editor, _upload(editor, world, "werte.csv", content))
    assert Upload.objects.get().status == Upload.Status.INVALID
    assert "Zeile 402, Spalte „unit“" in page
    assert "NUL-Zeichen" in page
    assert not StagedObservation.objects.exists()


def test_nul_byte_is_refused_by_the_core_reader_too(tmp_path):
    path = tmp_path / "werte.csv"
    path.write_bytes(_nul_after_8k())
    problem = read_observations(path).problems[0]
    assert (problem.code, problem.line, problem.column) == (ProblemCode.NUL_CHARACTER, 402, "unit")


def test_cr_only_line_endings_are_read_as_lines(editor, world):
    content = (HEADER + "\r" + ROW.format(year=2020) + "\r" + ROW.format(year=2021) + "\r").encode()
    page = _preview(editor, _upload(editor, world, "mac.csv", content))
    upload = Upload.objects.get()
    assert (upload.status, upload.rows) == (Upload.Status.CHECKED, 2)
    assert "fehlerfrei" in page


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("kopf.csv", (HEADER + "\n").encode(), "keine Werte"),
        ("repo.zip", _zip({"README.md": "# Daten", "werte/x.csv": "a\n"}), "keine Indikatordatei"),
    ],
)
def test_files_without_observations_say_why(editor, world, name, content, reason):
    page = _preview(editor, _upload(editor, world, name, content))
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.INVALID
    assert reason in page
    assert "0 Fehler" not in page
    # stored as a code with its place: worded in the language of whoever views it
    assert upload.check_result["problems"][0]["code"] in ("no_observations", "no_indicator_files")


def test_the_preview_shows_the_stored_check_without_checking_again(editor, world, monkeypatch):
    content = HEADER + "\n" + ROW.format(year=2020) + "\n7.2.1,051540004004,20x1,1,Prozent\n"
    preview = _preview(editor, _upload(editor, world, "werte.csv", content.encode()))
    upload = Upload.objects.get()
    assert upload.check_result["problem_total"] == 1
    assert "Zeile 3" in preview

    def no_second_check(*args, **kwargs):
        raise AssertionError("the preview checked the file again")

    monkeypatch.setattr(uploads, "read_observations", no_second_check)
    monkeypatch.setattr(uploads, "observations_import_frame", no_second_check)
    url = reverse("workspace:upload_detail", args=[world.org_a.slug, upload.pk])
    for _ in range(2):
        page = editor.get(url).content.decode()
        assert "Zeile 3" in page and "20x1" in page


# -- API bodies ------------------------------------------------------------------------


@pytest.fixture
def token(world):
    services.indicator_selection_set(
        organisation=world.org_a, user=None, shown=[world.un.pk], chosen=[world.un.pk]
    )
    _token, raw = api_token_create(
        organisation=world.org_a, user=world.members["publisher"], name="t", scope="write"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


NESTED = "[" * 100_000 + "]" * 100_000
SURROGATE_ROWS = (
    '[{"indicator": "7.2.1", "region": "051540004004", "series": "sex=\\ud800", '
    '"year": 2020, "value": 1}]'
)
SURROGATE_TARGET = json.dumps(
    {
        "indicator": "7.2.1",
        "kind": "year",
        "direction": "increase",
        "target_value": 80,
        "target_year": 2030,
        "decision_date": "2024-06-13",
        "decision_reference": "DS 2024/117",
        "note": "PLACEHOLDER",
    }
).replace("PLACEHOLDER", "\\ud800")


@pytest.mark.parametrize(
    ("endpoint", "body", "reason"),
    [
        ("observations", SURROGATE_ROWS, "lone surrogate"),
        ("observations", NESTED, "max_json_depth"),
        ("observations", "[" * 40 + "]" * 40, "max_json_depth"),
        ("targets", SURROGATE_TARGET, ""),
        ("targets", NESTED, ""),
    ],
)
def test_api_refuses_lone_surrogates_and_deep_nesting(client, world, token, endpoint, body, reason):
    response = client.post(
        f"/api/v1/organisations/{world.org_a.slug}/{endpoint}",
        body,
        content_type="application/json",
        **token,
    )
    assert response.status_code == 400, response.content[:500]
    assert reason in response.json()["detail"]
    assert not StagedObservation.objects.exists()
    assert not OrganisationTarget.objects.exists()
    assert not Upload.objects.exists()
