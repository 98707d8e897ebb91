"""Review drafts and publish them; the audit trail and its download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.messages import problem_text

from .. import selectors, services
from ..exports import csv_bytes, xlsx_bytes
from .common import context, crumbs


@organisation_required("workspace.view")
def review(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "workspace/review.html",
        context(
            request,
            organisation,
            drafts=selectors.drafts_for_review(organisation=organisation),
            targets=selectors.draft_targets(organisation=organisation),
            breadcrumbs=crumbs(organisation, (_("Prüfen und veröffentlichen"), None)),
        ),
    )


@require_POST
@organisation_required("workspace.publish")
def publish(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        result = services.drafts_publish(organisation=organisation, user=request.user)
    except services.PublishError as exc:
        for problem in exc.problems[:20]:
            messages.error(request, problem_text(problem))
        messages.error(request, _("Nichts wurde veröffentlicht."))
        return redirect("workspace:review", org=organisation.slug)
    messages.success(
        request,
        _("Veröffentlicht: %(observations)s Werte, %(targets)s Ziele.")
        % {"observations": result.observations, "targets": result.targets},
    )
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
    entries = selectors.audit_list(organisation=organisation)[:500]
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
    header = [
        _("Zeitpunkt"),
        _("Person"),
        _("Aktion"),
        _("Gegenstand"),
        _("bisher"),
        _("neu"),
        _("Quelle"),
    ]
    rows = [
        (
            e.at.isoformat(timespec="seconds"),
            selectors.actor_name(e.user),
            e.get_action_display(),
            e.subject,
            e.old_value,
            e.new_value,
            e.source,
        )
        for e in selectors.audit_list(organisation=organisation).iterator()
    ]
    if fmt == "xlsx":
        body = xlsx_bytes(header, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = csv_bytes(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="protokoll-{organisation.slug}.{fmt}"'
    return response
