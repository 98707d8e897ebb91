"""The kit ("Baukasten"): the catalogue as an organisation browses it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from ..models import IndicatorSelection
from ..scope import kit_indicators

AVAILABILITY = ("gemeinde", "kreis")


@dataclass(frozen=True)
class KitFilter:
    goal: int | None = None
    availability: str = ""
    topic: str = ""
    framework: str = ""
    text: str = ""


def _has_data(level: str) -> Exists:
    return Exists(Observation.objects.filter(indicator=OuterRef("pk"), region__level=level))


def kit_list(*, organisation: Organisation, filters: KitFilter) -> QuerySet[Indicator]:
    """Indicators of the kit with ``data_gemeinde``, ``data_kreis`` and ``selected``."""
    queryset = (
        kit_indicators(organisation)
        .select_related("goal")
        .annotate(
            data_gemeinde=_has_data(Region.Level.GEMEINDE),
            data_kreis=_has_data(Region.Level.KREIS),
            selected=Exists(
                IndicatorSelection.objects.filter(
                    organisation=organisation, indicator=OuterRef("pk")
                )
            ),
        )
        .order_by("goal__number", "framework", "sort_key")
    )
    if filters.goal:
        queryset = queryset.filter(goal__number=filters.goal)
    if filters.availability == "gemeinde":
        queryset = queryset.filter(data_gemeinde=True)
    elif filters.availability == "kreis":
        queryset = queryset.filter(data_kreis=True)
    if filters.framework in Indicator.Framework.values:
        queryset = queryset.filter(framework=filters.framework)
    if filters.topic:
        queryset = queryset.filter(metadata__section_de=filters.topic)
    if filters.text:
        queryset = queryset.filter(
            Q(title_de__icontains=filters.text) | Q(code__istartswith=filters.text)
        )
    return queryset


def kit_topics() -> list[str]:
    """The DNS areas (Bereiche) as topics, sorted."""
    found = Indicator.objects.filter(framework=Indicator.Framework.DNS).values_list(
        "metadata__section_de", flat=True
    )
    return sorted({str(t) for t in found if t})
