"""Search, reporting status, status overview and region pages on real data."""

from __future__ import annotations

import re

import pytest

from zielwerk.portal.search import catalogue_search, stem

pytestmark = pytest.mark.usefixtures("data")


def test_search_finds_energy_in_german_word_forms(client):
    page = client.get("/suche/", {"q": "Energie"}).content.decode()
    assert 'href="/indikatoren/7.2.a/"' in page  # "Anteil erneuerbarer Energien …"
    assert 'href="/ziele/7/"' in page  # "Bezahlbare und saubere Energie"
    codes = [hit.code for hit in catalogue_search("erneuerbare energien")]
    assert "7.2.a" in codes and "7.2.1" in codes
    assert [h.code for h in catalogue_search("ENERGIEN")] == [
        h.code for h in catalogue_search("energie")
    ]


def test_search_folds_umlauts_and_finds_codes():
    assert [h.code for h in catalogue_search("Bevölkerung")] == [
        h.code for h in catalogue_search("Bevoelkerung")
    ]
    assert catalogue_search("Bevölkerung")
    assert catalogue_search("7.2.a")[0].code == "7.2.a"
    assert stem("energien") == stem("energie")
    assert catalogue_search("xyzzy") == []


def test_search_finds_regions(client):
    page = client.get("/suche/", {"q": "Flensburg"}).content.decode()
    assert 'href="/regionen/010010000000/"' in page
    assert "Kein Ziel, Unterziel oder Indikator passt" in page
    assert client.get("/suche/", {"q": "koeln"}).content.decode().count("Köln") >= 1


def test_header_has_a_search_box(client):
    page = client.get("/").content.decode()
    assert re.search(r'<form class="zw-search" action="/suche/" method="get" role="search">', page)


def test_reporting_status_counts_indicators_with_data(client):
    page = client.get("/berichtsstand/").content.decode()
    row = page[page.index('href="/ziele/7/"') :].split("</tr>")[0]
    assert re.search(r'<td class="zw-num">1 / \d+</td>', row)  # 7.2.a of goal 7
    assert "Für 2 von 82 Indikatoren der Deutschen Nachhaltigkeitsstrategie" in page


def test_status_overview_groups_by_symbol(client):
    page = client.get("/stand-der-ziele/").content.decode()
    cloud = page[page.index('id="wetter-cloud"') :].split("</section>")[0]
    assert 'href="/indikatoren/7.2.a/"' in cloud
    assert 'id="nach-fortschritt"' in page


def test_region_page_compares_with_land_and_germany(client):
    page = client.get("/regionen/010000000000/").content.decode()
    table = page[page.index('id="ziel-7"') :].split("</table>")[0]
    row = table[table.index("7.2.a") :].split("</tr>")[0]
    cells = re.findall(r'<td class="zw-num">(.*?)</td>', row, re.S)
    own, germany = cells[0], cells[-1]
    from zielwerk.monitoring.models import Observation

    sh = Observation.objects.filter(indicator__code="7.2.a", region__ars="010000000000")
    latest = sh.order_by("-year").first()
    assert f"% ({latest.year})" in own  # the unit in German, then the year
    assert own.startswith(f"{round(latest.value, 4)}".replace(".", ","))
    national = Observation.objects.get(
        indicator__code="7.2.a", region__ars="000000000000", year=latest.year, series=""
    )
    assert germany.startswith(f"{round(national.value, 4)}".replace(".", ","))
    # A Land's series has no council target and no national target: a trend, no target status.
    assert "verbessert sich" in row or "verschlechtert sich" in row


def test_region_without_data_says_so(client):
    page = client.get("/regionen/010010000000/").content.decode()
    assert "Für diese Region liegen noch keine Indikatordaten vor." in page
