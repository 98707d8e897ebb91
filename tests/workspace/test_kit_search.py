"""The kit on the real catalogue: search over titles, definitions and topics (German and
English, any case and umlaut spelling), definitions and units in the list, and the marker and
filter "für Kommunen geeignet" checked against a direct query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region
from zielwerk.workspace.models import OwnIndicator
from zielwerk.workspace.scope import kit_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
        cache.clear()
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)
        cache.clear()


@pytest.fixture
def town(catalogue: None, db: None):
    land = RegionFactory(ars="050000000000", ags="05000000", name="NRW", level="land")
    kreis = RegionFactory(
        ars="051540000000", ags="05154000", name="Kleve", level="kreis", parent=land
    )
    gemeinde = RegionFactory(ars="051540004004", ags="05154004", name="Bedburg-Hau", parent=kreis)
    organisation = OrganisationFactory(name="Bedburg-Hau", slug="bedburg-hau", region=gemeinde)
    viewer = MembershipFactory(
        organisation=organisation, role="viewer", user=UserFactory(username="kit-viewer")
    ).user
    return organisation, viewer, {"land": land, "kreis": kreis, "gemeinde": gemeinde}


def kit(client, town, **query) -> list[Indicator]:
    organisation, viewer, _regions = town
    client.force_login(viewer)
    page = client.get(reverse("workspace:kit", args=[organisation.slug]), query)
    assert page.status_code == 200
    return list(page.context["indicators"])


def codes(client, town, **query) -> set[str]:
    return {i.code for i in kit(client, town, **query)}


@pytest.mark.parametrize(
    "text", ["Flächeninanspruchnahme", "flaecheninanspruchnahme", "FLACHENINANSPRUCHNAHME"]
)
def test_the_dns_topic_finds_the_land_use_indicator(client, town, text):
    found = codes(client, town, suche=text)
    assert "11.1.a" in found  # area "Flächeninanspruchnahme", title "Anstieg der Siedlungs- …"
    assert "16.2" not in found
    # the topic is in no title: the old search (titles and codes) found nothing
    assert not Indicator.objects.filter(
        code__in=found, title_de__icontains="Flächeninanspruchnahme"
    ).exists()


def test_english_words_definitions_and_target_texts_are_searched(client, town):
    assert "11.1.a" in codes(client, town, suche="land use")  # DNS area in English
    assert "16.2" in codes(client, town, suche="Small Arms")  # English title
    assert "11.1.a" in codes(client, town, suche="täglichen Anstieg")  # definition only
    assert "11.1.1" in codes(client, town, suche="bezahlbarem Wohnraum")  # target 11.1
    assert codes(client, town, suche="Kleinwaffen") == {"16.2"}
    assert codes(client, town, suche="11.1") == {"11.1.1", "11.1.a", "11.1.c"}
    assert codes(client, town, suche="kein-solches-wort") == set()


def test_search_combines_with_the_other_filters(client, town):
    assert codes(client, town, suche="Flächeninanspruchnahme", rahmen="un") == set()
    assert "11.1.a" in codes(client, town, suche="Flächeninanspruchnahme", geeignet="1")


def test_definition_and_unit_in_the_list_in_both_languages(client, town):
    organisation, viewer, _regions = town
    client.force_login(viewer)
    url = reverse("workspace:kit", args=[organisation.slug])
    german = client.get(url, {"suche": "11.1.a"}).content.decode()
    assert "Hektar je Tag" in german
    assert "<details" in german and "durchschnittlichen täglichen Anstieg" in german
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, {"suche": "11.1.a"}).content.decode()
    assert "hectares per day" in english
    assert "Expansion of settlement and transport area" in english
    assert "Hektar je Tag" not in english


def _suitable_directly(organisation) -> set[str]:
    """The definition, as plain separate queries."""
    kom_linked = set(
        Indicator.un_indicators.through.objects.filter(from_indicator__framework="kom").values_list(
            "to_indicator_id", flat=True
        )
    )
    with_local_data = set(
        Observation.objects.filter(region__level__in=["gemeinde", "kreis"]).values_list(
            "indicator_id", flat=True
        )
    )
    return {
        code
        for pk, code, framework in kit_indicators(organisation).values_list(
            "pk", "code", "framework"
        )
        if framework in ("kom", "own") or pk in kom_linked or pk in with_local_data
    }


def _own(organisation, number: int) -> Indicator:
    indicator = Indicator.objects.create(
        code=f"own-{organisation.slug}-{number}",
        framework="own",
        goal=Goal.objects.get(number=11),
        sort_key=f"11.own.{number:04d}",
        title_de=f"Radwege {number}",
        title_en=f"Cycle lanes {number}",
    )
    OwnIndicator.objects.create(organisation=organisation, indicator=indicator, number=number)
    return indicator


def test_marker_and_filter_match_a_direct_query(client, town):
    organisation, _viewer, regions = town
    national_only, land_only = (Indicator.objects.get(code=c) for c in ("16.2", "16.4"))
    Observation.objects.create(
        indicator=national_only, region=regions["gemeinde"], year=2023, value=3
    )
    Observation.objects.create(indicator=land_only, region=regions["land"], year=2023, value=3)
    _own(organisation, 1)
    listed = kit(client, town)
    marked = {i.code for i in listed if i.suitable}
    expected = _suitable_directly(organisation)
    assert marked == expected
    assert codes(client, town, geeignet="1") == expected
    assert {"11.1.a", "7.2.a", "16.2", "own-bedburg-hau-1"} <= expected  # kit link, data, own
    assert "16.4" not in expected  # only a Land value: not municipal
    assert "16.4.2" not in expected  # small arms, UN: national only
    assert 40 < len(expected) < len(listed)


def test_queries_do_not_grow_with_the_indicators(client, town):
    organisation, viewer, regions = town
    client.force_login(viewer)
    url = reverse("workspace:kit", args=[organisation.slug])
    query = {"suche": "Radwege", "geeignet": "1"}
    _own(organisation, 1)
    client.get(url, query)  # warm caches of the session and the unit vocabulary
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url, query).context["indicators"]) == 1
    for number in range(2, 32):
        indicator = _own(organisation, number)
        Observation.objects.create(
            indicator=indicator, region=regions["kreis"], year=2023, value=number
        )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, query).context["indicators"]) == 31
    assert len(many) == len(few) <= 15, [q["sql"][:120] for q in many.captured_queries]


def test_page_stays_within_a_fixed_number_of_queries(client, town, django_assert_max_num_queries):
    organisation, viewer, _regions = town
    client.force_login(viewer)
    url = reverse("workspace:kit", args=[organisation.slug])
    with django_assert_max_num_queries(15):
        page = client.get(url, {"suche": "Energie", "geeignet": "1", "ziel": "7"})
    assert {"7.2.a", "7.2.b"} <= {i.code for i in page.context["indicators"]}
    assert Region.objects.count() == 3
