"""What a report shows, gathered in a fixed number of queries (not per indicator) and worded
in the report's language (the caller activates it).

Per indicator: the comparison chart of the portal (the region against its Kreis, Land and
Germany over the peer group's band; ``core.comparison_chart``) with the council target drawn
in, the latest years as a compact table, the status against the council target with its
plain-language explanation, the five-year trend, the standing among peers and the sources.
"""

from __future__ import annotations

import base64
import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.catalogue.units import unit_label
from zielwerk.core import bnk, markup
from zielwerk.core.charts import ACCENT
from zielwerk.core.comparison_chart import ComparisonText, comparison_chart
from zielwerk.monitoring.models import Assessment, Observation, PeerBand
from zielwerk.monitoring.selectors import latest_rows, observations_of
from zielwerk.monitoring.services.municipal import MUNICIPAL_DIR
from zielwerk.monitoring.status import LABELS, explain
from zielwerk.portal import interlinkages as links_of
from zielwerk.portal.comparison import comparison_regions, peer_type_label
from zielwerk.portal.profile import TREND_LABELS, municipal_profile
from zielwerk.portal.rendering import chart_png, chart_svg, data_version
from zielwerk.portal.texts import chart_numbers, number
from zielwerk.regions.models import Region
from zielwerk.workspace.models import OrganisationTarget

from .models import Report, ReportText

TABLE_YEARS = 6
"""Years in an indicator's compact table (the latest ones of the report's period)."""

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class TargetLine:
    value: float | None
    year: int | None
    text: str
    decision: str
    link: str


@dataclass(frozen=True, order=True)
class Source:
    """A data source as recorded with the observations, in its provider's words; ``lang``
    their language where known (the bundled sources, ``data/municipal/sources.csv``), so that
    an English report marks a German attribution as German."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


@functools.cache
def _attribution_languages() -> tuple[tuple[str, str], ...]:
    with (MUNICIPAL_DIR / "sources.csv").open(encoding="utf-8") as handle:
        rows = [(r["attribution"], r.get("lang") or "") for r in csv.DictReader(handle)]
    return tuple((a, lang) for a, lang in rows if a and lang)


def source_of(text: str) -> Source:
    for attribution, lang in _attribution_languages():
        if attribution in text:
            return Source(text, lang)
    return Source(text)


@dataclass
class IndicatorSection:
    code: str
    title: str
    definition: str
    unit: str
    latest: str
    chart_svg: str
    chart_png: bytes
    chart_alt: str
    columns: list[str]
    rows: list[list[str]]
    target: TargetLine | None
    statuses: list[tuple[str, str]]  # (label, plain-language explanation)
    trend: str
    standing: str
    sources: list[Source]

    @property
    def chart_uri(self) -> str:
        """The chart as an SVG image address (an ``<img>`` with ``alt`` in HTML and PDF)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.chart_svg.encode()).decode()


@dataclass
class Chapter:
    key: str
    heading: str
    text: list[markup.Block]
    sections: list[IndicatorSection] = field(default_factory=list)

    @property
    def text_html(self) -> str:
        return markup.to_html(self.text)


LINK_ROWS = 30
"""Synergies and trade-offs listed per view in the report (the strongest; all on the portal)."""


@dataclass(frozen=True)
class Figure:
    svg: str
    png: bytes
    alt: str

    @property
    def uri(self) -> str:
        """As PNG (rendered by vl-convert): WeasyPrint draws SVG text in its own, wider font,
        which cut off the labels of the matrix."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class LinkView:
    title: str
    summary: str
    figures: list[Figure]
    rows: list[Any]
    shown_note: str


@dataclass
class Links:
    views: list[LinkView]
    caution: str


@dataclass
class ReportContent:
    title: str
    region: str
    region_kind: str
    subtitle: str
    language: str
    layout: str
    made_on: str
    data_version: str
    logo_uri: str
    logo_alt: str
    foreword: list[markup.Block]
    imprint: list[markup.Block]
    chapters: list[Chapter]
    sources: list[Source]
    indicator_count: int
    peer_group: str
    links: Links | None = None
    steps: int = 0  # the progress total (``build`` counted its own steps and the caller's)

    @property
    def foreword_html(self) -> str:
        return markup.to_html(self.foreword)

    @property
    def imprint_html(self) -> str:
        return markup.to_html(self.imprint)


def text_keys(report: Report) -> list[tuple[str, str]]:
    """The report's texts as (key, heading) in reading order: foreword, one per chapter,
    imprint."""
    keys = [("foreword", _("Vorwort"))]
    if report.layout == Report.Layout.BNK:
        english = report.language == "en"
        keys += [
            (f"bnk-{c.number}", f"{c.number} {c.name_en if english else c.name_de}")
            for c in bnk.CRITERIA
        ]
    else:
        goals = Goal.objects.filter(number__in=_goal_numbers(report)).order_by("number")
        keys += [(f"goal-{g.number}", f"{_('Ziel')} {g.number}: {g.short}") for g in goals]
    keys.append(("imprint", _("Impressum")))
    return keys


def _goal_numbers(report: Report) -> list[int]:
    return sorted(report.goals) if report.goals else list(range(1, 18))


def current_texts(report: Report, *, published_only: bool = False) -> dict[str, str]:
    """The newest version of every text (published ones only, if asked)."""
    found = ReportText.objects.filter(report=report)
    if published_only:
        found = found.exclude(published_at=None)
    newest: dict[str, str] = {}
    for key, text in found.order_by("key", "-version").values_list("key", "text"):
        newest.setdefault(key, text)
    return newest


def report_indicators(report: Report, region: Region) -> list[Indicator]:
    """The chosen indicators, else every indicator with data for the region in the chosen
    goals; kit indicators first, then in catalogue order."""
    chosen = list(report.indicators.select_related("goal").prefetch_related("targets"))
    if not chosen:
        with_data = (
            Observation.objects.filter(region=region)
            .values_list("indicator_id", flat=True)
            .distinct()
            .order_by()
        )
        chosen = list(
            Indicator.objects.public()
            .filter(pk__in=with_data, goal__number__in=_goal_numbers(report))
            .select_related("goal")
            .prefetch_related("targets")
        )
    return sorted(chosen, key=lambda i: (i.goal.number, i.framework != "kom", i.sort_key))


def build(
    report: Report,
    *,
    texts: dict[str, str],
    progress: Progress | None = None,
    steps_after: int = 0,
) -> ReportContent:
    """The whole content of the report (call with the report's language active).
    ``steps_after``: steps the caller reports afterwards (counted in the total from the
    start, so that the progress bar only moves forward)."""
    step = progress or (lambda done, total, message: None)
    region = report.organisation.region
    if region is None:
        raise ValueError(_("Die Organisation hat keine Region: ein Bericht braucht eine Kommune."))
    indicators = report_indicators(report, region)
    total = len(indicators) + 2 + steps_after
    step(0, total, _("Daten werden gelesen"))
    facts = _Facts(report, region, indicators)
    chapters = {
        key: Chapter(key, heading, markup.parse(texts.get(key, "")))
        for key, heading in text_keys(report)
        if key not in ("foreword", "imprint")
    }
    sources: set[Source] = set()
    for done, indicator in enumerate(indicators, start=1):
        section = facts.section(indicator)
        if section is None:
            continue
        sources.update(section.sources)
        chapters[_chapter_key(report, indicator)].sections.append(section)
        step(done, total, _("Indikator %(code)s") % {"code": indicator.code})
    step(len(indicators) + 1, total, _("Synergien und Zielkonflikte"))
    return ReportContent(
        steps=total,
        links=_links(region),
        title=report.title,
        region=region.name,
        region_kind=region.kind,
        subtitle=_("Berichtszeitraum %(start)s bis %(end)s")
        % {"start": report.year_from, "end": report.year_to},
        language=report.language,
        layout=report.layout,
        made_on=formats.date_format(date.today(), "DATE_FORMAT"),
        data_version=data_version(),
        logo_uri=(
            "data:image/png;base64," + base64.b64encode(bytes(report.logo)).decode()
            if report.logo
            else ""
        ),
        logo_alt=report.logo_alt,
        foreword=markup.parse(texts.get("foreword", "")),
        imprint=markup.parse(texts.get("imprint", "")),
        chapters=list(chapters.values()),
        sources=sorted(sources),
        indicator_count=sum(len(c.sections) for c in chapters.values()),
        peer_group=peer_type_label(region.peer_type),
    )


def _chapter_key(report: Report, indicator: Indicator) -> str:
    if report.layout == Report.Layout.BNK:
        targets = [t.code for t in indicator.targets.all()]
        return "bnk-" + bnk.criterion_of(goal=indicator.goal.number, targets=targets)
    return f"goal-{indicator.goal.number}"


class _Facts:
    """Everything the indicator sections need, read at once for all indicators."""

    def __init__(self, report: Report, region: Region, indicators: list[Indicator]) -> None:
        self.report = report
        self.region = region
        self.compared = comparison_regions(region)
        ids = [i.pk for i in indicators]
        period = (pl.col("year") >= report.year_from) & (pl.col("year") <= report.year_to)
        own = observations_of([region.pk], ids)
        self.latest = {
            row["indicator"]: row for row in latest_rows(own.filter(period)).iter_rows(named=True)
        }
        self.lines = observations_of([r.pk for r in self.compared], ids).filter(period)
        self.sources = _sources(region, ids)
        self.bands = _bands(ids, region.peer_type)
        self.targets = _targets(report, region, ids)
        self.assessments = _assessments(region, ids)
        profile = municipal_profile(region=region)
        self.rows = {row.indicator.pk: row for goal in profile.goals for row in goal.rows}

    def section(self, indicator: Indicator) -> IndicatorSection | None:
        latest = self.latest.get(indicator.pk)
        if latest is None:
            return None
        series, unit = latest["series"], latest["unit"]
        names = {
            r.pk: f"{r.name} ({r.kind})"
            if r.pk != self.region.pk and r.level == "kreis"
            else r.name
            for r in self.compared
        }
        lines = self.lines.filter(
            (pl.col("indicator") == indicator.pk)
            & (pl.col("series") == series)
            & (pl.col("unit") == unit)
        ).with_columns(name=pl.col("region").replace_strict(names, return_dtype=pl.String))
        band = self.bands.filter(
            (pl.col("indicator") == indicator.pk)
            & (pl.col("series") == series)
            & (pl.col("year") >= self.report.year_from)
            & (pl.col("year") <= self.report.year_to)
        )
        present = set(lines.get_column("region").to_list())
        order = [names[r.pk] for r in self.compared if r.pk in present]
        target = self.targets.get((indicator.pk, series, unit)) or self.targets.get(
            (indicator.pk, series, "")
        )
        spec = self._chart(indicator, lines, band, order, unit, target)
        profile_row = self.rows.get(indicator.pk)
        columns, rows = _table(lines, band, order)
        return IndicatorSection(
            code=indicator.code,
            title=indicator.title,
            definition=indicator.definition,
            unit=unit_label(unit),
            latest=_("%(value)s %(unit)s (%(year)s)")
            % {
                "value": number(latest["value"]),
                "unit": unit_label(unit),
                "year": latest["period"] or latest["year"],
            },
            chart_svg=chart_svg(spec),
            chart_png=chart_png(spec),
            chart_alt=str(spec["description"]),
            columns=columns,
            rows=rows,
            target=target,
            statuses=[
                (str(LABELS.get(status, status)), explain(method, status, components))
                for method, status, components in self.assessments.get((indicator.pk, series), [])
            ],
            trend=(profile_row.trend.label if profile_row and profile_row.trend else ""),
            standing=_standing(profile_row, self.report),
            sources=self.sources.get(indicator.pk, []),
        )

    def _chart(
        self,
        indicator: Indicator,
        lines: pl.DataFrame,
        band: pl.DataFrame,
        order: list[str],
        unit: str,
        target: TargetLine | None,
    ) -> dict[str, Any]:
        group = peer_type_label(self.region.peer_type) or "–"
        text = ComparisonText(
            title=f"{indicator.code} {indicator.title}",
            description=_(
                "Diagramm: %(indicator)s für %(region)s mit %(others)s und, grau, der mittleren "
                "Hälfte (25 bis 75 %%) und dem Median vergleichbarer Kommunen (%(group)s)."
            )
            % {
                "indicator": indicator.title,
                "region": self.region.name,
                "others": ", ".join(order[1:]) or "–",
                "group": group,
            }
            + (" " + target.text if target else ""),
            x=_("Jahr"),
            y=unit_label(unit),
            value=_("Wert"),
            band=_("Mittlere Hälfte vergleichbarer Kommunen"),
            median=_("Median vergleichbarer Kommunen"),
        )
        frame = lines.select("year", "name", "value")
        spec = comparison_chart(
            frame, band.select("year", "q1", "median", "q3"), text=text, order=order or ["–"],
            numbers=chart_numbers(),
        )  # fmt: skip
        spec["height"] = 240
        if target is not None and target.value is not None:
            label = _("Ziel des Rats: %(value)s") % {"value": number(target.value, trim=True)}
            if target.year:
                label += f" ({target.year})"
            point = {"target": target.value, "label": label}
            spec["layer"].append(
                {
                    "data": {"values": [point]},
                    "mark": {"type": "rule", "color": ACCENT, "strokeDash": [2, 3], "size": 2},
                    "encoding": {"y": {"field": "target", "type": "quantitative"}},
                }
            )
            spec["layer"].append(
                {
                    "data": {"values": [point]},
                    "mark": {"type": "text", "align": "left", "dy": -7, "color": ACCENT},
                    "encoding": {
                        "x": {"value": 4},
                        "y": {"field": "target", "type": "quantitative"},
                        "text": {"field": "label"},
                    },
                }
            )
        return spec


def _links(region: Region) -> Links | None:
    """Synergies and trade-offs of the region's indicators, both views (goal-level charts:
    readable on a page; the indicator pairs as a table)."""
    found = links_of.region_interlinkages(region=region)
    if not found.indicators:
        return None
    views = []
    for view in links_of.VIEWS:
        pairs = found.pairs(view)
        if not pairs:
            continue
        figures = []
        for make in (links_of.interlinkage_matrix_spec, links_of.interlinkage_network_spec):
            spec = make(links=found, view=view, level="ziele")
            figures.append(
                Figure(chart_svg(spec), chart_png(spec), str(spec.get("description", "")))
            )
        rows = [
            r
            for r in links_of.pair_rows(links=found, view=view)
            if r.kind in ("synergy", "trade_off")
        ]
        counts = {
            "pairs": len(pairs),
            "s": found.count(view, "synergy"),
            "t": found.count(view, "trade_off"),
            "i": found.count(view, "insufficient"),
        }
        views.append(
            LinkView(
                title=links_of.view_title(view),
                summary=_(
                    "%(pairs)s Paare – Synergien: %(s)s, Zielkonflikte: %(t)s, zu wenige "
                    "Daten: %(i)s."
                )
                % counts,
                figures=figures,
                rows=rows[:LINK_ROWS],
                shown_note=(
                    _("Die %(n)s stärksten von %(total)s; alle Paare im SDG-Profil der Kommune.")
                    % {"n": LINK_ROWS, "total": len(rows)}
                    if len(rows) > LINK_ROWS
                    else ""
                ),
            )
        )
    caution = _(
        "Korrelation ist keine Kausalität: Ein statistischer Zusammenhang zeigt nicht, dass der "
        "eine Indikator den anderen beeinflusst; beide können von Dritten abhängen oder zufällig "
        "zusammenfallen. Kommunale Reihen sind kurz: Achten Sie auf die Zahl der Punkte (n)."
    )
    return Links(views, caution) if views else None


def _table(
    lines: pl.DataFrame, band: pl.DataFrame, order: list[str]
) -> tuple[list[str], list[list[str]]]:
    years = sorted(set(lines.get_column("year").to_list()) | set(band.get_column("year").to_list()))
    years = years[-TABLE_YEARS:]
    by = {(n, y): v for n, y, v in lines.select("name", "year", "value").iter_rows()}
    medians = dict(band.select("year", "median").iter_rows())
    columns = [_("Jahr"), *order, _("Median vergleichbarer Kommunen")]
    rows = [
        [str(year), *[number(by.get((name, year))) for name in order], number(medians.get(year))]
        for year in reversed(years)
    ]
    return columns, rows


def _standing(row: Any, report: Report) -> str:
    standing = row.standing if row else None
    if standing is None or standing.percentile is None:
        return ""
    return _(
        "Rang %(rank)s von %(n)s vergleichbaren Kommunen (%(year)s); besser als %(share)s %% von "
        "ihnen."
    ) % {
        "rank": standing.rank,
        "n": standing.n,
        "year": standing.year,
        "share": number(round(standing.percentile), trim=True),
    }


def _sources(region: Region, ids: list[int]) -> dict[int, list[Source]]:
    found = (
        Observation.objects.filter(region=region, indicator_id__in=ids)
        .exclude(source="")
        .values_list("indicator_id", "source")
        .distinct()
        .order_by()
    )
    sources: dict[int, list[Source]] = {}
    for indicator_id, source in found:
        sources.setdefault(indicator_id, []).append(source_of(source))
    return {k: sorted(v) for k, v in sources.items()}


def _bands(ids: list[int], group: str) -> pl.DataFrame:
    schema = {
        "indicator": pl.Int64,
        "series": pl.String,
        "year": pl.Int64,
        "q1": pl.Float64,
        "median": pl.Float64,
        "q3": pl.Float64,
    }
    if not group:
        return pl.DataFrame(schema=schema)
    rows = PeerBand.objects.filter(indicator_id__in=ids, group=group).values_list(
        "indicator_id", "series", "year", "q1", "median", "q3"
    )
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def _targets(
    report: Report, region: Region, ids: list[int]
) -> dict[tuple[int, str, str], TargetLine]:
    """The newest published council target per indicator, series and unit, of the
    organisation's own region (a target applies only to its own region and unit)."""
    found = (
        OrganisationTarget.objects.filter(
            organisation=report.organisation, indicator_id__in=ids, region=region
        )
        .exclude(published_at=None)
        .order_by("indicator_id", "series", "unit", "-version")
    )
    targets: dict[tuple[int, str, str], TargetLine] = {}
    for target in found:
        key = (target.indicator_id, target.series, target.unit)
        if key in targets:
            continue
        decision = _("Ratsbeschluss %(reference)s vom %(date)s") % {
            "reference": target.decision_reference,
            "date": formats.date_format(target.decision_date, "DATE_FORMAT"),
        }
        value = "" if target.target_value is None else number(target.target_value, trim=True)
        if value and target.target_year:
            words = _("Ziel des Rats: %(value)s %(unit)s bis %(year)s") % {
                "value": value,
                "unit": unit_label(target.unit),
                "year": target.target_year,
            }
        elif value:
            words = _("Ziel des Rats: %(value)s %(unit)s") % {
                "value": value,
                "unit": unit_label(target.unit),
            }
        else:
            words = _("Ziel des Rats: Entwicklung in die gewünschte Richtung")
        targets[key] = TargetLine(
            target.target_value,
            target.target_year,
            f"{words} ({decision}).",
            decision,
            target.decision_link,
        )
    return targets


def _assessments(
    region: Region, ids: list[int]
) -> dict[tuple[int, str], list[tuple[str, str, dict[str, Any]]]]:
    found = Assessment.objects.filter(
        region=region,
        indicator_id__in=ids,
        level=Assessment.Level.SERIES,
        method__in=("dns", "opensdg"),
    ).values_list("indicator_id", "series", "method", "status", "components")
    statuses: dict[tuple[int, str], list[tuple[str, str, dict[str, Any]]]] = {}
    for indicator_id, series, method, status, components in sorted(found, key=lambda r: r[2]):
        statuses.setdefault((indicator_id, series), []).append((method, status, components))
    return statuses


def language_of(report: Report) -> str:
    return report.language or (get_language() or "de")[:2]


__all__ = ["TREND_LABELS", "ReportContent", "build", "current_texts", "text_keys"]
