"""Targets adopted by the council: versioned, never overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.regions.models import Region

from ..models import AuditEntry, OrganisationTarget
from .audit import audit_record
from .uploads import CellProblem


@dataclass(frozen=True)
class TargetData:
    kind: str
    decision_date: date
    decision_reference: str
    direction: str = ""
    target_value: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    limit: float | None = None
    decision_link: str = ""
    note: str = ""
    series: str = ""
    unit: str = ""
    region: Region | None = None


def target_summary(target: OrganisationTarget | TargetData) -> str:
    """A short language-neutral line for the audit trail."""
    parts = [target.kind]
    if target.direction:
        parts.append(target.direction)
    if target.target_value is not None:
        parts.append(f"{target.target_value:g}")
    if target.target_year is not None:
        parts.append(str(target.target_year))
    if target.base_year is not None:
        parts.append(f"base {target.base_year}")
    if target.limit is not None:
        parts.append(f"limit {target.limit:g}")
    parts.append(f"{target.decision_reference} ({target.decision_date.isoformat()})")
    return " · ".join(parts)


def target_lineage(
    organisation: Organisation, indicator: Indicator, region: Region | None, series: str
) -> Any:
    """All versions of one target (same indicator, region and series), newest first."""
    return OrganisationTarget.objects.filter(
        organisation=organisation, indicator=indicator, region=region, series=series
    ).order_by("-version")


def organisation_target_create(
    *,
    organisation: Organisation,
    user: Any,
    indicator: Indicator,
    data: TargetData,
    via: str = "",
) -> OrganisationTarget:
    """Add a new version of the target (a draft until published).

    ``via`` names how the change came in when not through the web form (e.g. the API token);
    the audit trail shows it before the council decision."""
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        lineage = target_lineage(organisation, indicator, data.region, data.series)
        previous = lineage.first()
        number = (lineage.aggregate(n=Max("version"))["n"] or 0) + 1
        target = OrganisationTarget.objects.create(
            organisation=organisation,
            indicator=indicator,
            region=data.region,
            series=data.series,
            unit=data.unit,
            version=number,
            kind=data.kind,
            direction=data.direction,
            target_value=data.target_value,
            target_year=data.target_year,
            base_year=data.base_year,
            limit=data.limit,
            decision_date=data.decision_date,
            decision_reference=data.decision_reference,
            decision_link=data.decision_link,
            note=data.note,
            created_by=user,
        )
        audit_record(
            organisation=organisation,
            user=user,
            action=AuditEntry.Action.TARGET_CREATED,
            subject=f"{indicator.code} v{number}" + (f" [{data.series}]" if data.series else ""),
            old=target_summary(previous) if previous else "",
            new=target_summary(target),
            source=" · ".join(p for p in (via, data.decision_link or data.decision_reference) if p),
        )
    return target


def target_check(
    *,
    organisation: Organisation,
    indicator_code: str,
    region_code: str | None,
    values: dict[str, Any],
) -> tuple[list[CellProblem], dict[str, Any]]:
    """Check a target from outside the web form (the API) exactly as the workspace's target
    form does, plus that the indicator is in the organisation's set and the region in its
    area. Returns every problem, and the cleaned values (``indicator``, ``region`` and the
    ``TargetData`` fields) when there is none. A missing unit is the indicator's unit."""
    from ..forms import TargetForm
    from ..scope import area_regions, selected_indicators

    problems: list[CellProblem] = []

    def add(field: str, value: Any, reason: str) -> None:
        text = "" if value is None else str(value)
        problems.append(CellProblem(f"{field}: {reason}", reason, None, field, text))

    indicator = selected_indicators(organisation).filter(code=indicator_code).first()
    if indicator is None:
        add("indicator", indicator_code, _("Dieser Indikator gehört nicht zum Indikatorenset."))
    region = None
    if region_code:
        region = Region.objects.filter(Q(ars=region_code) | Q(ags=region_code)).first()
        if region is None or not area_regions(organisation).filter(pk=region.pk).exists():
            add("region", region_code, _("Region liegt nicht im Gebiet Ihrer Organisation"))
    raw = dict(values)
    if raw.get("unit") is None and indicator is not None:
        raw["unit"] = indicator.unit
    form = TargetForm({k: "" if v is None else str(v) for k, v in raw.items()})
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                add(field, raw.get(field), str(error))
    cleaned = {**form.cleaned_data, "region": region, "indicator": indicator}
    return problems, cleaned
