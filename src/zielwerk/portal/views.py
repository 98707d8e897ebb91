"""Public start page and the sources/imprint page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zielwerk.catalogue.models import Goal
from zielwerk.portal.sources import DATA_SOURCES


def home(request: HttpRequest) -> HttpResponse:
    goals = Goal.objects.order_by("number")
    return render(request, "portal/home.html", {"goals": goals})


def sources(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/sources.html",
        {"sources": DATA_SOURCES, "breadcrumbs": [(_("Quellen und Impressum"), None)]},
    )
