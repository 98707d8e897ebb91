"""``{% published_reports region as reports %}``: the published reports of a region's
organisations, for its public profile (the portal knows nothing of the reports app; the
template asks)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Max

from ..models import Report

register = template.Library()


@register.simple_tag
def published_reports(region: Any) -> list[Report]:
    if region is None:
        return []
    return list(
        Report.objects.filter(organisation__region=region, editions__public=True)
        .annotate(latest=Max("editions__created_at"))
        .order_by("-latest")
    )
