"""Publishing drafts: staged values go through the monitoring import service (so they get
an ``ImportRun`` with who, when and source), draft targets become the valid versions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from zielwerk.accounts.models import Organisation
from zielwerk.core.observations import Problem
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import assessments_refresh
from zielwerk.monitoring.services.importing import observations_import_frame

from ..models import AuditEntry, OrganisationTarget, StagedObservation
from .audit import audit_record
from .drafts import drafts_lock
from .own_indicators import own_indicators_publish
from .targets import target_summary


class PublishError(Exception):
    """The import service refused the drafts (e.g. a unit differs from published data)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class PublishResult:
    observations: int = 0
    targets: int = 0
    indicators: int = 0
    import_runs: list[int] = field(default_factory=list)
    # With ``refresh=False``: the indicators whose assessments and peer standings are stale.
    stale: set[str] = field(default_factory=set)


def _frame(drafts: list[StagedObservation]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [d.indicator.code for d in drafts],
            "region": [d.region.ars for d in drafts],
            "series": [d.series for d in drafts],
            "year": [d.year for d in drafts],
            "value": [d.value for d in drafts],
            "unit": [d.unit for d in drafts],
            "flags": [d.flags for d in drafts],
        },
        schema={
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "unit": pl.String,
            "flags": pl.String,
        },
    )


def _published_before(drafts: list[StagedObservation]) -> dict[tuple[int, int, str, int], str]:
    found = Observation.objects.filter(
        indicator_id__in={d.indicator_id for d in drafts},
        region_id__in={d.region_id for d in drafts},
    ).values_list("indicator_id", "region_id", "series", "year", "value", "flags")
    return {(i, r, s, y): f"{v:g}" + (f" {f}" if f else "") for i, r, s, y, v, f in found}


def _publish_group(
    organisation: Organisation,
    user: Any,
    source: str,
    drafts: list[StagedObservation],
    stale: set[str] | None = None,
) -> int:
    before = _published_before(drafts)
    # The drafts go in as a frame: no file in between, no text changed on the way.
    summary = observations_import_frame(
        frame=_frame(drafts),
        name=f"arbeitsbereich-{organisation.slug}",
        source=source,
        actor=f"Arbeitsbereich {organisation.slug}",
        user=user,
        refresh=stale is None,
    )
    if not summary.ok or summary.import_run_id is None:
        raise PublishError(summary.problems)
    if stale is not None and (summary.created or summary.revised):
        stale.update(d.indicator.code for d in drafts)
    for d in drafts:
        key = (d.indicator_id, d.region_id, d.series, d.year)
        AuditEntry.objects.create(
            organisation=organisation,
            user=user,
            action=AuditEntry.Action.OBSERVATION_PUBLISHED,
            subject=" · ".join(
                p for p in (d.indicator.code, d.region.ars, d.series, str(d.year)) if p
            ),
            old_value=before.get(key, ""),
            new_value=f"{d.value:g}" + (f" {d.flags}" if d.flags else ""),
            source=source,
            import_run_id=summary.import_run_id,
        )
    return summary.import_run_id


def _chosen_drafts(
    organisation: Organisation,
    keys: Collection[tuple[int, int, str, int]] | None,
    indicator: str | None = None,
) -> list[StagedObservation]:
    drafts = StagedObservation.objects.filter(organisation=organisation)
    if indicator is not None:
        drafts = drafts.filter(indicator__code=indicator)
    wanted = set(keys or ())
    if keys is not None:
        drafts = drafts.filter(
            indicator_id__in={k[0] for k in wanted}, region_id__in={k[1] for k in wanted}
        )
    found = drafts.select_related("indicator", "region").order_by(
        "source", "indicator__code", "region__ars", "series", "year"
    )
    if keys is None:
        return list(found)
    return [d for d in found if (d.indicator_id, d.region_id, d.series, d.year) in wanted]


def _own_codes(
    drafts: list[StagedObservation],
    observations: Collection[tuple[int, int, str, int]] | None,
    indicator: str | None,
) -> set[str] | None:
    """Which waiting own indicators to publish: all (None), those of the chosen values, or
    the one indicator."""
    if observations is not None:
        codes = {d.indicator.code for d in drafts}
        return codes & {indicator} if indicator is not None else codes
    return None if indicator is None else {indicator}


def drafts_publish(
    *,
    organisation: Organisation,
    user: Any,
    observations: Collection[tuple[int, int, str, int]] | None = None,
    targets: Collection[int] | None = None,
    indicator: str | None = None,
    refresh: bool = True,
) -> PublishResult:
    """Publish drafts of the organisation in one transaction: all or nothing.

    Without a selection every draft value and target is published (the review page).
    ``observations`` (keys: indicator id, region id, series, year) and ``targets`` (ids)
    restrict it to exactly those drafts: the API publishes what one request wrote.
    Own indicators waiting for review are published with them (all of them from the review
    page; with a selection, those the chosen values belong to).
    ``indicator`` (a code) publishes only that indicator's drafts: its values, its draft
    targets and, if it is an own indicator waiting for review, its texts.
    ``refresh=False`` leaves recomputing the assessments to the caller (the web view runs
    ``assessment_jobs.assessments_refresh_job`` as a background job): ``result.stale``."""
    result = PublishResult()
    published_codes: set[str] = set()
    with transaction.atomic():
        drafts_lock(organisation)  # no draft changes between reading and deleting them
        drafts = _chosen_drafts(organisation, observations, indicator)
        for source, group in groupby(drafts, key=lambda d: d.source):
            rows = list(group)
            result.import_runs.append(
                _publish_group(
                    organisation,
                    user,
                    source or "Arbeitsbereich",
                    rows,
                    None if refresh else result.stale,
                )
            )
            result.observations += len(rows)
        StagedObservation.objects.filter(pk__in=[d.pk for d in drafts]).delete()
        result.indicators = own_indicators_publish(
            organisation=organisation,
            user=user,
            codes=_own_codes(drafts, observations, indicator),
        )
        draft_targets = OrganisationTarget.objects.filter(
            organisation=organisation, published_at__isnull=True
        ).select_related("indicator")
        if targets is not None:
            draft_targets = draft_targets.filter(pk__in=list(targets))
        if indicator is not None:
            draft_targets = draft_targets.filter(indicator__code=indicator)
        for target in draft_targets:
            target.published_at, target.published_by = timezone.now(), user
            target.save(update_fields=["published_at", "published_by"])
            audit_record(
                organisation=organisation,
                user=user,
                action=AuditEntry.Action.TARGET_PUBLISHED,
                subject=f"{target.indicator.code} v{target.version}",
                new=target_summary(target),
            )
            result.targets += 1
            published_codes.add(target.indicator.code)
        if published_codes and not refresh:
            result.stale |= published_codes
        elif published_codes:
            # A council target in force changes its region's assessments at once.
            assessments_refresh(indicators=sorted(published_codes))
    return result
