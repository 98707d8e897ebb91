"""Assessments are computed after an import, stored, and shown on indicator and goal pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from zielwerk.catalogue.models import PublishedWeather
from zielwerk.monitoring.models import Assessment
from zielwerk.monitoring.services import observations_import

DNS = Path(__file__).resolve().parents[2] / "src/zielwerk/data/demo/dns-indicators"


@pytest.fixture
def renewables(tmp_path, db):
    """The real DNS repository reduced to indicator 7.2.a (renewable energy share)."""
    call_command("load_regions", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    shutil.copy(DNS / "data/indicator_7-2-a.csv", tmp_path / "data")
    shutil.copy(DNS / "meta/7-2-a.md", tmp_path / "meta")
    return tmp_path


def test_import_computes_and_stores_assessments(renewables):
    assert not Assessment.objects.exists()
    summary = observations_import(region="000000000000", path=renewables, source="Destatis")
    assert summary.ok
    national = Assessment.objects.filter(indicator__code="7.2.a", region__ars="000000000000")
    methods = set(national.values_list("method", flat=True))
    assert methods == {"dns", "opensdg", "eurostat", "eurostat15"}
    dns = national.get(method="dns")
    # The published symbol of the current report for the 2030 target is "Wolke" (cloud).
    published = (
        PublishedWeather.objects.filter(
            published_target__indicator__code="7.2.a",
            published_target__target_year=2030,
            published_target__category="new",
            valid=True,
        )
        .order_by("-year")
        .first()
    )
    assert published is not None
    assert dns.status == published.symbol == "cloud"
    components = dns.components
    assert components["target_value"] == 41.0
    assert components["target_year"] == 2030
    # The explanation reproduces by hand: projection = x_t + Δ·(T − t).
    expected = components["current_value"] + components["mean_change"] * (
        2030 - components["current_year"]
    )
    assert components["projection"] == pytest.approx(expected)


def test_reimport_of_the_same_data_leaves_assessments_untouched(renewables):
    observations_import(region="000000000000", path=renewables, source="Destatis")
    before = list(Assessment.objects.order_by("pk").values_list("pk", "computed_at"))
    again = observations_import(region="000000000000", path=renewables, source="Destatis")
    assert again.created == again.revised == 0
    assert list(Assessment.objects.order_by("pk").values_list("pk", "computed_at")) == before


def test_indicator_page_explains_the_symbol(renewables, client):
    observations_import(region="000000000000", path=renewables, source="Destatis")
    html = client.get("/indikatoren/7.2.a/").content.decode()
    assert "Wolke" in html
    assert "Ziel ist 41,0" in html
    assert "Mäßiger Fortschritt" in html or "Geringer Fortschritt" in html


def test_goal_page_shows_status_of_its_indicators(renewables, client):
    observations_import(region="000000000000", path=renewables, source="Destatis")
    html = client.get("/ziele/7/").content.decode()
    entry = html[html.index('href="/indikatoren/7.2.a/"') :].split("</li>")[0]
    # The symbol is an SVG icon (no emoji font needed), the word beside it.
    assert '<svg class="zw-icon"' in entry and "</svg></span> Wolke" in entry
    assert "zw-status--poor" in entry
