"""Targets of the organisation beside the national (DNS) targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import DnsTarget, Indicator

from ..models import OrganisationTarget
from ..scope import selected_indicators


def _latest(targets: list[OrganisationTarget]) -> list[OrganisationTarget]:
    """The newest version per (indicator, region, series)."""
    seen: dict[tuple[int, int | None, str], OrganisationTarget] = {}
    for t in targets:
        key = (t.indicator_id, t.region_id, t.series)
        if key not in seen or t.version > seen[key].version:
            seen[key] = t
    return list(seen.values())


def targets_in_force(*, organisation: Organisation) -> list[OrganisationTarget]:
    """The newest published version of every target (what assessments use)."""
    published = OrganisationTarget.objects.filter(
        organisation=organisation, published_at__isnull=False
    ).select_related("indicator", "region")
    return _latest(list(published))


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    latest: list[OrganisationTarget]


def targets_overview(*, organisation: Organisation) -> list[TargetRow]:
    """Each indicator of the set with the newest version of each of its targets."""
    versions = list(
        OrganisationTarget.objects.filter(organisation=organisation).select_related("region")
    )
    latest = _latest(versions)
    return [
        TargetRow(indicator, [t for t in latest if t.indicator_id == indicator.pk])
        for indicator in selected_indicators(organisation).select_related("goal")
    ]


def target_history(*, organisation: Organisation, indicator: Indicator) -> list[OrganisationTarget]:
    return list(
        OrganisationTarget.objects.filter(organisation=organisation, indicator=indicator)
        .select_related("region", "created_by", "published_by")
        .order_by("region__ars", "series", "-version")
    )


def national_targets(*, indicator: Indicator) -> list[DnsTarget]:
    """DNS targets of the indicator, or of the DNS indicators linked to it."""
    if indicator.framework == Indicator.Framework.DNS:
        related = [indicator.pk]
    elif indicator.framework == Indicator.Framework.UN:
        related = list(indicator.dns_indicators.values_list("pk", flat=True))
    else:
        related = list(
            Indicator.objects.filter(
                framework=Indicator.Framework.DNS, targets__in=indicator.targets.all()
            ).values_list("pk", flat=True)
        )
    return list(DnsTarget.objects.filter(indicator_id__in=related).select_related("indicator"))


@dataclass(frozen=True)
class PublicTarget:
    """A council target as the public sees it: the version in force and its earlier ones."""

    current: OrganisationTarget
    history: list[OrganisationTarget]


def public_targets(*, region_ids: list[int], indicator_id: int | None = None) -> list[PublicTarget]:
    """Published council targets for these regions (a target without its own region counts
    for its organisation's region), newest version first per indicator, region and series.
    Drafts never appear."""
    from django.db.models import Q

    found = OrganisationTarget.objects.filter(published_at__isnull=False).filter(
        Q(region_id__in=region_ids) | Q(region__isnull=True, organisation__region_id__in=region_ids)
    )
    if indicator_id is not None:
        found = found.filter(indicator_id=indicator_id)
    versions = list(
        found.select_related("indicator", "region", "organisation__region").order_by(
            "indicator__sort_key", "series", "-version"
        )
    )
    grouped: dict[tuple[int, int | None, str], list[OrganisationTarget]] = {}
    for target in versions:
        region_id = target.region_id or target.organisation.region_id
        grouped.setdefault((target.indicator_id, region_id, target.series), []).append(target)
    return [PublicTarget(items[0], items[1:]) for items in grouped.values()]


def council_targets_in_force(indicator_ids: list[int] | None = None) -> list[OrganisationTarget]:
    """The newest published version of every council target of every organisation."""
    found = OrganisationTarget.objects.filter(published_at__isnull=False).select_related(
        "region", "organisation__region", "indicator"
    )
    if indicator_ids is not None:
        found = found.filter(indicator_id__in=indicator_ids)
    return _latest(list(found))


class CouncilTargetProvider:
    """The workspace's council targets for monitoring and the portal (``monitoring.council``)."""

    def in_force(self, indicator_ids: Sequence[int] | None) -> list[OrganisationTarget]:
        return council_targets_in_force(list(indicator_ids) if indicator_ids is not None else None)

    def public(self, region_ids: list[int], indicator_id: int | None) -> list[PublicTarget]:
        return public_targets(region_ids=region_ids, indicator_id=indicator_id)

    def last_published(self) -> dict[str, datetime]:
        rows = (
            OrganisationTarget.objects.filter(published_at__isnull=False)
            .values("indicator__code")
            .annotate(at=Max("published_at"))
            .values_list("indicator__code", "at")
            .order_by()
        )
        return {code: at for code, at in rows if at is not None}
