"""Public start page, sources, search, reporting status and status overview."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import Goal
from zielwerk.monitoring.services.municipal import municipal_sources
from zielwerk.portal.rendering import anonymous_page
from zielwerk.portal.reporting import reporting_status, status_overview
from zielwerk.portal.search import MAX_QUERY, site_search
from zielwerk.portal.sources import DATA_SOURCES


@anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    goals = Goal.objects.order_by("number")
    return render(request, "portal/home.html", {"goals": goals})


@anonymous_page
def sources(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/sources.html",
        {
            "sources": DATA_SOURCES,
            "municipal": municipal_sources(),
            "breadcrumbs": [(_("Quellen und Impressum"), None)],
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY]
    context = {"results": site_search(query=query), "breadcrumbs": [(_("Suche"), None)]}
    return render(request, "portal/search.html", context)


@anonymous_page
def reporting(request: HttpRequest) -> HttpResponse:
    context = {"status": reporting_status(), "breadcrumbs": [(_("Berichtsstand"), None)]}
    return render(request, "portal/reporting.html", context)


@anonymous_page
def status(request: HttpRequest) -> HttpResponse:
    context = {"overview": status_overview(), "breadcrumbs": [(_("Stand der Ziele"), None)]}
    return render(request, "portal/status.html", context)
