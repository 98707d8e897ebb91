"""Draft values: saving what a user entered or confirmed, and discarding drafts.

A draft only exists where it differs from what is current (the existing draft, else the
published observation); every saved difference is one audit entry, old → new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from ..models import AuditEntry, StagedObservation

Key = tuple[int, int, str, int]


@dataclass(frozen=True)
class DraftRow:
    """One value to keep as a draft (ids, not codes: already resolved and in scope)."""

    indicator_id: int
    region_id: int
    series: str
    year: int
    value: float
    unit: str = ""
    flags: str = ""

    @property
    def key(self) -> Key:
        return (self.indicator_id, self.region_id, self.series, self.year)


def _current(organisation: Organisation, rows: Sequence[DraftRow]) -> dict[Key, tuple[float, str]]:
    """(value, flags) now in force for each key: the draft, else the published value."""
    indicators = {r.indicator_id for r in rows}
    regions = {r.region_id for r in rows}
    wanted = {r.key for r in rows}
    found: dict[Key, tuple[float, str]] = {}
    fields = ("indicator_id", "region_id", "series", "year", "value", "flags")
    published = Observation.objects.filter(indicator_id__in=indicators, region_id__in=regions)
    staged = StagedObservation.objects.filter(
        organisation=organisation, indicator_id__in=indicators, region_id__in=regions
    )
    for queryset in (published, staged):  # drafts override published values
        for ind, reg, series, year, value, flags in queryset.values_list(*fields).iterator():
            if (ind, reg, series, year) in wanted:
                found[(ind, reg, series, year)] = (value, flags)
    return found


def _label(rows: Iterable[DraftRow]) -> dict[Key, str]:
    rows = list(rows)
    codes = dict(
        Indicator.objects.filter(pk__in={r.indicator_id for r in rows}).values_list("pk", "code")
    )
    ars = dict(Region.objects.filter(pk__in={r.region_id for r in rows}).values_list("pk", "ars"))
    return {
        r.key: " · ".join(
            p for p in (codes[r.indicator_id], ars[r.region_id], r.series, str(r.year)) if p
        )
        for r in rows
    }


def _text(value: float | None, flags: str = "") -> str:
    return "" if value is None else f"{value:g}" + (f" {flags}" if flags else "")


def staged_observations_save(
    *,
    organisation: Organisation,
    user: Any,
    rows: Sequence[DraftRow],
    origin: str,
    source: str = "",
) -> int:
    """Keep the rows that change something as drafts; returns how many did."""
    current = _current(organisation, rows)
    changed = [r for r in rows if current.get(r.key) != (r.value, r.flags)]
    if not changed:
        return 0
    labels = _label(changed)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        StagedObservation.objects.bulk_create(
            [
                StagedObservation(
                    organisation=organisation,
                    indicator_id=r.indicator_id,
                    region_id=r.region_id,
                    series=r.series,
                    year=r.year,
                    value=r.value,
                    unit=r.unit,
                    flags=r.flags,
                    source=source,
                    origin=origin,
                    created_by_id=user_id,
                )
                for r in changed
            ],
            update_conflicts=True,
            unique_fields=["organisation", "indicator", "region", "series", "year"],
            update_fields=[
                "value",
                "unit",
                "flags",
                "source",
                "origin",
                "created_by",
                "created_at",
            ],
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    organisation=organisation,
                    user_id=user_id,
                    action=AuditEntry.Action.OBSERVATION_DRAFTED,
                    subject=labels[r.key],
                    old_value=_text(*current[r.key]) if r.key in current else "",
                    new_value=_text(r.value, r.flags),
                    source=source,
                )
                for r in changed
            ]
        )
    return len(changed)


def staged_observations_discard(
    *, organisation: Organisation, user: Any, ids: Iterable[int] | None = None
) -> int:
    """Discard drafts of the organisation (all, or those ``ids``); returns how many."""
    queryset = StagedObservation.objects.filter(organisation=organisation)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    with transaction.atomic():
        drafts = list(queryset.select_related("indicator", "region"))
        for d in drafts:
            AuditEntry.objects.create(
                organisation=organisation,
                user=user if getattr(user, "is_authenticated", False) else None,
                action=AuditEntry.Action.OBSERVATION_DISCARDED,
                subject=" · ".join(
                    p for p in (d.indicator.code, d.region.ars, d.series, str(d.year)) if p
                ),
                old_value=_text(d.value, d.flags),
            )
        queryset.filter(pk__in=[d.pk for d in drafts]).delete()
    return len(drafts)
