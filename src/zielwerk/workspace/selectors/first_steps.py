"""How far an organisation is on its first steps, computed from its data (nothing stored)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zielwerk.accounts.models import Organisation

from ..models import AuditEntry, IndicatorSelection, OrganisationTarget, StagedObservation

_DATA_ACTIONS = (
    AuditEntry.Action.OBSERVATION_DRAFTED,
    AuditEntry.Action.UPLOAD_CONFIRMED,
    AuditEntry.Action.OBSERVATION_PUBLISHED,
)
_PUBLISHED_ACTIONS = (
    AuditEntry.Action.OBSERVATION_PUBLISHED,
    AuditEntry.Action.TARGET_PUBLISHED,
    AuditEntry.Action.INDICATOR_PUBLISHED,
)


@dataclass(frozen=True)
class FirstStepsState:
    """The facts behind each step: members (done when more than one), open invitations,
    indicators chosen from the kit, drafts now and data ever entered (drafts, confirmed
    uploads, published values), council targets, and whether anything was published."""

    members: int
    open_invitations: int
    indicators: int
    drafts: int
    data_entered: bool
    targets: int
    published: bool

    @property
    def done(self) -> dict[str, bool]:
        return {
            "organisation": True,
            "members": self.members > 1,
            "kit": self.indicators > 0,
            "data": self.drafts > 0 or self.data_entered,
            "targets": self.targets > 0,
            "publishing": self.published,
        }

    @property
    def done_count(self) -> int:
        return sum(self.done.values())

    @property
    def complete(self) -> bool:
        return all(self.done.values())


def first_steps_state(*, organisation: Organisation) -> FirstStepsState:
    """Five small queries: counts and existence checks, whatever the amount of data."""
    audit = AuditEntry.objects.filter(organisation=OuterRef("pk"))
    row = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(
            n_members=Count("memberships", distinct=True),
            n_invitations=Count(
                "invitations",
                filter=Q(
                    invitations__accepted_at__isnull=True,
                    invitations__expires_at__gt=timezone.now(),
                ),
                distinct=True,
            ),
            data_entered=Exists(audit.filter(action__in=_DATA_ACTIONS)),
            published_entry=Exists(audit.filter(action__in=_PUBLISHED_ACTIONS)),
        )
        .values("n_members", "n_invitations", "data_entered", "published_entry")
        .get()
    )
    targets = OrganisationTarget.objects.filter(organisation=organisation)
    return FirstStepsState(
        members=row["n_members"],
        open_invitations=row["n_invitations"],
        indicators=IndicatorSelection.objects.filter(organisation=organisation).count(),
        drafts=StagedObservation.objects.filter(organisation=organisation).count(),
        data_entered=row["data_entered"],
        targets=targets.count(),
        published=row["published_entry"] or targets.filter(published_at__isnull=False).exists(),
    )
