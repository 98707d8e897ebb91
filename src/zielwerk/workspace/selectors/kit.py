"""The kit ("Baukasten"): the catalogue as an organisation browses it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import get_language

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from ..models import IndicatorSelection
from ..scope import kit_indicators

AVAILABILITY = ("gemeinde", "kreis")
MUNICIPAL_LEVELS = (Region.Level.GEMEINDE, Region.Level.KREIS)
# Texts of an indicator's metadata the search reads (DNS area and postulate, the municipal
# kit's formula and rationale).
_SEARCHED_METADATA = (
    "section_de",
    "section_en",
    "postulate_de",
    "postulate_en",
    "formula_de",
    "rationale_de",
)


@dataclass(frozen=True)
class KitFilter:
    goal: int | None = None
    availability: str = ""
    topic: str = ""
    framework: str = ""
    text: str = ""
    suitable: bool = False


def _has_data(*levels: str) -> Exists:
    return Exists(
        Observation.objects.filter(indicator=OuterRef("pk"), region__level__in=list(levels))
    )


def _in_municipal_kit() -> Exists:
    """A "SDG-Indikator für Kommunen" (framework ``kom``) names the indicator as its UN or DNS
    counterpart."""
    links = Indicator.un_indicators.through.objects.filter(
        to_indicator=OuterRef("pk"), from_indicator__framework=Indicator.Framework.KIT
    )
    return Exists(links)


def suitable_condition() -> Q:
    """Suitable for municipalities: in the municipal kit (framework ``kom`` or named by one of
    its indicators), an own indicator of a municipality, or with observations for a Gemeinde
    or a Kreis. One condition of the query: nothing is stored, nothing runs per indicator."""
    return (
        Q(framework__in=[Indicator.Framework.KIT, Indicator.Framework.OWN])
        | Q(_in_municipal_kit())
        | Q(_has_data(*MUNICIPAL_LEVELS))
    )


def with_suitability(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """``queryset`` annotated with ``suitable`` (see ``suitable_condition``)."""
    return queryset.annotate(
        suitable=Case(
            When(suitable_condition(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def kit_list(*, organisation: Organisation, filters: KitFilter) -> QuerySet[Indicator]:
    """Indicators of the kit with ``data_gemeinde``, ``data_kreis``, ``suitable`` and
    ``selected``: one query (two more when searching for text)."""
    queryset = kit_indicators(organisation)
    if filters.goal:
        queryset = queryset.filter(goal__number=filters.goal)
    if filters.framework in Indicator.Framework.values:
        queryset = queryset.filter(framework=filters.framework)
    if filters.topic:
        queryset = queryset.filter(metadata__section_de=filters.topic)
    if filters.availability in AVAILABILITY:
        queryset = queryset.filter(_has_data(filters.availability))
    if filters.suitable:
        queryset = queryset.filter(suitable_condition())
    if filters.text:
        queryset = queryset.filter(pk__in=text_matches(queryset, filters.text))
    return with_suitability(
        queryset.select_related("goal").annotate(
            data_gemeinde=_has_data(Region.Level.GEMEINDE),
            data_kreis=_has_data(Region.Level.KREIS),
            selected=Exists(
                IndicatorSelection.objects.filter(
                    organisation=organisation, indicator=OuterRef("pk")
                )
            ),
        )
    ).order_by("goal__number", "framework", "sort_key")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _keys(text: str) -> tuple[str, str]:
    """Two search keys: folded like ``zielwerk.core.regions.fold_name`` ("Fläche" →
    "flaeche"; done in C, the texts are long) and with the umlaut dots dropped ("flache"),
    so "Fläche", "Flaeche" and "Flache" all find "Fläche"."""
    lowered = unicodedata.normalize("NFC", text.casefold())
    spelled = lowered.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return _ascii(spelled), _ascii(lowered)


def text_matches(queryset: QuerySet[Indicator], text: str) -> list[int]:
    """Ids of the indicators whose code starts with ``text`` or whose texts hold every word of
    it: titles and definitions (German and English), the DNS area and postulate, the
    municipal kit's formula and rationale, the goal's and the targets' titles. Case, accents
    and the spelling of umlauts do not matter. Two queries whatever the number of indicators."""
    code = text.strip().casefold()
    words = [_keys(word) for word in text.split()]
    if not words:
        return []
    rows = list(
        queryset.values_list(
            "pk",
            "code",
            "title_de",
            "title_en",
            "definition_de",
            "definition_en",
            "metadata",
            "goal__title_de",
            "goal__title_en",
            "goal__short_de",
            "goal__short_en",
        )
    )
    targets: dict[int, list[str]] = {}
    links = Indicator.targets.through.objects.filter(
        indicator_id__in=[row[0] for row in rows]
    ).values_list("indicator_id", "target__title_de", "target__title_en")
    for indicator_id, title_de, title_en in links:
        targets.setdefault(indicator_id, []).extend((title_de, title_en))
    found = []
    for pk, indicator_code, *texts, metadata, goal_de, goal_en, short_de, short_en in rows:
        if indicator_code.casefold().startswith(code):
            found.append(pk)
            continue
        blob = " ".join(
            _texts(texts, metadata, (goal_de, goal_en, short_de, short_en), targets.get(pk, []))
        )
        folded, plain = _keys(blob)
        if all(w_folded in folded or w_plain in plain for w_folded, w_plain in words):
            found.append(pk)
    return found


def _texts(
    texts: Iterable[str], metadata: Any, goal: Iterable[str], targets: Iterable[str]
) -> list[str]:
    meta = metadata if isinstance(metadata, dict) else {}
    return [
        *texts,
        *(str(meta.get(key) or "") for key in _SEARCHED_METADATA),
        *goal,
        *targets,
    ]


def kit_topics() -> list[tuple[str, str]]:
    """The DNS areas (Bereiche) as topics: (German name, the filter's value; name in the
    active language), sorted by the name shown."""
    english = (get_language() or "de").startswith("en")
    found = Indicator.objects.filter(framework=Indicator.Framework.DNS).values_list(
        "metadata__section_de", "metadata__section_en"
    )
    topics = {str(de): str(en or de) if english else str(de) for de, en in found if de}
    return sorted(topics.items(), key=lambda item: _keys(item[1])[0])
