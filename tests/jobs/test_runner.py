"""Jobs run by the database worker: progress, results, failures that leave nothing behind."""

from __future__ import annotations

import logging
import threading
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.accounts.factories import UserFactory
from tests.jobs import functions
from zielwerk.jobs import runner, services
from zielwerk.jobs.files import job_dir
from zielwerk.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

F = "tests.jobs.functions."


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker() -> None:
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, interval=0.1, verbosity=0
    )


def test_job_runs_to_done_in_the_database_worker():
    owner = UserFactory()
    job = services.start(
        "test", F + "count_words", owner=owner, label="Zählen", words=["eins", "zwei", "drei"]
    )
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    _worker()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 3, 3)
    assert job.task_result_id == str(queued.id)
    assert job.started_at <= job.finished_at
    assert job.failure == ""
    assert job.result_path == f"{job.pk}/woerter.txt"
    stored = job_dir(job.pk) / "woerter.txt"
    assert stored.read_text(encoding="utf-8") == "1 eins\n2 zwei\n3 drei\n"
    assert [p.name for p in job_dir(job.pk).iterdir()] == ["woerter.txt"]  # no temp file left
    assert job.result_link == f"/aufgaben/{job.pk}/ergebnis/"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_progress_is_visible_while_the_job_runs():
    gate = uuid.uuid4().hex
    functions.GATES[gate], functions.ARRIVED[gate] = threading.Event(), threading.Event()
    owner = UserFactory()
    job = services.start(
        "test", F + "count_words", owner=owner, label="Z", words=list("abcd"), gate=gate
    )
    seen: list[tuple] = []
    client = Client()
    # Signed in before the worker begins: signing in writes the session, and the in-memory
    # SQLite of the tests (one shared cache) refuses a second writer at once while the job's
    # transaction is open ("database table is locked"); a database file in WAL mode would wait.
    client.force_login(owner)

    def watch() -> None:  # what the status page shows meanwhile, from another connection
        from django.db import connection

        try:
            # In-memory SQLite of the tests: no other connection while the worker claims a task.
            functions.ARRIVED[gate].wait(timeout=20)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                data = client.get(f"/aufgaben/{job.pk}/status.json").json()
                if data["done"] == 1:
                    seen.append((data["state"], data["done"], data["total"], data["step"]))
                    break
                time.sleep(0.05)
        finally:
            functions.GATES[gate].set()  # the job waits at its second word until now
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    _worker()
    watcher.join(timeout=30)
    assert seen == [("running", 1, 4, "Wort b")]
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.step) == (Job.State.DONE, 4, 4, "Fertig.")
    assert not runner.progress_file(job.pk).exists()


def test_progress_writes_are_rate_limited(monkeypatch):
    writes = []
    original = runner._ProgressWriter._write

    def counting(self, done, total, message):
        writes.append(done)
        original(self, done, total, message)

    monkeypatch.setattr(runner._ProgressWriter, "_write", counting)
    job = services.start(
        "test",
        F + "count_words",
        owner=UserFactory(),
        label="Z",
        words=[str(i) for i in range(500)],
    )
    started = time.monotonic()
    runner.run(job.pk)
    elapsed = time.monotonic() - started
    # 500 reports in well under a second: at most one write per half second, plus the first.
    assert len(writes) <= 2 + elapsed / runner.PROGRESS_INTERVAL
    assert Job.objects.get(pk=job.pk).done == 500


def test_internal_failure_keeps_no_row_no_file_and_logs_the_traceback(caplog):
    owner = UserFactory()
    job = services.start("test", F + "create_then_crash", owner=owner, label="X", username="neu")
    with caplog.at_level(logging.ERROR, logger="zielwerk.jobs.runner"):
        _worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert f"Aufgabe {job.pk}" in job.failure
    assert "geheim" not in job.failure and "Traceback" not in job.failure
    assert (job.done, job.total, job.step) == (1, 2, "Hälfte")  # where it stopped
    assert not get_user_model().objects.filter(username="neu").exists()
    assert not job_dir(job.pk).exists() or not any(job_dir(job.pk).iterdir())
    assert job.result_path == "" and job.result_link == ""
    assert "geheimes Detail" in caplog.text and "Traceback" in caplog.text


def test_worded_failure_is_shown_to_the_user_and_rolls_back():
    job = services.start("test", F + "refuse_worded", owner=UserFactory(), label="X", username="w")
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.failure == "Es gibt keine Daten für diese Auswahl."
    assert not get_user_model().objects.filter(username="w").exists()


def test_job_speaks_the_language_it_was_started_in():
    from django.utils import translation

    with translation.override("en"):
        job = services.start("t", F + "tell_language", owner=None, label="X")
    with translation.override("de"):  # the worker's own language does not matter
        runner.run(job.pk)
    job.refresh_from_db()
    assert (job.language, job.result_label) == ("en", "en")


def test_result_link_to_an_object():
    job = services.start("test", F + "link_to_user", owner=UserFactory(), label="L", username="o")
    assert runner.run(job.pk) == Job.State.DONE
    job.refresh_from_db()
    user = get_user_model().objects.get(username="o")
    assert (job.result_link, job.result_label) == (f"/konto/{user.pk}/", "o")


def test_a_job_runs_once_even_if_delivered_twice():
    job = services.start("test", F + "link_to_user", owner=UserFactory(), label="L", username="t")
    assert runner.run(job.pk) == Job.State.DONE
    assert runner.run(job.pk) is None
    assert get_user_model().objects.filter(username="t").count() == 1


def test_only_marked_functions_can_be_started():
    with pytest.raises(ValueError, match="job_function"):
        services.start("test", F + "not_marked", owner=None, label="X")
    with pytest.raises(ValueError):
        services.start("test", "os.remove", owner=None, label="X")
    with pytest.raises(TypeError):
        services.start("test", F + "link_to_user", owner=None, label="X", username=object())
    assert not Job.objects.exists()


def test_job_that_cannot_be_enqueued_ends_failed(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "zielwerk.jobs.celery_backend.CeleryBackend",
            "OPTIONS": {"BROKER_URL": "redis://127.0.0.1:1/0"},  # nobody listens there
        }
    }
    job = services.start("test", F + "link_to_user", owner=None, label="X", username="q")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Warteschlange" in job.failure
