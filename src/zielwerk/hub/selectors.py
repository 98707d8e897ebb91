"""What the partnership pages show: the overview with its filters, and one municipality."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zielwerk.core.regions import BUND_ARS
from zielwerk.portal.rendering import chart_svg
from zielwerk.regions.models import Region, RegionOutline

from .maps import partnership_map_spec
from .models import Network, NetworkMembership, Partnership

PER_PAGE = 100


@dataclass(frozen=True)
class PartnershipOverview:
    """The list page: filters, totals, partnerships per country and per municipality."""

    lands: list[Region]
    countries: list[str]
    land: Region | None
    country: str
    total: int
    municipality_count: int
    per_country: list[Any]
    municipalities: Page[Any]


@dataclass(frozen=True)
class RegionPartnerships:
    """A municipality's partnerships (its own, and those naming it as partner), its networks
    and the map of the partners."""

    region: Region
    partnerships: list[Partnership]
    named_by: list[Partnership]
    memberships: list[NetworkMembership]
    map_svg: SafeString | None


def partnership_overview(
    *, land: str = "", country: str = "", page: int = 1
) -> PartnershipOverview:
    """Partnerships filtered by Land (its ARS) and by the partner's country."""
    lands = list(Region.objects.filter(level=Region.Level.LAND, country="DE").order_by("name"))
    chosen = next((r for r in lands if r.ars == land), None)
    countries = list(
        Partnership.objects.order_by("partner_country")
        .values_list("partner_country", flat=True)
        .distinct()
    )
    country = country if country in countries else ""
    found: QuerySet[Partnership] = Partnership.objects.all()
    if chosen is not None:
        found = found.filter(region__ars__startswith=chosen.ars[:2])
    if country:
        found = found.filter(partner_country=country)
    per_country = list(
        found.values("partner_country").annotate(n=Count("id")).order_by("-n", "partner_country")
    )
    per_municipality = (
        found.values("region__ars", "region__name")
        .annotate(n=Count("id"))
        .order_by("region__name", "region__ars")
    )
    paginator: Paginator[Any] = Paginator(per_municipality, PER_PAGE)
    return PartnershipOverview(
        lands=lands,
        countries=countries,
        land=chosen,
        country=country,
        total=found.count(),
        municipality_count=paginator.count,
        per_country=per_country,
        municipalities=paginator.get_page(page),
    )


def region_partnerships(*, ars: str) -> RegionPartnerships:
    """One municipality's page (404 for an unknown ARS)."""
    region = get_object_or_404(Region, ars=ars)
    partnerships = list(Partnership.objects.filter(region=region).select_related("partner_region"))
    named_by = list(
        Partnership.objects.filter(partner_region=region)
        .exclude(region=region)
        .select_related("region")
        .order_by("region__name")
    )
    memberships = list(NetworkMembership.objects.filter(region=region).select_related("network"))
    return RegionPartnerships(
        region, partnerships, named_by, memberships, _map(region, partnerships)
    )


def networks_overview() -> list[Network]:
    """Every network with its number of member municipalities (``member_count``)."""
    return list(Network.objects.annotate(member_count=Count("members")).order_by("name"))


def network_members(*, pk: int) -> tuple[Network, list[NetworkMembership]]:
    """A network and its members by name (404 for an unknown network)."""
    network = get_object_or_404(Network, pk=pk)
    members = list(network.members.select_related("region").order_by("region__name"))
    return network, members


def _map(region: Region, partnerships: list[Partnership]) -> SafeString | None:
    """The map of the partners with Germany's outline and the municipality's point (the
    centroid of its outline); None without a located partner."""
    partners = [p for p in partnerships if p.partner_lat is not None and p.partner_lon is not None]
    if not partners:
        return None
    outlines = dict(
        RegionOutline.objects.filter(Q(region__ars=BUND_ARS) | Q(region=region)).values_list(
            "region__ars", "geojson"
        )
    )
    germany = json.loads(outlines[BUND_ARS]) if BUND_ARS in outlines else None
    own = json.loads(outlines[region.ars]) if region.ars in outlines else None
    description = _(
        "Karte: %(name)s und %(count)s Partnerstädte; die Tabelle unter der Karte nennt sie."
    ) % {"name": region.name, "count": len(partners)}
    spec = partnership_map_spec(
        name=region.name,
        germany=germany,
        own=own,
        partners=[
            (p.partner_name, p.partner_country, p.partner_lat, p.partner_lon) for p in partners
        ],
        description=description,
        labels={
            "municipality": _("Kommune"),
            "partner": _("Partnerstadt"),
            "name": _("Name"),
            "country": _("Staat"),
        },
    )
    return mark_safe(chart_svg(spec))  # noqa: S308 - vl-convert output, labels escaped by Vega
