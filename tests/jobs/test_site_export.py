"""The static export as a job: operators start it, the archive is kept only if it succeeds."""

from __future__ import annotations

import zipfile

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from zielwerk.jobs import runner
from zielwerk.jobs.files import job_dir
from zielwerk.jobs.models import Job
from zielwerk.portal import site_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_operator_exports_the_site_as_an_archive(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse("jobs:site_export"))
    job = Job.objects.get()
    assert response["Location"] == f"/aufgaben/{job.pk}/"
    assert runner.run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    assert job.result_path == f"{job.pk}/{site_jobs.ARCHIVE}"
    assert [p.name for p in job_dir(job.pk).iterdir()] == [site_jobs.ARCHIVE]
    with zipfile.ZipFile(job_dir(job.pk) / site_jobs.ARCHIVE) as archive:
        names = archive.namelist()
        home = archive.read("index.html").decode()
    assert "quellen/index.html" in names and "static/zielwerk/site.css" in names
    assert "Zielwerk" in home
    assert job.done == job.total >= 3  # pages, then downloads and files, then the archive
    download = client.get(job.result_link)
    assert zipfile.is_zipfile(__import__("io").BytesIO(b"".join(download.streaming_content)))


def test_failed_export_leaves_no_archive(client, monkeypatch):
    def broken(*, directory, progress):
        (directory / "index.html").parent.mkdir(parents=True, exist_ok=True)
        (directory / "index.html").write_text("halb")
        progress(1, 5, "/")
        raise RuntimeError("HTTP 500 auf /ziele/")

    monkeypatch.setattr(site_jobs, "site_export", broken)
    client.force_login(UserFactory(is_superuser=True))
    client.post(reverse("jobs:site_export"))
    job = Job.objects.get()
    assert runner.run(job.pk) == Job.State.FAILED
    assert list(job_dir(job.pk).iterdir()) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_operators_start_the_export(client, method):
    client.force_login(UserFactory())
    assert getattr(client, method)(reverse("jobs:site_export")).status_code == 403
    assert not Job.objects.exists()
