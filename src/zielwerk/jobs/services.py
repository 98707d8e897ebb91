"""Starting jobs: ``start`` records a ``Job`` and enqueues it for the task worker."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Job
from .runner import load

logger = logging.getLogger(__name__)


def start(
    kind: str,
    function_path: str,
    *,
    owner: Any,
    label: str,
    organisation: Any = None,
    **arguments: Any,
) -> Job:
    """Record a job and enqueue it; the worker runs ``function_path(run, **arguments)``.

    ``function_path`` names a ``@job_function``; ``arguments`` must be JSON values (ids and
    codes, not objects). The job is enqueued when the surrounding transaction commits, so the
    worker never looks for a job that is not there yet. Step messages and the failure reason
    are worded in the language active now. Redirect the person to ``job.get_absolute_url()``.
    """
    load(function_path)  # refuse an unmarked function at once, not in the worker
    json.dumps(arguments)  # TypeError now for values that cannot reach the worker
    job = Job.objects.create(
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        organisation=organisation,
        kind=kind,
        label=str(label)[:200],
        function_path=function_path,
        arguments=arguments,
        language=translation.get_language() or "de",
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    try:
        result = run_job.enqueue(job_id)
    except Exception:
        logger.exception("job %s could not be enqueued", job_id)
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.FAILED,
            failure=_(
                "Die Aufgabe konnte nicht in die Warteschlange gestellt werden. Bitte später "
                "erneut versuchen."
            ),
        )
        return
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id)[:64])
