"""Shared fixtures of the accounts and workspace tests: a small world of two municipalities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from tests.accounts.factories import (
    GoalFactory,
    IndicatorFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
)
from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.regions.models import Region


@dataclass
class World:
    bund: Region
    kreis: Region
    town_a: Region
    town_b: Region
    un: Indicator
    dns: Indicator
    other: Indicator
    org_a: Any
    org_b: Any
    members: dict[str, Any]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The production hasher takes ~0.3 s per password: too slow for hundreds of table rows.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    bund = RegionFactory(ars="000000000000", ags="00000000", name="Deutschland", level="bund")
    land = RegionFactory(ars="050000000000", ags="05000000", name="NRW", level="land", parent=bund)
    kreis = RegionFactory(
        ars="051540000000", ags="05154000", name="Kleve", level="kreis", parent=land
    )
    town_a = RegionFactory(ars="051540004004", ags="05154004", name="Bedburg-Hau", parent=kreis)
    town_b = RegionFactory(ars="051540008008", ags="05154008", name="Emmerich", parent=kreis)
    goal = GoalFactory(number=7)
    GoalFactory(number=11)
    target = TargetFactory(code="7.2", goal=goal)
    un = IndicatorFactory(code="7.2.1", goal=goal, direction="increase")
    un.targets.add(target)
    dns = IndicatorFactory(
        code="7.2.a",
        framework="dns",
        goal=goal,
        direction="increase",
        metadata={"section_de": "Erneuerbare Energien"},
    )
    dns.un_indicators.add(un)
    DnsTarget.objects.create(
        indicator=dns,
        number=1,
        kind="year",
        direction="increase",
        target_value=65,
        target_year=2030,
        label_de="65 % bis 2030",
    )
    other = IndicatorFactory(code="7.1.1", goal=goal)
    org_a = OrganisationFactory(name="Bedburg-Hau", slug="bedburg-hau", region=town_a)
    org_b = OrganisationFactory(name="Emmerich", slug="emmerich", region=town_b)
    members = {
        role: MembershipFactory(
            organisation=org_a, role=role, user=UserFactory(username=f"a-{role}")
        ).user
        for role in ("viewer", "editor", "publisher", "admin")
    }
    members["b-admin"] = MembershipFactory(
        organisation=org_b, role="admin", user=UserFactory(username="b-admin")
    ).user
    return World(bund, kreis, town_a, town_b, un, dns, other, org_a, org_b, members)
