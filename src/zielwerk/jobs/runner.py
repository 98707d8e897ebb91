"""Running a job in the worker: progress, all-or-nothing results, a worded failure.

A job function is a module-level function marked with ``@job_function``; it gets a ``JobRun``
and the job's keyword arguments (JSON values) and returns a ``JobResult`` or None::

    @job_function
    def report_build(run: JobRun, *, region: str) -> JobResult:
        for number, part in enumerate(parts, start=1):
            run.progress(number, len(parts), _("Kapitel %(name)s") % {"name": part})
        path = run.output("bericht.pdf")  # a temporary name until the job succeeds
        path.write_bytes(pdf)
        return JobResult(file=path, label=_("Bericht (PDF)"))

The function runs in one database transaction: when it raises, nothing it wrote stays, its
output files are removed, and the job ends failed. ``JobFailure("…")`` carries a reason worded
for the user; any other exception is logged with its traceback and the user reads a general
reason with the job number.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .files import TEMP_PREFIX, job_dir, jobs_dir, remove_unfinished
from .models import Job

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5
"""Seconds between two progress writes at most (the last report always wins)."""

F = TypeVar("F", bound=Callable[..., Any])


def job_function(function: F) -> F:
    """Mark a module-level function as runnable as a job (only marked functions are run)."""
    function.zielwerk_job = True  # type: ignore[attr-defined]
    return function


def load(function_path: str) -> Callable[..., JobResult | None]:
    """The job function at ``function_path``; ValueError if it is not marked as one."""
    function = import_string(function_path)
    if not getattr(function, "zielwerk_job", False):
        raise ValueError(f"{function_path} is not a @job_function")
    return function  # type: ignore[no-any-return]


class JobFailure(Exception):
    """A failure with a reason worded for the user (translated, no internals)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = str(reason)


@dataclass(frozen=True)
class JobResult:
    """What the job made: a file from ``JobRun.output`` and/or a link to an object."""

    file: Path | None = None
    url: str = ""
    label: str = ""


def progress_file(job_id: int) -> Path:
    """Where a running job's progress is kept on SQLite (see ``_ProgressWriter``)."""
    return jobs_dir() / "laufend" / f"{job_id}.json"


def _on_sqlite() -> bool:
    return bool(connections["default"].vendor == "sqlite")


def live(job: Job) -> Job:
    """The job with its latest progress (on SQLite read from its progress file)."""
    if job.state == Job.State.RUNNING and _on_sqlite():
        try:
            data = json.loads(progress_file(job.pk).read_text(encoding="utf-8"))
            job.done, job.total, job.step = int(data["done"]), int(data["total"]), data["step"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not written yet: the row's values
    return job


class _ProgressWriter:
    """Writes the latest progress report from its own thread, at most every ``interval``.

    The job never waits for it, and the status page sees it while the job's transaction is
    still open: on PostgreSQL the thread's own connection updates the job's row; SQLite locks
    the whole file for the job's transaction, so there the report goes to a small JSON file
    beside the results, replaced in one rename, which ``live`` reads.
    """

    def __init__(self, job_id: int, interval: float) -> None:
        self.job_id = job_id
        self.file = progress_file(job_id) if _on_sqlite() else None
        self.interval = interval
        self.latest: tuple[int, int, str] | None = None
        self.last: tuple[int, int, str] = (0, 0, "")
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, name=f"job-{job_id}-progress")
        self.thread.daemon = True
        self.thread.start()

    def report(self, done: int, total: int, message: str) -> None:
        with self.lock:
            self.latest = (max(0, int(done)), max(0, int(total)), str(message)[:300])
            self.last = self.latest
        self.wake.set()

    def _loop(self) -> None:
        try:
            while True:
                self.wake.wait()
                self.wake.clear()
                with self.lock:
                    latest, self.latest = self.latest, None
                if latest is not None:
                    self._write(*latest)
                if self.stopping:
                    return
                time.sleep(self.interval)
        finally:
            connections.close_all()  # this thread's connections only

    def _write(self, done: int, total: int, message: str) -> None:
        if self.file is not None:
            data = json.dumps({"done": done, "total": total, "step": message})
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp = self.file.with_name(f"{TEMP_PREFIX}{self.file.name}")
            temp.write_text(data, encoding="utf-8")
            os.replace(temp, self.file)
            return
        try:
            Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                done=done, total=total, step=message, updated_at=timezone.now()
            )
        except Exception:  # a locked SQLite file: the next report will try again
            logger.debug("progress of job %s not written", self.job_id, exc_info=True)

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            self.latest = None  # the final state is written by the runner
        self.wake.set()
        self.thread.join(timeout=30)
        if self.file is not None:
            self.file.unlink(missing_ok=True)


class JobRun:
    """What a job function gets: ``progress`` and ``output``, and who started the job."""

    def __init__(self, job: Job, writer: _ProgressWriter) -> None:
        self.job_id: int = job.pk
        self.owner_id: int | None = job.owner_id
        self.organisation_id: int | None = job.organisation_id
        self.outputs: list[Path] = []
        self._writer = writer

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` of ``total`` steps and what is being done now."""
        self._writer.report(done, total, message)

    def output(self, name: str) -> Path:
        """A path to write a result file to; it gets its name ``name`` only if the job
        succeeds (and is removed if it fails)."""
        if not name or Path(name).name != name or name.startswith("."):
            raise ValueError(f"not a plain file name: {name!r}")
        folder = job_dir(self.job_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{TEMP_PREFIX}{name}"
        self.outputs.append(path)
        return path


def _claim(job_id: int) -> Job | None:
    """Mark the job running; None if it is not waiting (already run, or a second delivery)."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    return Job.objects.get(pk=job_id) if claimed else None


def _keep(run: JobRun, result: JobResult | None) -> dict[str, Any]:
    """Move the result file into place; the fields of the job that describe the result."""
    fields: dict[str, Any] = {}
    if result is None:
        return fields
    if result.file is not None:
        if result.file not in run.outputs or not result.file.exists():
            raise RuntimeError(f"result file {result.file} was not written with run.output()")
        final = result.file.with_name(result.file.name.removeprefix(TEMP_PREFIX))
        os.replace(result.file, final)
        fields["result_path"] = f"{run.job_id}/{final.name}"
    fields["result_url"] = result.url
    fields["result_label"] = str(result.label)[:200]
    return fields


def run(job_id: int, *, interval: float = PROGRESS_INTERVAL) -> Job.State | None:
    """Run the job ``job_id`` if it is waiting; returns its final state (None: not run)."""
    job = _claim(job_id)
    if job is None:
        logger.info("job %s is not waiting; not run again", job_id)
        return None
    writer = _ProgressWriter(job.pk, interval)
    run_ = JobRun(job, writer)
    fields: dict[str, Any]
    with translation.override(job.language):
        try:
            function = load(job.function_path)
            with transaction.atomic():
                result = function(run_, **job.arguments)
            fields = {"state": Job.State.DONE, **_keep(run_, result)}
            fields["step"] = _("Fertig.")
        except JobFailure as failure:
            logger.info("job %s failed: %s", job.pk, failure.reason)
            fields = {"state": Job.State.FAILED, "failure": failure.reason}
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.function_path)
            fields = {
                "state": Job.State.FAILED,
                "failure": _(
                    "Die Aufgabe ist an einem internen Fehler gescheitert; nichts wurde "
                    "gespeichert. Der Betrieb findet die Einzelheiten im Protokoll unter "
                    "Aufgabe %(id)s."
                )
                % {"id": job.pk},
            }
        finally:
            writer.stop()
    done, total, step = writer.last
    if fields["state"] == Job.State.FAILED:
        for path in run_.outputs:
            path.unlink(missing_ok=True)
        remove_unfinished(job_dir(job.pk))
        fields.update(done=done, total=total, step=step)
    else:
        fields.update(done=total, total=total)
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)
    return Job.State(fields["state"])
