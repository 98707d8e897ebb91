"""The first steps of a new organisation, and the start page of a person without one."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zielwerk.accounts.access import organisation_required, signed_in
from zielwerk.accounts.models import Organisation

from ..selectors.first_steps import FirstStepsState, first_steps_state
from .common import context, crumbs


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str  # what to do and why
    state: str  # the facts behind done / not yet, in words
    done: bool
    url: str | None  # None: the person may not do this step (the text says who does)
    link: str


def _steps(organisation: Organisation, state: FirstStepsState, may: dict[str, bool]) -> list[Step]:
    done = state.done
    slug = organisation.slug

    def url(name: str, allowed: bool = True) -> str | None:
        return reverse(name, args=[slug]) if allowed else None

    members = ngettext("%(n)s Mitglied", "%(n)s Mitglieder", state.members) % {"n": state.members}
    if state.open_invitations:
        members += ", " + ngettext(
            "%(n)s offene Einladung", "%(n)s offene Einladungen", state.open_invitations
        ) % {"n": state.open_invitations}
    return [
        Step(
            "organisation",
            _("Organisation"),
            _("Die Organisation ist angelegt und mit ihrer Region verknüpft."),
            _("%(name)s, Region %(region)s")
            % {"name": organisation.name, "region": organisation.region.name},
            done["organisation"],
            url("workspace:org_dashboard"),
            _("Übersicht ansehen"),
        ),
        Step(
            "members",
            _("Mitglieder einladen"),
            _(
                "Laden Sie Kolleginnen und Kollegen ein: Lesen, Bearbeiten, Veröffentlichen "
                "oder Verwalten."
            )
            + ("" if may["manage_members"] else " " + _("Das erledigt die Verwaltung.")),
            members,
            done["members"],
            url("accounts:members", may["manage_members"]),
            _("Mitglieder verwalten"),
        ),
        Step(
            "kit",
            _("Indikatoren wählen"),
            _("Stellen Sie im Indikator-Baukasten das Indikatorenset Ihrer Kommune zusammen."),
            ngettext("%(n)s Indikator gewählt", "%(n)s Indikatoren gewählt", state.indicators)
            % {"n": state.indicators},
            done["kit"],
            url("workspace:kit"),
            _("Zum Indikator-Baukasten"),
        ),
        Step(
            "data",
            _("Daten erfassen"),
            _("Tragen Sie Werte in die Tabelle ein oder laden Sie eine Datei hoch."),
            ngettext("%(n)s Entwurfswert", "%(n)s Entwurfswerte", state.drafts)
            % {"n": state.drafts}
            if state.drafts
            else (_("Daten erfasst") if state.data_entered else _("noch keine Daten erfasst")),
            done["data"],
            url("workspace:data"),
            _("Zu den Daten"),
        ),
        Step(
            "targets",
            _("Ziele des Rates eintragen"),
            _("Halten Sie die Ziele fest, die Ihr Rat beschlossen hat, mit dem Beschluss."),
            ngettext("%(n)s Zielversion", "%(n)s Zielversionen", state.targets)
            % {"n": state.targets},
            done["targets"],
            url("workspace:targets"),
            _("Zu den Zielen"),
        ),
        Step(
            "publishing",
            _("Prüfen und veröffentlichen"),
            _("Prüfen Sie die Entwürfe und geben Sie sie für das öffentliche Portal frei."),
            _("veröffentlicht") if state.published else _("noch nichts veröffentlicht"),
            done["publishing"],
            url("workspace:review"),
            _("Zu Prüfen und veröffentlichen"),
        ),
    ]


@organisation_required("workspace.view")
def first_steps(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    page = context(request, organisation)
    state = first_steps_state(organisation=organisation)
    steps = _steps(organisation, state, page["may"])
    page.update(
        steps=steps,
        done_count=state.done_count,
        breadcrumbs=crumbs(organisation, (_("Erste Schritte"), None)),
    )
    return render(request, "workspace/first_steps.html", page)


def without_organisation(request: HttpRequest) -> HttpResponse:
    """For a signed-in person who belongs to no organisation: operators go to the operator
    area; everyone else learns who can add them (and to which address invitations go)."""
    user = signed_in(request)
    if user.has_perm("accounts.operate_platform"):
        messages.info(
            request,
            _(
                "Sie gehören keiner Organisation an und betreiben die Plattform: Hier legen "
                "Sie Organisationen an und laden ihre Verwaltung ein."
            ),
        )
        return redirect("accounts:operator_organisations")
    return render(
        request,
        "workspace/no_organisation.html",
        {"email": user.email, "breadcrumbs": [(_("Arbeitsbereich"), None)]},
    )
