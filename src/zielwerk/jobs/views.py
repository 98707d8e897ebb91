"""The jobs of a person: the list, a job's progress page, its JSON status and its result."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import runner, services
from .files import jobs_dir
from .models import Job

R = TypeVar("R", bound=HttpResponseBase)
RECENT = 50
REFRESH_SECONDS = 3
# The portal's static export (``zielwerk.portal.site_jobs``), named, not imported: the portal
# is a layer above this app. Its start page is here until the operator area offers it.
SITE_EXPORT_JOB = "zielwerk.portal.site_jobs.site_export_job"


def _visible_job(request: HttpRequest, pk: int) -> Job:
    """The job if the person may see it; 404 otherwise (no hint that it exists)."""
    job = get_object_or_404(Job.objects.select_related("organisation", "owner"), pk=pk)
    if not request.user.has_perm("jobs.view_job", job):
        raise Http404
    return job


def _private(response: R) -> R:
    response["Cache-Control"] = "no-store"
    return response


def status(job: Job) -> dict[str, Any]:
    """The job's state as the status page and its JSON endpoint show it."""
    runner.live(job)
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": job.get_state_display(),
        "finished": job.finished,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "counts": (
            _("%(done)s von %(total)s Schritten") % {"done": job.done, "total": job.total}
            if job.total and not job.finished
            else ""
        ),
        "step": job.step,
        "failure": job.failure if job.state == Job.State.FAILED else "",
        "result_url": job.result_link,
        "result_label": job.result_label or (_("Ergebnis") if job.result_link else ""),
    }


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    jobs = (
        Job.objects.filter(Q(owner=user) | Q(organisation__memberships__user=user))
        .select_related("organisation", "owner")
        .distinct()[:RECENT]
    )
    return _private(
        render(
            request,
            "jobs/job_list.html",
            {
                "jobs": jobs,
                "may_export_site": user.has_perm("accounts.operate_platform"),
                "breadcrumbs": [(_("Aufgaben"), None)],
            },
        )
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    context = {
        "job": job,
        "status": status(job),
        "refresh": REFRESH_SECONDS,
        "breadcrumbs": [(_("Aufgaben"), reverse("jobs:list")), (job.label, None)],
    }
    return _private(render(request, "jobs/job_detail.html", context))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _private(JsonResponse(status(_visible_job(request, pk))))


@login_required
def job_result(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _visible_job(request, pk)
    if job.state != Job.State.DONE or not job.result_path:
        raise Http404
    path = (jobs_dir() / job.result_path).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        raise Http404
    return _private(FileResponse(path.open("rb"), as_attachment=True, filename=path.name))


@login_required
def site_export_start(request: HttpRequest) -> HttpResponse:
    """Operators start the static export of the portal; the archive is the job's result."""
    if not request.user.has_perm("accounts.operate_platform"):
        raise PermissionDenied
    if request.method == "POST":
        job = services.start(
            "site_export",
            SITE_EXPORT_JOB,
            owner=request.user,
            label=_("Statische Website exportieren"),
        )
        return redirect(job.get_absolute_url())
    crumbs = [(_("Aufgaben"), reverse("jobs:list")), (_("Statische Website"), None)]
    return _private(render(request, "jobs/site_export.html", {"breadcrumbs": crumbs}))
