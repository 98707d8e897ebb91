"""Read-side queries for the catalogue pages, each with the prefetching its page needs."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from zielwerk.catalogue.models import Goal, Indicator, PublishedTarget, Target

UN = Indicator.Framework.UN
DNS = Indicator.Framework.DNS


def goal_list() -> QuerySet[Goal]:
    """All goals with their numbers of targets, UN and DNS indicators."""
    return Goal.objects.annotate(
        target_count=Count("targets", distinct=True),
        un_count=Count("indicators", filter=Q(indicators__framework=UN), distinct=True),
        dns_count=Count("indicators", filter=Q(indicators__framework=DNS), distinct=True),
    )


def goal_get(*, number: int) -> Goal:
    """A goal with its targets (each with its UN indicators) and its DNS indicators."""
    un = Indicator.objects.filter(framework=UN)
    targets = Target.objects.prefetch_related(Prefetch("indicators", un, to_attr="un_list"))
    return Goal.objects.prefetch_related(
        Prefetch("targets", targets, to_attr="target_list"),
        Prefetch("indicators", Indicator.objects.filter(framework=DNS), to_attr="dns_list"),
    ).get(number=number)


def target_get(*, code: str) -> Target:
    """A target with its goal, its UN indicators and the DNS indicators linked to it."""
    return (
        Target.objects.select_related("goal")
        .prefetch_related(
            Prefetch("indicators", Indicator.objects.filter(framework=UN), to_attr="un_list"),
            Prefetch("indicators", Indicator.objects.filter(framework=DNS), to_attr="dns_list"),
        )
        .get(code=code)
    )


def indicator_get(*, code: str) -> Indicator:
    """An indicator with everything its page shows."""
    published = PublishedTarget.objects.prefetch_related("weather")
    return (
        Indicator.objects.select_related("goal")
        .prefetch_related(
            "targets",
            "dns_targets",
            Prefetch("un_indicators", Indicator.objects.prefetch_related("targets")),
            "dns_indicators",
            Prefetch("published_targets", published),
        )
        .get(code=code)
    )


def indicator_ids() -> dict[str, int]:
    """Every public indicator's id by its code (an own indicator only once published)."""
    return dict(Indicator.objects.public().values_list("code", "pk"))


def indicator_repeats(*, indicator: Indicator) -> QuerySet[Indicator]:
    """The other entries of the same UN indicator under other targets (same UNSD code)."""
    if indicator.framework != UN or not indicator.unsd_code:
        return Indicator.objects.none()
    return (
        Indicator.objects.filter(framework=UN, unsd_code=indicator.unsd_code)
        .exclude(pk=indicator.pk)
        .order_by("sort_key")
    )


def dns_by_goal() -> QuerySet[Goal]:
    """Goals that have DNS indicators, each with its DNS indicators."""
    dns = Indicator.objects.filter(framework=DNS)
    return (
        Goal.objects.filter(indicators__framework=DNS)
        .distinct()
        .prefetch_related(Prefetch("indicators", dns, to_attr="dns_list"))
    )
