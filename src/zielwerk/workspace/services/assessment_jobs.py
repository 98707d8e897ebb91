"""Recomputing assessments and peer standings after publishing, as a background job.

The publish view publishes the drafts in the request (all or nothing, quick) and leaves the
recomputation, which reads every region's series of the indicators, to the task worker.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zielwerk.jobs.runner import JobResult, JobRun, job_function
from zielwerk.monitoring.services import assessments_refresh, peers_refresh

JOB_PATH = "zielwerk.workspace.services.assessment_jobs.assessments_refresh_job"


@job_function
def assessments_refresh_job(
    run: JobRun, *, indicators: list[str], result_url: str = ""
) -> JobResult:
    """Recompute the assessments, then the peer standings, of ``indicators``."""
    codes = sorted(indicators)
    count = len(codes)
    run.progress(
        0,
        2,
        ngettext(
            "Bewertungen für %(count)s Indikator berechnen",
            "Bewertungen für %(count)s Indikatoren berechnen",
            count,
        )
        % {"count": count},
    )
    summary = assessments_refresh(indicators=codes)
    run.progress(1, 2, _("Vergleich mit ähnlichen Kommunen berechnen"))
    peers_refresh(indicators=codes)
    stored = ngettext(
        "%(count)s Bewertung gespeichert", "%(count)s Bewertungen gespeichert", summary.stored
    )
    run.progress(2, 2, stored % {"count": summary.stored})
    return JobResult(url=result_url, label=_("Zurück zu Prüfen und veröffentlichen"))
