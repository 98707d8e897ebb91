"""``assessments_refresh``: compute and store every method's assessment after data changes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from django.db import transaction

from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.core.assessment import assess, build_panel, opensdg_indicators
from zielwerk.core.assessment.scope import scope_targets
from zielwerk.core.targets import TargetSpec, targets_frame
from zielwerk.regions.models import Region

from .. import council
from ..models import Assessment, Observation
from .exporting import observations_frame

# (stored method code, core method, Eurostat horizon)
SERIES_METHODS: tuple[tuple[str, str, int], ...] = (
    ("dns", "dns", 5),
    ("opensdg", "opensdg", 5),
    ("eurostat", "eurostat", 5),
    ("eurostat15", "eurostat", 15),
)
RESULT_KEYS = ("indicator", "region", "series", "method", "status", "score")


@dataclass
class RefreshSummary:
    indicators: int = 0
    stored: int = 0
    by_method: dict[str, int] = field(default_factory=dict)


TARGET_COLUMNS = (
    "indicator",
    "region",
    "series",
    "unit",
    "kind",
    "direction",
    "target_value",
    "target_year",
    "base_year",
    "limit",
)


def national_targets(indicators: Sequence[str] = ()) -> list[TargetSpec]:
    """The machine-readable DNS targets (the national ones), as core target specs.

    Each names its scope: Germany (``region``) and its unit (``extra["unit"]``).
    """
    queryset = DnsTarget.objects.select_related("indicator")
    if indicators:
        queryset = queryset.filter(indicator__code__in=indicators)
    return [t.to_spec(t.indicator.code) for t in queryset]


def council_targets(indicators: Sequence[str] = ()) -> list[TargetSpec]:
    """The newest published version of every council target of every organisation.

    A target without an explicit region applies to its organisation's region.
    """
    ids = None
    if indicators:
        ids = list(Indicator.objects.filter(code__in=indicators).values_list("pk", flat=True))
    latest = council.in_force(ids)  # registered by the workspace, which owns them
    specs = []
    for target in latest:
        region = target.region or target.organisation.region
        if region is None:
            continue
        spec = target.to_spec()
        specs.append(replace(spec, region=region.ars))
    return specs


def _targets_frame(specs: Sequence[TargetSpec]) -> pl.DataFrame:
    frame = targets_frame(specs).with_columns(
        unit=pl.Series([s.extra.get("unit", "") for s in specs], dtype=pl.String),
        reference=pl.Series([s.extra.get("reference", "") for s in specs], dtype=pl.String),
    )
    return frame.select(*TARGET_COLUMNS, "reference")


def _stored_series(codes: Sequence[str], regions: Sequence[str]) -> pl.DataFrame:
    """Every stored (indicator, region, series, unit) of these indicators and regions."""
    rows = (
        Observation.objects.filter(indicator__code__in=codes, region__ars__in=regions)
        .values_list("indicator__code", "region__ars", "series", "unit")
        .order_by()  # the model's ordering would otherwise join the DISTINCT
        .distinct()
    )
    schema = dict.fromkeys(("indicator", "region", "series", "unit"), pl.String)
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def scoped_targets(indicators: Sequence[str] = ()) -> pl.DataFrame:
    """National and council targets, one row per stored series each applies to.

    A national target assesses Germany's series in its unit; a council target its own
    region's series in its unit (``zielwerk.core.assessment.scope``).
    """
    specs = national_targets(indicators) + council_targets(indicators)
    if not specs:
        return pl.DataFrame(schema=dict.fromkeys((*TARGET_COLUMNS, "reference"), pl.String))
    targets = _targets_frame(specs)
    series = _stored_series(
        targets.get_column("indicator").unique().to_list(),
        targets.get_column("region").unique().to_list(),
    )
    return scope_targets(targets, series)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _rows(frame: pl.DataFrame, method: str, level: str, ids: dict[str, dict[str, int]]) -> list:
    components = [c for c in frame.columns if c not in RESULT_KEYS]
    objects = []
    for row in frame.iter_rows(named=True):
        objects.append(
            Assessment(
                indicator_id=ids["indicator"][row["indicator"]],
                region_id=ids["region"].get(row.get("region") or ""),
                series=row.get("series") or "",
                level=level,
                method=method,
                status=row["status"],
                score=_clean(row.get("score")),
                components={c: _clean(row[c]) for c in components},
            )
        )
    return objects


def assessments_refresh(*, indicators: Sequence[str] = ()) -> RefreshSummary:
    """Recompute the assessments of ``indicators`` (all when empty) and store them.

    Only series inside a target's scope are assessed (``scoped_targets``). Runs every
    series method over all those series at once (one polars computation per method), then
    replaces the stored results of those indicators in one transaction.
    """
    targets = scoped_targets(indicators)
    codes = sorted(set(targets.get_column("indicator").to_list()))
    summary = RefreshSummary(indicators=len(codes))
    objects: list[Assessment] = []
    if targets.height:
        keys = targets.select("indicator", "region", "series").unique()
        observations = observations_frame(
            indicators=codes, regions=keys.get_column("region").unique().to_list()
        ).join(keys, on=["indicator", "region", "series"], how="semi")
        panel = build_panel(observations.select("indicator", "region", "series", "year", "value"))
        ids = {
            "indicator": dict(Indicator.objects.filter(code__in=codes).values_list("code", "id")),
            "region": dict(
                Region.objects.filter(
                    ars__in=keys.get_column("region").unique().to_list()
                ).values_list("ars", "id")
            ),
        }
        for stored, method, horizon in SERIES_METHODS:
            result = assess(method, panel, targets, horizon=horizon)  # type: ignore[arg-type]
            objects += _rows(result, stored, Assessment.Level.SERIES, ids)
            summary.by_method[stored] = result.height
            if method == "opensdg":
                level = opensdg_indicators(result).with_columns(method=pl.lit("opensdg"))
                objects += _rows(level, stored, Assessment.Level.INDICATOR, ids)
    with transaction.atomic():
        stale = Assessment.objects.all()
        if indicators:
            stale = stale.filter(indicator__code__in=indicators)
        stale.delete()
        Assessment.objects.bulk_create(objects, batch_size=2000)
    summary.stored = len(objects)
    return summary


def series_targets(indicators: Sequence[str]) -> pl.DataFrame:
    """The targets of each stored series in scope, one row per series, as text attributes:
    ``indicator, region, series, TARGET_VALUE, TARGET_YEAR, TARGET_SOURCE`` (several targets
    of one series joined by ``;``), for the SDMX exports."""
    scoped = scoped_targets(indicators)
    keys = ["indicator", "region", "series"]
    if scoped.is_empty():
        return pl.DataFrame(schema=dict.fromkeys((*keys, *SDMX_TARGET_ATTRIBUTES), pl.String))
    value = pl.col("target_value").round(6).cast(pl.String).fill_null(pl.col("kind"))
    return (
        scoped.sort(*keys, "target_year", nulls_last=True)
        .group_by(keys, maintain_order=True)
        .agg(
            TARGET_VALUE=value.str.join("; "),
            TARGET_YEAR=pl.col("target_year").cast(pl.String).fill_null("").str.join("; "),
            TARGET_SOURCE=pl.col("reference").unique(maintain_order=True).str.join("; "),
        )
    )


SDMX_TARGET_ATTRIBUTES = ("TARGET_VALUE", "TARGET_YEAR", "TARGET_SOURCE")


@dataclass
class RepairSummary:
    missing: list[str] = field(default_factory=list)  # indicators with series not assessed
    stale: list[str] = field(default_factory=list)  # data or targets newer than the results
    refreshed: RefreshSummary | None = None


def assessments_repair() -> RepairSummary:
    """Find indicators whose stored assessments are missing or older than their data or
    targets (e.g. after a process was killed between an import and its refresh) and
    recompute exactly those. Idempotent: a second run finds nothing to do."""
    from django.db.models import Max, Min

    summary = RepairSummary()
    expected = scoped_targets().select("indicator", "region", "series").unique()
    stored = set(
        Assessment.objects.filter(method="dns", level=Assessment.Level.SERIES)
        .values_list("indicator__code", "region__ars", "series")
        .distinct()
        .order_by()
    )
    summary.missing = sorted({i for i, r, s in expected.iter_rows() if (i, r, s) not in stored})
    computed = dict(
        Assessment.objects.values("indicator__code")
        .annotate(at=Min("computed_at"))
        .values_list("indicator__code", "at")
        .order_by()
    )
    changed = dict(
        Observation.objects.filter(indicator__code__in=list(computed))
        .values("indicator__code")
        .annotate(at=Max("import_run__started_at"))
        .values_list("indicator__code", "at")
        .order_by()
    )
    published = council.last_published()
    summary.stale = sorted(
        code
        for code, at in computed.items()
        if (changed.get(code) and changed[code] > at)
        or (published.get(code) and published[code] > at)
    )
    todo = sorted(set(summary.missing) | set(summary.stale))
    if todo:
        summary.refreshed = assessments_refresh(indicators=todo)
    return summary
