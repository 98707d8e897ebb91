"""Draft values: saving what a user entered or confirmed, and discarding drafts.

A draft only exists where it differs from what is current (the existing draft, else the
published observation); every saved difference is one audit entry, old → new.

Optimistic concurrency without a version column: a writer may say which value it last saw
for a key (``expected``); a row whose value in force is no longer that value is a
``DraftConflict`` and is not written. The check and the write happen under one lock per
organisation (``transaction_lock``), so two saves never interleave between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.locks import transaction_lock
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
    source: str = ""
    """The row's own source (a file's ``Quelle`` column); empty: the source of the save."""

    @property
    def key(self) -> Key:
        return (self.indicator_id, self.region_id, self.series, self.year)


@dataclass(frozen=True)
class DraftConflict:
    """A row not written: since ``expected`` was seen, someone changed it to ``current``."""

    row: DraftRow
    expected: float | None
    current: float | None


@dataclass(frozen=True)
class DraftSave:
    saved: int
    conflicts: list[DraftConflict] = field(default_factory=list)


class DraftsConflict(Exception):
    """Rows changed by someone else since they were read; nothing was written."""

    def __init__(self, conflicts: list[DraftConflict]) -> None:
        super().__init__(f"{len(conflicts)} conflicting values")
        self.conflicts = conflicts


def drafts_lock(organisation: Organisation) -> None:
    """Inside a transaction: no other change to the organisation's drafts until it ends."""
    transaction_lock(f"drafts-{organisation.pk}")


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


def _conflicts(
    rows: Sequence[DraftRow],
    expected: Mapping[Key, float | None],
    current: Mapping[Key, tuple[float, str]],
) -> list[DraftConflict]:
    found = []
    for r in rows:
        if r.key not in expected:
            continue
        now = current[r.key][0] if r.key in current else None
        if now != expected[r.key] and now != r.value:  # both typed the same: no conflict
            found.append(DraftConflict(r, expected[r.key], now))
    return found


def drafts_conflicts(
    *,
    organisation: Organisation,
    rows: Sequence[DraftRow],
    expected: Mapping[Key, float | None],
) -> list[DraftConflict]:
    """Inside a transaction: the rows changed by someone else since ``expected`` was seen.

    Takes the organisation's drafts lock, so the answer holds until the transaction ends."""
    drafts_lock(organisation)
    return _conflicts(rows, expected, _current(organisation, rows))


def staged_observations_save(
    *,
    organisation: Organisation,
    user: Any,
    rows: Sequence[DraftRow],
    origin: str,
    source: str = "",
    expected: Mapping[Key, float | None] | None = None,
) -> int:
    """Keep the rows that change something as drafts; returns how many did.

    ``expected``: the value (``None``: no value) the writer last saw per key; if any of
    these rows was changed since, ``DraftsConflict`` is raised and nothing is written."""
    result = staged_observations_merge(
        organisation=organisation,
        user=user,
        rows=rows,
        origin=origin,
        source=source,
        expected=expected or {},
        partial=False,
    )
    if result.conflicts:
        raise DraftsConflict(result.conflicts)
    return result.saved


def staged_observations_merge(
    *,
    organisation: Organisation,
    user: Any,
    rows: Sequence[DraftRow],
    origin: str,
    source: str = "",
    expected: Mapping[Key, float | None],
    partial: bool = True,
) -> DraftSave:
    """Like ``staged_observations_save``, returning the conflicts instead of raising:
    with ``partial`` the other rows are written, without it none when any conflicts."""
    with transaction.atomic():
        drafts_lock(organisation)
        current = _current(organisation, rows)
        conflicts = _conflicts(rows, expected, current)
        if conflicts and not partial:
            return DraftSave(0, conflicts)
        refused = {c.row.key for c in conflicts}
        changed = [
            r for r in rows if r.key not in refused and current.get(r.key) != (r.value, r.flags)
        ]
        if changed:
            _write(organisation, user, changed, current, origin=origin, source=source)
    return DraftSave(len(changed), conflicts)


def _write(
    organisation: Organisation,
    user: Any,
    changed: Sequence[DraftRow],
    current: Mapping[Key, tuple[float, str]],
    *,
    origin: str,
    source: str,
) -> None:
    """Drafts and audit entries for the changed rows (inside the caller's transaction)."""
    labels = _label(changed)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
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
                source=r.source or source,
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
                source=r.source or source,
            )
            for r in changed
        ]
    )


def staged_observations_discard(
    *, organisation: Organisation, user: Any, ids: Iterable[int] | None = None
) -> int:
    """Discard drafts of the organisation (all, or those ``ids``); returns how many."""
    queryset = StagedObservation.objects.filter(organisation=organisation)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    with transaction.atomic():
        drafts_lock(organisation)
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
