"""The catalogue in the database (load_catalogue) and its pages, on the real bundled data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zielwerk.catalogue.models import (
    DnsTarget,
    Goal,
    Indicator,
    PublishedTarget,
    PublishedWeather,
    Target,
)
from zielwerk.catalogue.services import DNS_TARGETS_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    return out.getvalue()


def test_counts_after_load(loaded):
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    un = Indicator.objects.filter(framework="un")
    assert un.count() == 248
    assert un.values("unsd_code").distinct().count() == 232
    dns = Indicator.objects.filter(framework="dns")
    assert dns.count() == 82
    assert len({i.metadata["sheet"] for i in dns}) == 68
    assert Target.objects.get(code="11.c").indicators.count() == 0
    assert "Goal: 17 neu" in loaded


def test_titles_and_links(loaded):
    un = Indicator.objects.get(code="7.2.1")
    assert un.title_de == "Anteil der erneuerbaren Energien am gesamten Endenergieverbrauch"
    assert un.title_en.startswith("Renewable energy share")
    assert [t.code for t in un.targets.all()] == ["7.2"]
    dns = Indicator.objects.get(code="7.2.a")
    assert dns.title_de == "Anteil erneuerbarer Energien am Bruttoendenergieverbrauch"
    assert [i.code for i in dns.un_indicators.all()] == ["7.2.1"]
    assert [t.code for t in dns.targets.all()] == ["7.2"]
    assert list(un.dns_indicators.values_list("code", flat=True)) == ["7.2.a"]
    assert not Indicator.objects.filter(title_en="").exists()


def test_second_load_changes_nothing(loaded):
    before = list(Indicator.objects.order_by("pk").values())
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert all(" 0 neu, 0 geändert" in line for line in out.getvalue().splitlines()[:-1])
    assert "bereits aktuell" in out.getvalue()
    assert list(Indicator.objects.order_by("pk").values()) == before


def test_load_repairs_a_changed_title(loaded):
    Indicator.objects.filter(code="7.2.1").update(title_de="falsch")
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert "Indicator: 0 neu, 1 geändert" in out.getvalue()
    assert Indicator.objects.get(code="7.2.1").title_de.startswith("Anteil der erneuerbaren")


def test_published_weather_of_7_2_a_stored(loaded):
    published = PublishedTarget.objects.filter(indicator__code="7.2.a")
    assert published.count() == 5
    new = published.get(category="new")
    assert (new.target_year, new.valid_from) == (2030, 2025)
    assert new.weather.get(year=2024).symbol == PublishedWeather.Symbol.CLOUD
    assert PublishedWeather.objects.count() > 800


@pytest.mark.skipif(not DNS_TARGETS_FILE.exists(), reason="dns_targets.csv not yet built")
def test_machine_readable_targets_of_7_2_a(loaded):
    rows = DnsTarget.objects.filter(indicator__code="7.2.a").order_by("target_year")
    got = [(t.kind, t.direction, t.target_value, t.target_year) for t in rows]
    assert got == [
        ("year", "increase", 41.0, 2030),
        ("year", "increase", 45.0, 2040),
        ("year", "increase", 60.0, 2050),
    ]
    assert Indicator.objects.get(code="7.2.a").direction == "increase"


def test_goals_page(client, loaded):
    response = client.get(reverse("catalogue:goals"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="zw-goal zw-goal-') == 17
    assert "Bezahlbare und saubere Energie" in html


def test_goal_page_lists_targets_and_indicators(client, loaded):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalogue:goal", args=[7]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("catalogue:target", args=["7.2"]) in html
    assert reverse("catalogue:indicator", args=["7.2.1"]) in html
    assert reverse("catalogue:indicator", args=["7.2.a"]) in html
    assert len(queries) < 15


def test_target_page(client, loaded):
    response = client.get(reverse("catalogue:target", args=["7.2"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "7.2.1" in html
    assert "7.2.a" in html


def test_dns_indicator_page(client, loaded):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalogue:indicator", args=["7.2.a"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anteil erneuerbarer Energien am Bruttoendenergieverbrauch" in html
    assert "Anstieg auf 41 % bis 2030, auf 45 % bis 2040 und auf 60 % bis 2050" in html
    assert 'href="/indikatoren/7.2.1/"' in html
    assert '<th scope="col">' in html
    assert "Wolke (<span" in html
    # Cold page: catalogue, summary (incl. Germany's series for the default view), data.
    assert len(queries) < 17


def test_un_indicator_page_names_repeats(client, loaded):
    response = client.get(reverse("catalogue:indicator", args=["1.5.1"]))
    html = response.content.decode()
    assert "C200303" in html
    assert 'href="/indikatoren/11.5.1/"' in html
    assert 'href="/indikatoren/13.1.1/"' in html


def test_dns_list_page(client, loaded):
    response = client.get(reverse("catalogue:dns_indicators"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/indikatoren/') == 82
    assert html.count("<h2") == 17


@pytest.mark.parametrize(
    "url", ["/indikatoren/99.9.9/", "/unterziele/99.x/", "/ziele/18/", "/indikatoren/%3Cb%3E/"]
)
def test_unknown_codes_are_404(client, loaded, url):
    assert client.get(url).status_code == 404


def test_german_even_when_the_browser_asks_for_english(client, loaded):
    response = client.get("/ziele/7/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Bezahlbare und saubere Energie" in html


def test_english_by_cookie(client, loaded):
    client.cookies["django_language"] = "en"
    html = client.get("/indikatoren/7.2.1/").content.decode()
    assert "Renewable energy share in the total final energy consumption" in html
