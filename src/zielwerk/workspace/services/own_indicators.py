"""Own indicators: catalogue indicators of framework ``own``, namespaced by organisation.

Nothing public without review: a new own indicator is not public (``Indicator.is_public``)
until a publisher publishes it on the review page, and a change to the public texts of a
published one waits in ``OwnIndicator.pending`` until then; the public keeps the reviewed
texts meanwhile."""

from __future__ import annotations

from collections.abc import Collection
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
    *, organisation: Organisation, user: Any, data: OwnIndicatorData, public: bool = False
) -> OwnIndicator:
    """Create the indicator (code ``own-<slug>-<n>``) and put it into the indicator set.

    Not public until reviewed (``own_indicators_publish``); ``public`` only for the
    operator's ``zielwerk import``, whose data goes public without review as well."""
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
            is_public=public,
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


def public_values(indicator: Indicator) -> dict[str, Any]:
    """The texts and links of an indicator the public sees (the shape of ``pending``)."""
    values: dict[str, Any] = {name: getattr(indicator, name) for name in METADATA_FIELDS}
    values["goal"] = indicator.goal.number
    values["targets"] = sorted(t.code for t in indicator.targets.all())
    return values


def proposed_values(own: OwnIndicator) -> dict[str, Any]:
    """What the editors last entered: the public values with the changes waiting for review."""
    return public_values(own.indicator) | own.pending


def _entered(data: OwnIndicatorData) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(data, name) for name in METADATA_FIELDS}
    values["goal"] = data.goal.number
    values["targets"] = sorted(t.code for t in data.targets)
    return values


def _apply(indicator: Indicator, values: dict[str, Any]) -> None:
    for name in METADATA_FIELDS:
        setattr(indicator, name, values[name])
    indicator.goal = Goal.objects.get(number=values["goal"])
    indicator.save()
    indicator.targets.set(Target.objects.filter(code__in=values["targets"]))


def _snapshot(own: OwnIndicator) -> dict[str, str]:
    values = {k: str(v) for k, v in proposed_values(own).items() if k != "targets"}
    values["targets"] = ", ".join(proposed_values(own)["targets"])
    values["source"] = own.source
    return values


def own_indicator_update(*, own: OwnIndicator, user: Any, data: OwnIndicatorData) -> list[str]:
    """Change the metadata; one audit entry per changed field. Returns the changed fields.

    A published indicator keeps its public texts: the change waits for review."""
    with transaction.atomic():
        own.indicator.refresh_from_db(fields=["is_public"])  # published meanwhile?
        before = _snapshot(own)
        indicator = own.indicator
        entered = _entered(data)
        if indicator.is_public:
            current = public_values(indicator)
            own.pending = {k: v for k, v in entered.items() if current[k] != v}
        else:
            _apply(indicator, entered)
        own.source = data.source
        own.save(update_fields=["source", "pending"])
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


def own_indicators_waiting(organisation: Organisation) -> list[OwnIndicator]:
    """The organisation's own indicators not yet public or with changes waiting for review."""
    found = OwnIndicator.objects.filter(organisation=organisation).select_related(
        "indicator", "indicator__goal"
    )
    return [o for o in found.order_by("number") if not o.indicator.is_public or o.pending]


def pending_changes(own: OwnIndicator) -> list[tuple[str, str, str]]:
    """(field, public value, value waiting for review) of each change waiting."""
    public = public_values(own.indicator)
    shown = {"targets": ", ".join}
    return [
        (name, shown.get(name, str)(public[name]), shown.get(name, str)(value))
        for name, value in own.pending.items()
    ]


def own_indicators_publish(
    *, organisation: Organisation, user: Any, codes: Collection[str] | None = None
) -> int:
    """Make the waiting own indicators (only ``codes``, if given) public with the texts last
    entered; one audit entry each. Returns how many were published."""
    published = 0
    with transaction.atomic():
        for own in own_indicators_waiting(organisation):
            indicator = own.indicator
            if codes is not None and indicator.code not in codes:
                continue
            if own.pending:
                _apply(indicator, proposed_values(own))
                own.pending = {}
                own.save(update_fields=["pending"])
            indicator.is_public = True
            indicator.save(update_fields=["is_public"])
            audit_record(
                organisation=organisation,
                user=user,
                action=AuditEntry.Action.INDICATOR_PUBLISHED,
                subject=indicator.code,
                new=indicator.title_de,
            )
            published += 1
    return published
