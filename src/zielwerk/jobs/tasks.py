"""The one django-tasks task: run a recorded job (``runner.run``)."""

from __future__ import annotations

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str | None:
    """Run the job; its state, progress and result are in the ``Job`` row."""
    state = runner.run(job_id)
    return None if state is None else str(state)
