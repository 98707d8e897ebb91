"""Region directory: loading the bundled real data, hierarchy sums, search and region pages."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from zielwerk.regions.models import Region, RegionOutline
from zielwerk.regions.services import PACKAGE_DATA_DIR, regions_load

LOCALZERO = Path("/work/shared/data/regions/localzero/ags/2021.csv")
FLENSBURG = "010010000000"
SCHLESWIG_FLENSBURG = "010590000000"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The real package data loaded once for this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_regions", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def test_first_load_creates_everything_and_reports_it(loaded):
    total = Region.objects.count()
    assert f"Regionen: {total} neu, 0 geändert, 0 unverändert" in loaded
    assert RegionOutline.objects.count() == total  # every region has an outline


def test_levels_match_the_sources():
    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level.values}
    assert counts["bund"] == 1
    assert counts["land"] == 16
    assert counts["rbz"] == 19
    # 400 Kreise in localzero: 398 here plus Hamburg and Berlin, whose Kreis ARS is their Land's.
    assert counts["kreis"] == 398
    stadtstaaten = Region.objects.filter(ars__in=["020000000000", "110000000000"], level="land")
    assert counts["kreis"] + stadtstaaten.count() == 400
    inhabited = Region.objects.filter(level="gemeinde", population__isnull=False).count()
    assert inhabited == 10_683
    assert counts["gemeinde"] - inhabited == 205  # uninhabited gemeindefreie Gebiete


@pytest.mark.skipif(not LOCALZERO.exists(), reason="shared source data not present")
def test_every_localzero_region_is_in_the_directory_once():
    with LOCALZERO.open(encoding="utf-8") as handle:
        source = {row["ags"].replace("DG", "00") for row in csv.DictReader(handle)}
    in_db = set(Region.objects.exclude(level="rbz").values_list("ags", flat=True))
    assert source <= in_db
    with_population = Region.objects.exclude(level="rbz").filter(population__isnull=False)
    assert with_population.count() == len(source)


def test_population_adds_up_from_gemeinde_to_bund():
    population = dict(Region.objects.values_list("pk", "population"))
    sums = (
        Region.objects.filter(parent__isnull=False)
        .values("parent_id")
        .annotate(total=Sum("population"))
        .order_by()
    )
    checked = {row["parent_id"]: row["total"] for row in sums}
    assert checked == {parent: population[parent] for parent in checked}
    levels = set(Region.objects.filter(pk__in=checked).values_list("level", flat=True))
    assert levels == {"bund", "land", "rbz", "kreis"}
    bund = Region.objects.get(level="bund")
    assert bund.population == 83_237_124  # Destatis, 31.12.2021 (as published by localzero)


def test_second_load_changes_nothing():
    summary = regions_load()
    assert (summary.created, summary.updated, summary.outlines_created) == (0, 0, 0)
    assert summary.outlines_updated == 0
    assert summary.unchanged == Region.objects.count()


def test_load_repairs_a_changed_row():
    Region.objects.filter(ars=FLENSBURG).update(name="Flensborg", population=1)
    summary = regions_load()
    assert summary.updated == 1
    flensburg = Region.objects.get(ars=FLENSBURG)
    assert (flensburg.name, flensburg.population, flensburg.name_folded) == (
        "Flensburg",
        91_113,
        "flensburg",
    )


def test_load_is_fast_and_uses_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        regions_load(data_dir=PACKAGE_DATA_DIR)


@pytest.mark.parametrize("query", ["Flensburg", "flensb", "01001000", "0100100", FLENSBURG])
def test_search_finds_flensburg_by_name_and_code(client, query):
    response = client.get(reverse("regions:directory"), {"q": query})
    assert response.status_code == 200
    first = response.context["result"].regions[0]
    assert first.ars == FLENSBURG
    assert f'href="/regionen/{FLENSBURG}/"' in response.content.decode()


def test_search_folds_umlauts_and_filters_by_level(client):
    response = client.get(reverse("regions:directory"), {"q": "koeln", "ebene": "kreis"})
    names = [(r.name, r.level) for r in response.context["result"].regions]
    assert ("Köln", "kreis") in names
    assert {level for _, level in names} == {"kreis"}
    response = client.get(reverse("regions:directory"), {"q": "KÖLN"})
    assert "Köln" in [r.name for r in response.context["result"].regions]


def test_directory_without_query_lists_bund_and_laender(client):
    response = client.get(reverse("regions:directory"))
    regions = response.context["top_regions"]
    assert [r.level for r in regions].count("land") == 16
    assert regions[0].name == "Deutschland"
    assert "Schleswig-Holstein" in response.content.decode()


def test_region_page_shows_parents_children_and_map(client, django_assert_max_num_queries):
    from zielwerk.portal.rendering import catalogue_stamp

    catalogue_stamp()  # the shared catalogue token: read once per process, then every 2 s
    # The SDG profile adds its own few queries (goals, comparison regions, similar places);
    # the page cache one more (the data version).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("regions:detail", args=[SCHLESWIG_FLENSBURG]))
    html = response.content.decode()
    assert response.status_code == 200
    crumbs = [label for label, _ in response.context["breadcrumbs"]]
    assert crumbs == ["Regionen", "Deutschland", "Schleswig-Holstein", "Schleswig-Flensburg"]
    page = response.context["page"]
    assert len(page.children) == Region.objects.filter(parent__ars=SCHLESWIG_FLENSBURG).count()
    assert sum(c.population or 0 for c in page.children) == page.region.population
    assert 'href="/regionen/010000000000/"' in html  # link up to the Land
    assert "Arnis" in html  # a Gemeinde of the Kreis
    assert "<svg" in html
    # A map whose Gemeinden are links is a labelled group of links, not one image (WCAG 4.1.2).
    assert 'role="group" aria-label="Karte: Schleswig-Flensburg' in html
    assert html.count('<a href="/regionen/01059') >= len(page.children)  # linked map and table


def test_land_page_counts_its_regions(client):
    response = client.get(reverse("regions:detail", args=["090000000000"]))
    descendants = dict(response.context["descendants"])
    assert descendants["Regierungsbezirke"] == 7
    assert descendants["Kreise und kreisfreie Städte"] == 96
    assert [c.level for c in response.context["page"].children] == ["rbz"] * 7


@pytest.mark.parametrize("ars", ["01001", "01001000000x", "990000000000", "010010000999"])
def test_unknown_or_invalid_ars_is_404(client, ars):
    assert client.get(f"/regionen/{ars}/").status_code == 404
