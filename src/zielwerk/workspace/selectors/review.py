"""The review page and the publish confirmation: drafts grouped by indicator, published values
beside them, plausibility warnings (``zielwerk.core.plausibility``) and a preview chart."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.catalogue.units import unit_label
from zielwerk.core.charts import ChartText, series_chart
from zielwerk.core.plausibility import plausibility_warnings
from zielwerk.core.review_chart import draft_chart
from zielwerk.monitoring.models import Observation
from zielwerk.portal.rendering import chart_svg
from zielwerk.portal.texts import chart_numbers, number, series_label

from ..models import OrganisationTarget, OwnIndicator, StagedObservation
from ..services.own_indicators import own_indicators_waiting, pending_changes

# Charts per indicator on the review page (one per region and series); the table has all.
MAX_CHARTS = 4


@dataclass
class ReviewLine:
    draft: StagedObservation
    published: float | None
    warnings: list[str] = field(default_factory=list)

    @property
    def series(self) -> str:
        return series_label(self.draft.series)


@dataclass
class ReviewChart:
    title: str
    svg: SafeString


@dataclass
class ReviewGroup:
    indicator: Indicator
    lines: list[ReviewLine] = field(default_factory=list)
    targets: list[OrganisationTarget] = field(default_factory=list)
    own: OwnIndicator | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    charts: list[ReviewChart] = field(default_factory=list)
    more_charts: int = 0

    @property
    def warnings(self) -> int:
        return sum(len(line.warnings) for line in self.lines)

    @property
    def regions(self) -> list[str]:
        return sorted({line.draft.region.name for line in self.lines})

    @property
    def units(self) -> list[str]:
        return sorted({line.draft.unit for line in self.lines})

    @property
    def own_becomes_public(self) -> bool:
        return self.own is not None and not self.indicator.is_public


def _warning_text(row: dict[str, Any], unit: str) -> str:
    if row["check"] == "jump":
        params = {
            "previous": number(row["previous"]),
            "year": row["previous_year"],
            "usual": number(row["usual"]),
        }
        if row["usual"] is None:
            return _("Sprung: mehr als 50 %% Änderung gegenüber %(previous)s (%(year)s).") % params
        return (
            _(
                "Sprung: mehr als das Dreifache der üblichen Änderung (%(usual)s je Jahr) "
                "gegenüber %(previous)s (%(year)s)."
            )
            % params
        )
    if row["check"] == "limit":
        if row["upper"] is None:
            return _("Unter der natürlichen Grenze %(lower)s (%(unit)s).") % {
                "lower": number(row["lower"], trim=True),
                "unit": unit_label(unit),
            }
        return _("Außerhalb der natürlichen Grenzen %(lower)s bis %(upper)s (%(unit)s).") % {
            "lower": number(row["lower"], trim=True),
            "upper": number(row["upper"], trim=True),
            "unit": unit_label(unit),
        }
    return _("Andere Einheit als die veröffentlichten Werte (bisher: %(unit)s).") % {
        "unit": unit_label(row["published_unit"] or "") or "–"
    }


def _published(drafts: list[StagedObservation]) -> list[tuple[Any, ...]]:
    return list(
        Observation.objects.filter(
            indicator_id__in={d.indicator_id for d in drafts},
            region_id__in={d.region_id for d in drafts},
        ).values_list("indicator_id", "region_id", "series", "year", "value", "unit")
    )


def _warnings(
    drafts: list[StagedObservation], published: list[tuple[Any, ...]]
) -> dict[int, list[str]]:
    key = {"indicator": pl.String, "region": pl.String, "series": pl.String}
    frame = pl.DataFrame(
        [
            (d.pk, str(d.indicator_id), str(d.region_id), d.series, d.year, d.value, d.unit)
            for d in drafts
        ],
        schema={"id": pl.Int64, **key, "year": pl.Int32, "value": pl.Float64, "unit": pl.String},
        orient="row",
    )
    old = pl.DataFrame(
        [(str(i), str(r), s, y, v, u) for i, r, s, y, v, u in published],
        schema={**key, "year": pl.Int32, "value": pl.Float64, "unit": pl.String},
        orient="row",
    )
    units = {d.pk: d.unit for d in drafts}
    found: dict[int, list[str]] = defaultdict(list)
    for row in plausibility_warnings(frame, old).iter_rows(named=True):
        found[row["id"]].append(_warning_text(row, units[row["id"]]))
    return found


def _charts(group: ReviewGroup, published: list[tuple[Any, ...]]) -> None:
    by_series: dict[tuple[int, str], list[ReviewLine]] = defaultdict(list)
    for line in group.lines:
        by_series[(line.draft.region_id, line.draft.series)].append(line)
    keys = list(by_series)
    group.more_charts = max(0, len(keys) - MAX_CHARTS)
    indicator = group.indicator
    for region_id, series in keys[:MAX_CHARTS]:
        lines = by_series[(region_id, series)]
        old = [
            (y, v, False)
            for i, r, s, y, v, _u in published
            if (i, r, s) == (indicator.pk, region_id, series)
        ]
        new = [(line.draft.year, line.draft.value, True) for line in lines]
        frame = pl.DataFrame(
            old + new,
            schema={"year": pl.Int32, "value": pl.Float64, "draft": pl.Boolean},
            orient="row",
        )
        region = lines[0].draft.region.name
        title = f"{region} · {series_label(series)}"
        description = _(
            "Diagramm: bisher veröffentlichte Werte und Entwurfswerte von %(code)s, %(region)s, "
            "%(series)s. Alle Werte stehen in der Tabelle darunter."
        ) % {"code": indicator.code, "region": region, "series": series_label(series)}
        text = ChartText(
            title=title[:120],
            description=description,
            x=_("Jahr"),
            y=unit_label(lines[0].draft.unit),
            value=_("Wert"),
        )
        spec = draft_chart(
            frame,
            text=text,
            published=_("veröffentlicht"),
            draft=_("Entwurf"),
            numbers=chart_numbers(),
        )
        svg = chart_svg(spec)
        group.charts.append(ReviewChart(title, mark_safe(svg)))  # noqa: S308 - vl-convert output


def review_groups(
    *, organisation: Organisation, indicator: str | None = None, charts: bool = True
) -> list[ReviewGroup]:
    """Everything waiting for review, grouped by indicator (catalogue order): draft values with
    the published value and warnings, draft targets, own indicators waiting. ``indicator``
    (a code) keeps one group; ``charts`` adds the preview charts."""
    drafts = StagedObservation.objects.filter(organisation=organisation)
    targets = OrganisationTarget.objects.filter(
        organisation=organisation, published_at__isnull=True
    )
    if indicator is not None:
        drafts, targets = (
            drafts.filter(indicator__code=indicator),
            targets.filter(indicator__code=indicator),
        )
    draft_list = list(
        drafts.select_related("indicator", "region", "created_by").order_by(
            "indicator__sort_key", "region__name", "series", "year"
        )
    )
    published = _published(draft_list)
    values = {(i, r, s, y): v for i, r, s, y, v, _u in published}
    warnings = _warnings(draft_list, published) if draft_list else {}
    groups: dict[int, ReviewGroup] = {}
    for d in draft_list:
        group = groups.setdefault(d.indicator_id, ReviewGroup(d.indicator))
        key = (d.indicator_id, d.region_id, d.series, d.year)
        group.lines.append(ReviewLine(d, values.get(key), warnings.get(d.pk, [])))
    for target in targets.select_related("indicator", "created_by").order_by("version"):
        groups.setdefault(target.indicator_id, ReviewGroup(target.indicator)).targets.append(target)
    for own in own_indicators_waiting(organisation):
        if indicator is not None and own.indicator.code != indicator:
            continue
        group = groups.setdefault(own.indicator_id, ReviewGroup(own.indicator))
        group.own, group.indicator = own, own.indicator
        group.changes = pending_changes(own)
    ordered = sorted(groups.values(), key=lambda g: (g.indicator.sort_key, g.indicator.code))
    if charts:
        for group in ordered:
            if group.lines:
                _charts(group, published)
    return ordered


@dataclass
class PreviewSeries:
    """One region and series as the public indicator page would show it after publishing."""

    region: str
    series: str
    unit: str
    rows: list[tuple[int, float, bool]]  # year, value, whether it comes from a draft
    svg: SafeString


def public_preview(group: ReviewGroup) -> list[PreviewSeries]:
    """The indicator's series with the drafts applied, charted with the portal's own chart
    (``series_chart``, the same words as the public page)."""
    indicator = group.indicator
    by_series: dict[tuple[int, str], list[ReviewLine]] = defaultdict(list)
    for line in group.lines:
        by_series[(line.draft.region_id, line.draft.series)].append(line)
    published = _published([line.draft for line in group.lines])
    shown = []
    for (region_id, series), lines in list(by_series.items())[:MAX_CHARTS]:
        merged = {
            y: (v, False)
            for i, r, s, y, v, _u in published
            if (i, r, s) == (indicator.pk, region_id, series)
        }
        merged.update({line.draft.year: (line.draft.value, True) for line in lines})
        rows = [(y, v, d) for y, (v, d) in sorted(merged.items())]
        region, unit = lines[0].draft.region.name, lines[0].draft.unit
        frame = pl.DataFrame(
            {
                "year": [r[0] for r in rows],
                "label": [""] * len(rows),
                "value": [r[1] for r in rows],
                "flags": [""] * len(rows),
            },
            schema={"year": pl.Int32, "label": pl.String, "value": pl.Float64, "flags": pl.String},
        )
        description = _(
            "Vorschau des Diagramms: %(title)s, %(series)s, %(region)s, %(first)s bis %(last)s, "
            "mit den Entwurfswerten. Alle Werte stehen in der Tabelle unter dem Diagramm."
        ) % {
            "title": indicator.title,
            "series": series_label(series),
            "region": region,
            "first": rows[0][0],
            "last": rows[-1][0],
        }
        text = ChartText(
            title=f"{indicator.code} {indicator.title}"[:120],
            description=description,
            x=_("Jahr"),
            y=unit_label(unit),
            value=_("Wert"),
            target=_("Ziel"),
        )
        spec = series_chart(frame, text=text, numbers=chart_numbers())
        svg = mark_safe(chart_svg(spec))  # noqa: S308 - vl-convert output
        shown.append(PreviewSeries(region, series_label(series), unit, rows, svg))
    return shown
