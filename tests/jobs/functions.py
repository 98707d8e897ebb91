"""Job functions for the tests: they do real work (rows, files) so a test sees what stays."""

from __future__ import annotations

import threading

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from zielwerk.jobs.runner import JobFailure, JobResult, JobRun, job_function

GATES: dict[str, threading.Event] = {}
"""A job with ``gate=name`` waits at its second step until the test sets this event."""
ARRIVED: dict[str, threading.Event] = {}
"""Set by such a job when it has reached the gate."""


@job_function
def count_words(run: JobRun, *, words: list[str], gate: str = "") -> JobResult:
    """Write one line per word to a result file, one progress step per word."""
    path = run.output("woerter.txt")
    with path.open("w", encoding="utf-8") as out:
        for number, word in enumerate(words, start=1):
            run.progress(number - 1, len(words), "Wort %s" % word)
            if gate and number == 2:
                ARRIVED[gate].set()
                GATES[gate].wait(timeout=30)
            out.write(f"{number} {word}\n")
    return JobResult(file=path, label="Wörter")


@job_function
def create_then_crash(run: JobRun, *, username: str) -> JobResult:
    """Writes a row and most of a file, then fails with an internal error."""
    get_user_model().objects.create(username=username)
    path = run.output("teil.csv")
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    run.progress(1, 2, "Hälfte")
    raise RuntimeError("geheimes Detail /etc/zielwerk")


@job_function
def refuse_worded(run: JobRun, *, username: str) -> None:
    """Writes a row, then fails with a reason worded for the user."""
    get_user_model().objects.create(username=username)
    raise JobFailure(_("Es gibt keine Daten für diese Auswahl."))


@job_function
def link_to_user(run: JobRun, *, username: str) -> JobResult:
    """Makes an object and links to it (a result without a file)."""
    user = get_user_model().objects.create(username=username)
    run.progress(1, 1, "angelegt")
    return JobResult(url=f"/konto/{user.pk}/", label=username)


def not_marked(run: JobRun) -> None:
    """Not a @job_function: start() must refuse it."""


@job_function
def tell_language(run: JobRun) -> JobResult:
    """The language the job's messages are worded in (that of the request that started it)."""
    from django.utils import translation

    return JobResult(url="/", label=translation.get_language() or "")
