"""Running the jobs a workspace view started, as the task worker would, inside the test.

In a test wrapped in a transaction the job is never enqueued (that happens on commit); its
``Job`` row waits, and ``runner.run`` claims and runs it exactly as ``db_worker`` does.
"""

from __future__ import annotations

import re

from zielwerk.jobs import runner
from zielwerk.jobs.models import Job


def run_jobs() -> list[Job]:
    """Run every waiting job, oldest first; the jobs as they ended."""
    waiting = list(Job.objects.filter(state=Job.State.QUEUED).order_by("pk"))
    for job in waiting:
        runner.run(job.pk, interval=0)
        job.refresh_from_db()
    return waiting


def follow_job(client, response) -> str:  # type: ignore[no-untyped-def]
    """After a POST that started a job: it redirects to the job's page; run the job, check
    that its page links to the result, and return the result's address."""
    assert response.status_code == 302, response.content.decode()[:2000]
    found = re.fullmatch(r"/aufgaben/(\d+)/", response["Location"])
    assert found, response["Location"]
    run_jobs()
    job = Job.objects.get(pk=int(found.group(1)))
    assert job.state == Job.State.DONE, job.failure
    page = client.get(response["Location"]).content.decode()
    assert f'href="{job.result_url}"' in page and job.result_label in page
    return str(job.result_url)
