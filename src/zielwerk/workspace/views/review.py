"""Review drafts and publish them; the audit trail and its download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.jobs import services as jobs
from zielwerk.messages import problem_text
from zielwerk.monitoring.locks import Busy

from .. import selectors, services
from ..exports import audit_table, csv_bytes, xlsx_bytes
from ..services import assessment_jobs
from .common import context, crumbs


@organisation_required("workspace.view")
def review(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    groups = selectors.review_groups(organisation=organisation)
    return render(
        request,
        "workspace/review.html",
        context(
            request,
            organisation,
            groups=groups,
            drafts=sum(len(g.lines) for g in groups),
            breadcrumbs=crumbs(organisation, (_("Prüfen und veröffentlichen"), None)),
        ),
    )


def _indicator_param(value: str | None) -> str | None:
    """The indicator code of a per-indicator publish (None: all drafts)."""
    code = (value or "").strip()
    return code[:64] or None


@organisation_required("workspace.publish")
def publish_confirm(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """What will become public, before the POST that publishes it."""
    code = _indicator_param(request.GET.get("indikator"))
    groups = selectors.review_groups(organisation=organisation, indicator=code, charts=False)
    if not groups:
        messages.info(request, _("Es gibt nichts zu veröffentlichen."))
        return redirect("workspace:review", org=organisation.slug)
    return render(
        request,
        "workspace/publish_confirm.html",
        context(
            request,
            organisation,
            groups=groups,
            indicator=code,
            values=sum(len(g.lines) for g in groups),
            targets=sum(len(g.targets) for g in groups),
            warnings=sum(g.warnings for g in groups),
            regions=sorted({name for g in groups for name in g.regions}),
            own=[g for g in groups if g.own is not None],
            breadcrumbs=crumbs(
                organisation,
                (
                    _("Prüfen und veröffentlichen"),
                    reverse("workspace:review", args=[organisation.slug]),
                ),
                (_("Veröffentlichen bestätigen"), None),
            ),
        ),
    )


@organisation_required("workspace.view")
def preview(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    """The public indicator chart and table with the drafts applied; members only."""
    groups = selectors.review_groups(organisation=organisation, indicator=code, charts=False)
    if not groups:
        raise Http404(_("Für diesen Indikator gibt es keine Entwürfe."))
    group = groups[0]
    return render(
        request,
        "workspace/preview.html",
        context(
            request,
            organisation,
            group=group,
            series=selectors.public_preview(group),
            breadcrumbs=crumbs(
                organisation,
                (
                    _("Prüfen und veröffentlichen"),
                    reverse("workspace:review", args=[organisation.slug]),
                ),
                (_("Vorschau %(code)s") % {"code": group.indicator.code}, None),
            ),
        ),
    )


@require_POST
@organisation_required("workspace.publish")
def publish(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        result = services.drafts_publish(
            organisation=organisation,
            user=request.user,
            indicator=_indicator_param(request.POST.get("indicator")),
            refresh=False,  # recomputed by a background job, below
        )
    except services.PublishError as exc:
        for problem in exc.problems[:20]:
            messages.error(request, problem_text(problem))
        messages.error(request, _("Nichts wurde veröffentlicht."))
        return redirect("workspace:review", org=organisation.slug)
    except Busy:
        messages.error(
            request,
            _(
                "Gerade läuft ein anderer Import; nichts wurde veröffentlicht. Bitte in einer "
                "Minute erneut versuchen."
            ),
        )
        return redirect("workspace:review", org=organisation.slug)
    counts = {
        "observations": result.observations,
        "targets": result.targets,
        "indicators": result.indicators,
    }
    if result.indicators:
        text = _(
            "Veröffentlicht: %(observations)s Werte, %(targets)s Ziele, "
            "%(indicators)s eigene Indikatoren."
        )
    else:
        text = _("Veröffentlicht: %(observations)s Werte, %(targets)s Ziele.")
    messages.success(request, text % counts)
    if result.stale:
        back = reverse("workspace:review", args=[organisation.slug])
        job = jobs.start(
            "assessments_refresh",
            assessment_jobs.JOB_PATH,
            owner=request.user,
            organisation=organisation,
            label=_("Bewertungen nach dem Veröffentlichen berechnen"),
            indicators=sorted(result.stale),
            result_url=back,
        )
        return redirect(job.get_absolute_url())
    return redirect("workspace:review", org=organisation.slug)


@require_POST
@organisation_required("workspace.edit_data")
def drafts_discard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("draft") if v.isdigit()]
    count = services.staged_observations_discard(
        organisation=organisation, user=request.user, ids=ids
    )
    messages.success(request, _("%(count)s Entwurfswerte verworfen.") % {"count": count})
    return redirect("workspace:review", org=organisation.slug)


@organisation_required("workspace.view")
def audit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    entries = selectors.audit_lines(selectors.audit_list(organisation=organisation)[:500])
    return render(
        request,
        "workspace/audit.html",
        context(
            request,
            organisation,
            entries=entries,
            breadcrumbs=crumbs(organisation, (_("Änderungsprotokoll"), None)),
        ),
    )


@organisation_required("workspace.view")
def audit_download(request: HttpRequest, organisation: Organisation, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = audit_table(
        selectors.audit_lines_all(selectors.audit_list(organisation=organisation))
    )
    if fmt == "xlsx":
        body = xlsx_bytes(header, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = csv_bytes(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="protokoll-{organisation.slug}.{fmt}"'
    return response
