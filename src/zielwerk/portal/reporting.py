"""Reporting status (which indicators have data, by goal) and the status overview (all
indicators by DNS weather symbol and by Open SDG progress status)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.selectors import StatusView, headline_statuses
from zielwerk.monitoring.status import label

from .rendering import cached

DNS_ORDER = ("sun", "sun_cloud", "cloud", "thunderstorm", "not_assessed")
OPENSDG_ORDER = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)


@dataclass(frozen=True)
class Coverage:
    total: int
    with_data: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_data / self.total) if self.total else 0


@dataclass(frozen=True)
class GoalCoverage:
    goal: Goal
    dns: Coverage
    un: Coverage


@dataclass(frozen=True)
class ReportingStatus:
    goals: list[GoalCoverage]
    dns: Coverage
    un: Coverage


def _with_data() -> list[tuple[int, str, bool]]:
    has = Exists(Observation.objects.filter(indicator_id=OuterRef("pk")))
    rows = Indicator.objects.exclude(framework=Indicator.Framework.OWN).annotate(has_data=has)
    return list(rows.values_list("goal__number", "framework", "has_data"))


def reporting_status() -> ReportingStatus:
    """Per goal and in total: how many DNS and UN indicators there are, how many have data."""
    rows = cached("reporting", _with_data)
    goals = []

    def coverage(number: int | None, framework: str) -> Coverage:
        chosen = [r for r in rows if r[1] == framework and number in (None, r[0])]
        return Coverage(len(chosen), sum(1 for r in chosen if r[2]))

    for goal in Goal.objects.order_by("number"):
        goals.append(GoalCoverage(goal, coverage(goal.number, "dns"), coverage(goal.number, "un")))
    return ReportingStatus(goals, coverage(None, "dns"), coverage(None, "un"))


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    tone: str
    symbol: str
    indicators: list[Indicator]


@dataclass(frozen=True)
class StatusOverview:
    dns: list[StatusGroup]
    opensdg: list[StatusGroup]
    assessed: int


def _groups(
    indicators: list[Indicator],
    statuses: dict[int, dict[str, StatusView]],
    method: str,
    order: tuple[str, ...],
) -> list[StatusGroup]:
    groups: dict[str, list[Indicator]] = {code: [] for code in order}
    views: dict[str, StatusView] = {}
    for indicator in indicators:
        view = statuses.get(indicator.pk, {}).get(method)
        if view is None:
            continue
        groups.setdefault(view.status, []).append(indicator)
        views.setdefault(view.status, view)
    return [
        StatusGroup(
            code,
            label(code),
            views[code].tone if code in views else "none",
            views[code].symbol if code in views else "",
            members,
        )
        for code, members in groups.items()
        if members
    ]


def status_overview() -> StatusOverview:
    """All indicators with a national assessment, grouped by DNS symbol and by Open SDG
    status (the worst DNS symbol of an indicator's series counts, as on the goal pages)."""
    indicators = list(
        Indicator.objects.exclude(framework=Indicator.Framework.OWN)
        .select_related("goal")
        .order_by("goal__number", "framework", "sort_key")
    )
    statuses = headline_statuses(indicator_ids=[i.pk for i in indicators])
    return StatusOverview(
        dns=_groups(indicators, statuses, "dns", DNS_ORDER),
        opensdg=_groups(indicators, statuses, "opensdg", OPENSDG_ORDER),
        assessed=len(statuses),
    )
