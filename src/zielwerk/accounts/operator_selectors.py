"""Read-side queries of the platform operator area."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from zielwerk.regions.models import Region
from zielwerk.regions.selectors import region_search

from .models import Invitation, Membership, Organisation, Role

RESULTS_SHOWN = 20


def organisations_overview() -> list[Organisation]:
    """Every organisation with its region, ``member_count``, ``admins`` (memberships with
    users) and ``open_admin_invitations`` — three queries whatever the number."""
    admins = Membership.objects.filter(role=Role.ADMIN).select_related("user")
    open_invitations = Invitation.objects.filter(
        role=Role.ADMIN, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    return list(
        Organisation.objects.select_related("region")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(
            Prefetch("memberships", queryset=admins, to_attr="admins"),
            Prefetch("invitations", queryset=open_invitations, to_attr="open_admin_invitations"),
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class RegionChoice:
    region: Region
    organisations: list[Organisation]  # already in Zielwerk for this region


@dataclass(frozen=True)
class RegionChoices:
    choices: list[RegionChoice]
    total: int


def region_choices(*, query: str) -> RegionChoices:
    """Regions matching the search (names, AGS, ARS; ``region_search``), each with the
    organisations that already exist for it, so nobody creates a second by mistake."""
    found = region_search(query=query, limit=RESULTS_SHOWN)
    existing: dict[int, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(
        Q(region__in=[r.pk for r in found.regions])
    ).order_by("name"):
        existing.setdefault(organisation.region_id, []).append(organisation)
    return RegionChoices(
        [RegionChoice(r, existing.get(r.pk, [])) for r in found.regions], found.total
    )


def organisations_of_region(region: Region) -> list[Organisation]:
    return list(Organisation.objects.filter(region=region).order_by("name"))
