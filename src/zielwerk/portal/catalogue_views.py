"""Catalogue pages: goals, targets, indicators and the DNS indicators. Thin: select, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zielwerk.catalogue import selectors
from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.monitoring import selectors as monitoring_selectors
from zielwerk.portal.indicator_data import selection_resolve
from zielwerk.portal.indicator_panel import indicator_section
from zielwerk.portal.rendering import anonymous_page, cached, one_version

FILTER_PARAMS = ("reihe", "einheit", "jahr", "region", "seite")


@anonymous_page
def goals(request: HttpRequest) -> HttpResponse:
    context = {
        "goals": selectors.goal_list(),
        "breadcrumbs": [(_("Ziele"), None)],
    }
    return render(request, "catalogue/goals.html", context)


@anonymous_page
def goal(request: HttpRequest, number: int) -> HttpResponse:
    try:
        item = selectors.goal_get(number=number)
    except Goal.DoesNotExist:
        raise Http404(_("Dieses Ziel gibt es nicht.")) from None
    crumbs = [(_("Ziele"), reverse("catalogue:goals")), (_("Ziel %(n)s") % {"n": number}, None)]
    # dns_list, target_list and un_list are prefetched lists (catalogue.selectors.goal_get).
    dns_list: list[Any] = item.dns_list  # type: ignore[attr-defined]
    target_list: list[Any] = item.target_list  # type: ignore[attr-defined]
    indicators = [*dns_list, *(i for target in target_list for i in target.un_list)]
    statuses = monitoring_selectors.headline_statuses(indicator_ids=[i.pk for i in indicators])
    for shown in indicators:
        shown.statuses = statuses.get(shown.pk, {})
    on_track = sum(1 for s in statuses.values() if s.get("dns") and s["dns"].tone == "good")
    context = {
        "goal": item,
        "breadcrumbs": crumbs,
        "assessed": sum(1 for s in statuses.values() if "dns" in s),
        "on_track": on_track,
    }
    return render(request, "catalogue/goal.html", context)


@anonymous_page
def target(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = selectors.target_get(code=code)
    except Target.DoesNotExist:
        raise Http404(_("Dieses Unterziel gibt es nicht.")) from None
    crumbs = [
        (_("Ziele"), reverse("catalogue:goals")),
        (
            _("Ziel %(n)s") % {"n": item.goal.number},
            reverse("catalogue:goal", args=[item.goal.number]),
        ),
        (_("Unterziel %(code)s") % {"code": item.code}, None),
    ]
    return render(request, "catalogue/target.html", {"target": item, "breadcrumbs": crumbs})


@anonymous_page
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """The indicator page. Its content (everything but the header with the user's links and the
    language form's CSRF token) is cached per data and catalogue version, language and resolved
    selection: a warm page costs one query (the versions)."""
    with one_version():
        page = _indicator_page(request, code)
    if page is None:
        raise Http404(_("Diesen Indikator gibt es nicht."))
    context = {
        "page": page,
        "breadcrumbs": page.breadcrumbs,
        "has_data": page.has_data,
    }
    return render(request, "catalogue/indicator.html", context)


@dataclass(frozen=True)
class IndicatorPage:
    code: str
    body: str  # the rendered content of <main>: no user-, session- or CSRF-specific parts
    breadcrumbs: list[tuple[str, str | None]]
    has_data: bool


def _indicator_page(request: HttpRequest, code: str) -> IndicatorPage | None:
    # All codes in one entry (a few hundred): unknown codes cannot fill the cache.
    indicator_id = cached("indicator-ids", selectors.indicator_ids, catalogue_only=True).get(code)
    if indicator_id is None:
        return None
    params = _filter(request)
    static = bool(getattr(request, "zw_static", False))
    # Keyed by the resolved selection, not the raw parameters: made-up parameters cannot
    # fill the cache with copies of the same page.
    selection = selection_resolve(indicator_id=indicator_id, code=code, params=params)
    query = selection.query if selection else ""
    key = f"indicator-page:{indicator_id}:{get_language()}:{static}:{query}"
    return cached(key, lambda: _indicator_build(request, code, params))


@dataclass(frozen=True)
class _CataloguePart:
    """What the indicator page shows from the catalogue alone (kept across imports)."""

    indicator: Indicator  # with everything its page shows prefetched
    head: str  # title and metadata
    tail: str  # definition, links, political target, DNS targets, published weather symbols
    breadcrumbs: list[tuple[str, str | None]]


def _catalogue_part(request: HttpRequest, code: str) -> _CataloguePart:
    item = selectors.indicator_get(code=code)
    goal_crumb = (
        _("Ziel %(n)s") % {"n": item.goal.number},
        reverse("catalogue:goal", args=[item.goal.number]),
    )
    if item.framework == Indicator.Framework.DNS:
        first = (_("Nachhaltigkeitsstrategie"), reverse("catalogue:dns_indicators"))
    else:
        first = (_("Ziele"), reverse("catalogue:goals"))
    context = {
        "indicator": item,
        "repeats": list(selectors.indicator_repeats(indicator=item)),
        "is_dns": item.framework == Indicator.Framework.DNS,
        "related": (
            list(item.un_indicators.order_by("framework", "sort_key"))
            if item.framework == Indicator.Framework.KIT
            else []
        ),
    }
    head = render_to_string("catalogue/_indicator_head.html", context, request=request)
    tail = render_to_string("catalogue/_indicator_tail.html", context, request=request)
    crumbs = [first, goal_crumb, (_("Indikator %(code)s") % {"code": item.code}, None)]
    return _CataloguePart(item, head, tail, crumbs)


def _indicator_build(request: HttpRequest, code: str, params: dict[str, str]) -> IndicatorPage:
    part = cached(
        f"indicator-catalogue:{code}:{get_language()}",
        lambda: _catalogue_part(request, code),
        catalogue_only=True,
    )
    item = part.indicator
    data_section, has_data = indicator_section(request=request, indicator=item, params=params)
    context = {
        "head": part.head,
        "tail": part.tail,
        "assessments": monitoring_selectors.indicator_assessments(indicator_id=item.pk),
        "data_section": data_section,
    }
    body = render_to_string("catalogue/_indicator_body.html", context, request=request)
    return IndicatorPage(item.code, body, part.breadcrumbs, has_data)


def _filter(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET[name][:500] for name in FILTER_PARAMS if name in request.GET}


@anonymous_page
def dns_indicators(request: HttpRequest) -> HttpResponse:
    context = {
        "goals": selectors.dns_by_goal(),
        "breadcrumbs": [(_("Nachhaltigkeitsstrategie"), None)],
    }
    return render(request, "catalogue/dns_indicators.html", context)
