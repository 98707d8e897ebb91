"""Catalogue pages: goals, targets, indicators and the DNS indicators. Thin: select, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.catalogue import selectors
from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.monitoring import selectors as monitoring_selectors
from zielwerk.portal.indicator_panel import indicator_section

FILTER_PARAMS = ("reihe", "einheit", "jahr")


def goals(request: HttpRequest) -> HttpResponse:
    context = {
        "goals": selectors.goal_list(),
        "breadcrumbs": [(_("Ziele"), None)],
    }
    return render(request, "catalogue/goals.html", context)


def goal(request: HttpRequest, number: int) -> HttpResponse:
    try:
        item = selectors.goal_get(number=number)
    except Goal.DoesNotExist:
        raise Http404(_("Dieses Ziel gibt es nicht.")) from None
    crumbs = [(_("Ziele"), reverse("catalogue:goals")), (_("Ziel %(n)s") % {"n": number}, None)]
    indicators = [*item.dns_list, *(i for target in item.target_list for i in target.un_list)]
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


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = selectors.indicator_get(code=code)
    except Indicator.DoesNotExist:
        raise Http404(_("Diesen Indikator gibt es nicht.")) from None
    goal_crumb = (
        _("Ziel %(n)s") % {"n": item.goal.number},
        reverse("catalogue:goal", args=[item.goal.number]),
    )
    if item.framework == Indicator.Framework.DNS:
        first = (_("Nachhaltigkeitsstrategie"), reverse("catalogue:dns_indicators"))
    else:
        first = (_("Ziele"), reverse("catalogue:goals"))
    data_section, has_data = indicator_section(
        request=request, indicator=item, params=_filter(request)
    )
    context = {
        "indicator": item,
        "repeats": selectors.indicator_repeats(indicator=item),
        "is_dns": item.framework == Indicator.Framework.DNS,
        "assessments": monitoring_selectors.indicator_assessments(indicator_id=item.pk),
        "data_section": data_section,
        "has_data": has_data,
        "breadcrumbs": [first, goal_crumb, (_("Indikator %(code)s") % {"code": item.code}, None)],
    }
    return render(request, "catalogue/indicator.html", context)


def _filter(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET[name][:500] for name in FILTER_PARAMS if name in request.GET}


def dns_indicators(request: HttpRequest) -> HttpResponse:
    context = {
        "goals": selectors.dns_by_goal(),
        "breadcrumbs": [(_("Nachhaltigkeitsstrategie"), None)],
    }
    return render(request, "catalogue/dns_indicators.html", context)
