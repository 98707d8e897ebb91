"""Choosing the organisation's indicator set from the kit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from zielwerk.accounts.models import Organisation

from ..models import AuditEntry, IndicatorSelection
from ..scope import kit_indicators
from .audit import audit_record


def indicator_selection_set(
    *, organisation: Organisation, user: Any, shown: Iterable[int], chosen: Iterable[int]
) -> tuple[int, int]:
    """Of the ``shown`` indicators, exactly the ``chosen`` ones are in the set afterwards.

    Ids outside the kit (e.g. another organisation's own indicators) are ignored. Returns
    (added, removed).
    """
    allowed = kit_indicators(organisation)
    shown_ids = set(allowed.filter(pk__in=set(shown)).values_list("pk", flat=True))
    chosen_ids = set(chosen) & shown_ids
    with transaction.atomic():
        current = set(
            IndicatorSelection.objects.filter(
                organisation=organisation, indicator_id__in=shown_ids
            ).values_list("indicator_id", flat=True)
        )
        added, removed = chosen_ids - current, (shown_ids - chosen_ids) & current
        IndicatorSelection.objects.bulk_create(
            [IndicatorSelection(organisation=organisation, indicator_id=i) for i in added]
        )
        IndicatorSelection.objects.filter(
            organisation=organisation, indicator_id__in=removed
        ).delete()
        codes = dict(allowed.filter(pk__in=added | removed).values_list("pk", "code"))
        for pk in sorted(added):
            audit_record(
                organisation=organisation,
                user=user,
                action=AuditEntry.Action.SELECTION_ADDED,
                subject=codes[pk],
            )
        for pk in sorted(removed):
            audit_record(
                organisation=organisation,
                user=user,
                action=AuditEntry.Action.SELECTION_REMOVED,
                subject=codes[pk],
            )
    return len(added), len(removed)
