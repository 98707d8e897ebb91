"""The workspace start: choosing an organisation, and its dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.access import organisation_required, signed_in
from zielwerk.accounts.models import Membership, Organisation

from .. import selectors
from ..selectors.first_steps import first_steps_state
from .common import context, crumbs
from .first_steps import without_organisation


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(user=signed_in(request)).select_related("organisation")
    )
    if len(memberships) == 1:
        return redirect("workspace:org_dashboard", org=memberships[0].organisation.slug)
    if not memberships:
        return without_organisation(request)
    return render(
        request,
        "workspace/choose.html",
        {
            "memberships": memberships,
            "breadcrumbs": [(_("Arbeitsbereich"), None)],
        },
    )


@organisation_required("workspace.view")
def org_dashboard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    membership = Membership.objects.filter(
        user=signed_in(request), organisation=organisation
    ).first()
    last_visit = membership.last_visit_at if membership else None
    changes = selectors.audit_lines(
        selectors.audit_list(organisation=organisation, since=last_visit)[:20]
    )
    if membership is not None:
        membership.last_visit_at = timezone.now()
        membership.save(update_fields=["last_visit_at"])
    rows = selectors.dashboard_rows(organisation=organisation)
    return render(
        request,
        "workspace/dashboard.html",
        context(
            request,
            organisation,
            rows=rows,
            gaps=[r for r in rows if r.gap],
            changes=changes,
            last_visit=last_visit,
            first_steps=first_steps_state(organisation=organisation),
            breadcrumbs=crumbs(organisation),
        ),
    )
