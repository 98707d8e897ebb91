"""Web uploads are checked and confirmed by background jobs (issue 15, item 5): the request
keeps the file (or refuses it at once) and sends the person to the job's page; the job stores
the check or writes the drafts, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.workspace.jobs import follow_job, run_jobs
from tests.workspace.test_upload_publish import HEADER, select
from zielwerk.jobs import runner
from zielwerk.jobs.models import Job
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, StagedObservation, Upload
from zielwerk.workspace.services import uploads

pytestmark = pytest.mark.django_db

GOOD = (
    HEADER + "7.2.1,051540004004,,2021,10.5,Prozent\n7.2.1,051540004004,,2022,11,Prozent\n"
).encode()


def _post(client, world, name="werte.csv", content=GOOD):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("workspace:upload", args=[world.org_a.slug]), {"file": file})


@pytest.fixture
def editor(client, world):
    select(world, world.un)
    client.force_login(world.members["editor"])
    return client


def test_the_upload_request_keeps_the_file_and_leaves_the_check_to_a_job(editor, world):
    response = _post(editor, world)
    item, job = Upload.objects.get(), Job.objects.get()
    assert response["Location"] == f"/aufgaben/{job.pk}/"
    # kept, not checked yet
    assert (item.status, item.rows, item.check_result) == (Upload.Status.CHECKING, 0, {})
    assert (job.kind, job.state, job.arguments) == ("upload_check", "queued", {"upload": item.pk})
    assert (job.owner, job.organisation) == (world.members["editor"], world.org_a)
    assert job.label == "Datei „werte.csv“ prüfen"
    detail = reverse("workspace:upload_detail", args=[world.org_a.slug, item.pk])
    page = editor.get(detail).content.decode()
    assert "wird geprüft" in page
    assert f'href="/aufgaben/{job.pk}/"' in page  # the way to the job's progress
    assert "Übernahme als Entwurf bestätigen" not in page
    assert editor.post(
        reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk])
    ).url == (detail)  # nothing to confirm while it is being checked
    assert Job.objects.count() == 1

    assert follow_job(editor, response) == detail
    item.refresh_from_db()
    assert (item.status, item.rows) == (Upload.Status.CHECKED, 2)
    job.refresh_from_db()
    assert (job.done, job.total, job.result_label) == (3, 3, "Prüfung ansehen")
    page = editor.get(detail).content.decode()
    assert "2 Werte können übernommen werden" in page
    assert "Übernahme als Entwurf bestätigen" in page


def test_the_check_reports_its_three_steps(world):
    select(world, world.un)
    item = uploads.upload_store(organisation=world.org_a, user=None, name="werte.csv", content=GOOD)
    seen: list[tuple[int, int, str]] = []
    check = uploads.upload_check_save(upload=item, progress=lambda *a: seen.append(a))
    assert check.ok
    assert seen == [
        (0, 3, "Datei lesen"),
        (1, 3, "Jede Zelle prüfen"),
        (2, 3, "Indikatorenset und Gebiet prüfen"),
    ]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it is done
def test_the_worker_runs_the_check_enqueued_when_the_upload_commits(
    editor, world, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post(editor, world)
    job = Job.objects.get()
    queued = DBTaskResult.objects.get()  # enqueued when the request's transaction committed
    assert (job.task_result_id, queued.args_kwargs) == (
        str(queued.id),
        {"args": [job.pk], "kwargs": {}},
    )
    assert job.state == Job.State.QUEUED
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, interval=0.1, verbosity=0
    )
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.failure
    assert Upload.objects.get().status == Upload.Status.CHECKED


def test_refused_files_are_refused_in_the_request_without_a_job(editor, world):
    response = _post(editor, world, "werte.xlsx", b"indicator,year,value\n")
    assert response.status_code == 400
    assert "passt nicht zu ihrer Endung" in response.content.decode()
    assert not Upload.objects.exists() and not Job.objects.exists()


def test_confirming_runs_as_a_job_once_even_when_clicked_twice(editor, world, monkeypatch):
    follow_job(editor, _post(editor, world))
    reported: list[tuple[int, int]] = []
    progress = runner.JobRun.progress

    def recorded(self, done, total, message=""):
        reported.append((done, total))
        progress(self, done, total, message)

    monkeypatch.setattr(runner.JobRun, "progress", recorded)
    item = Upload.objects.get()
    confirm = reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk])
    first = editor.post(confirm)
    assert editor.post(confirm)["Location"] == first["Location"]  # the same job
    job = Job.objects.get(kind="upload_confirm")
    assert first["Location"] == f"/aufgaben/{job.pk}/"
    assert not StagedObservation.objects.exists()  # not in the request
    detail = reverse("workspace:upload_detail", args=[world.org_a.slug, item.pk])
    page = editor.get(detail).content.decode()
    assert "werden gerade als Entwurf übernommen" in page
    assert "Übernahme als Entwurf bestätigen" not in page

    assert follow_job(editor, first) == reverse("workspace:review", args=[world.org_a.slug])
    job.refresh_from_db()
    assert job.result_label == "2 Werte als Entwurf übernommen: Prüfen und veröffentlichen"
    # the check's three steps, then the drafts, with one total from the start
    assert reported == [(0, 4), (1, 4), (2, 4), (3, 4)]
    item.refresh_from_db()
    assert (item.status, bytes(item.content)) == (Upload.Status.CONFIRMED, b"")
    assert StagedObservation.objects.filter(organisation=world.org_a).count() == 2
    entry = AuditEntry.objects.get(action="upload_confirmed")
    assert (entry.user, entry.new_value) == (world.members["editor"], "2")
    # once confirmed, a further click starts nothing
    assert editor.post(confirm)["Location"] == detail
    assert Job.objects.filter(kind="upload_confirm").count() == 1


def test_a_confirmation_that_fails_leaves_nothing(editor, world, monkeypatch):
    follow_job(editor, _post(editor, world))
    item = Upload.objects.get()
    editor.post(reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk]))

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(uploads, "audit_record", broken)  # after the drafts were written
    (job,) = run_jobs()
    assert job.state == Job.State.FAILED
    assert "Aufgabe" in job.failure and "disk full" not in job.failure
    item.refresh_from_db()
    assert item.status == Upload.Status.CHECKED and bytes(item.content)
    assert not StagedObservation.objects.exists()
    assert not AuditEntry.objects.filter(action="upload_confirmed").exists()
    # the upload may be confirmed again
    page = editor.get(reverse("workspace:upload_detail", args=[world.org_a.slug, item.pk]))
    assert "Übernahme als Entwurf bestätigen" in page.content.decode()


def test_a_file_that_no_longer_passes_is_not_confirmed(editor, world):
    follow_job(editor, _post(editor, world))
    item = Upload.objects.get()
    editor.post(reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk]))
    services.indicator_selection_set(  # the indicator left the set meanwhile
        organisation=world.org_a, user=None, shown=[world.un.pk], chosen=[]
    )
    (job,) = run_jobs()
    assert job.state == Job.State.FAILED
    assert "Die erneute Prüfung hat 2 Fehler gefunden" in job.failure
    assert not StagedObservation.objects.exists()
    assert Upload.objects.get().status == Upload.Status.CHECKED


def test_a_discarded_upload_is_not_checked(editor, world):
    _post(editor, world)
    item = Upload.objects.get()
    editor.post(reverse("workspace:upload_discard", args=[world.org_a.slug, item.pk]))
    (job,) = run_jobs()
    assert (job.state, job.failure) == (Job.State.FAILED, "Diese Datei wurde inzwischen verworfen.")
    assert Upload.objects.get().status == Upload.Status.DISCARDED


def test_the_api_and_direct_callers_still_check_at_once(world):
    select(world, world.un)
    item, check = services.upload_create(
        organisation=world.org_a, user=None, name="werte.csv", content=GOOD
    )
    assert check.ok and item.status == Upload.Status.CHECKED and item.rows == 2
    assert not Job.objects.exists()
