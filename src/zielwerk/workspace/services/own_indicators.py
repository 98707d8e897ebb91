"""Own indicators: catalogue indicators of framework ``own``, namespaced by organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Goal, Indicator, Target

from ..models import AuditEntry, IndicatorSelection, OwnIndicator
from .audit import audit_record

METADATA_FIELDS = (
    "title_de",
    "title_en",
    "definition_de",
    "definition_en",
    "unit",
    "direction",
)


@dataclass(frozen=True)
class OwnIndicatorData:
    """What a user enters for an own indicator."""

    title_de: str
    goal: Goal
    title_en: str = ""
    definition_de: str = ""
    definition_en: str = ""
    unit: str = ""
    direction: str = ""
    targets: tuple[Target, ...] = field(default_factory=tuple)
    source: str = ""


def _code(organisation: Organisation, number: int) -> str:
    return f"own-{organisation.slug}-{number}"


def own_indicator_create(
    *, organisation: Organisation, user: Any, data: OwnIndicatorData
) -> OwnIndicator:
    """Create the indicator (code ``own-<slug>-<n>``) and put it into the indicator set."""
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        last = OwnIndicator.objects.filter(organisation=organisation).aggregate(n=Max("number"))
        number = (last["n"] or 0) + 1
        code = _code(organisation, number)
        indicator = Indicator.objects.create(
            code=code,
            framework=Indicator.Framework.OWN,
            goal=data.goal,
            sort_key=f"{data.goal.number:02d}.own.{organisation.slug}.{number:04d}",
            **{name: getattr(data, name) for name in METADATA_FIELDS},
        )
        indicator.targets.set(data.targets)
        own = OwnIndicator.objects.create(
            organisation=organisation, indicator=indicator, number=number, source=data.source
        )
        IndicatorSelection.objects.create(organisation=organisation, indicator=indicator)
        audit_record(
            organisation=organisation,
            user=user,
            action=AuditEntry.Action.INDICATOR_CREATED,
            subject=code,
            new=data.title_de,
            source=data.source,
        )
    return own


def _snapshot(own: OwnIndicator) -> dict[str, str]:
    indicator = own.indicator
    values = {name: str(getattr(indicator, name)) for name in METADATA_FIELDS}
    values["goal"] = str(indicator.goal.number)
    values["targets"] = ", ".join(sorted(t.code for t in indicator.targets.all()))
    values["source"] = own.source
    return values


def own_indicator_update(*, own: OwnIndicator, user: Any, data: OwnIndicatorData) -> list[str]:
    """Change the metadata; one audit entry per changed field. Returns the changed fields."""
    with transaction.atomic():
        before = _snapshot(own)
        indicator = own.indicator
        for name in METADATA_FIELDS:
            setattr(indicator, name, getattr(data, name))
        indicator.goal = data.goal
        indicator.save()
        indicator.targets.set(data.targets)
        own.source = data.source
        own.save(update_fields=["source"])
        after = _snapshot(own)
        changed = [name for name in after if after[name] != before[name]]
        for name in changed:
            audit_record(
                organisation=own.organisation,
                user=user,
                action=AuditEntry.Action.INDICATOR_CHANGED,
                subject=f"{indicator.code}: {name}",
                old=before[name],
                new=after[name],
            )
    return changed
