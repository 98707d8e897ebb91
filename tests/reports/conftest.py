"""Reports are tested on the real bundled data of Nordrhein-Westfalen (tests/municipal)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from tests.municipal.conftest import COESFELD, COESFELD_KREIS, data, municipal_data  # noqa: F401
from zielwerk.catalogue.models import Indicator
from zielwerk.regions.models import Region
from zielwerk.workspace.models import OrganisationTarget

TARGET_CODE = "K3.7"
TARGET_VALUE = 42.5


@pytest.fixture
def kreis(data):  # noqa: F811
    """Kreis Coesfeld as an organisation with an editor and a publisher, and one published
    council target."""
    region = Region.objects.get(ars=COESFELD_KREIS)
    organisation = OrganisationFactory(name="Kreis Coesfeld", slug="kreis-coesfeld", region=region)
    people = {
        role: MembershipFactory(
            organisation=organisation, role=role, user=UserFactory(username=f"coe-{role}")
        ).user
        for role in ("viewer", "editor", "publisher")
    }
    indicator = Indicator.objects.get(code=TARGET_CODE)
    unit = region.observations.filter(indicator=indicator).values_list("unit", flat=True).first()
    OrganisationTarget.objects.create(
        organisation=organisation,
        indicator=indicator,
        region=region,
        unit=unit or "",
        version=1,
        kind="year",
        direction=indicator.direction or "increase",
        target_value=TARGET_VALUE,
        target_year=2030,
        base_year=2015,
        decision_date=datetime.date(2024, 3, 12),
        decision_reference="KT/2024/017",
        published_at=timezone.now(),
        published_by=people["publisher"],
    )
    return organisation, people
