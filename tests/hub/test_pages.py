"""The public partnership pages on the real data (SQLite, and PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

from zielwerk.hub.models import Network, NetworkMembership, Partnership
from zielwerk.regions.models import Region

from .conftest import KOELN

NRW = "050000000000"
MUENSTER = "055150000000"


def _rows(html: str) -> int:
    return html.count('<tr><th scope="row"')


def test_the_list_counts_and_filters(hub: tuple[str, Path], client: Client) -> None:
    url = reverse("hub:list")
    assert url == "/partnerschaften/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    total = Partnership.objects.count()
    assert f"{total:,}".replace(",", ".") in html  # German thousands separator
    assert f'href="{reverse("hub:region", args=[KOELN])}"' not in html  # page 1: A…, not Köln
    nrw = client.get(url, {"land": NRW}).content.decode()
    in_nrw = Partnership.objects.filter(region__ars__startswith="05")
    assert f"{in_nrw.count():,}".replace(",", ".") in nrw
    assert re.search(r'<option value="050000000000" selected>', nrw)
    france = client.get(url, {"land": NRW, "staat": "France"}).content.decode()
    towns = in_nrw.filter(partner_country="France").values("region").distinct().count()
    second = client.get(url, {"land": NRW, "staat": "France", "seite": "2"}).content.decode()
    assert towns > 100 and "Seite 1 von 2" in france
    # every municipality once over both pages, plus the one country row on each
    assert _rows(france) + _rows(second) == towns + 2
    assert "Poland" not in france.split('id="nach-staat"')[1]


def test_an_unknown_filter_shows_everything(hub: tuple[str, Path], client: Client) -> None:
    page = client.get(reverse("hub:list"), {"land": "99", "staat": "Atlantis", "seite": "x"})
    assert page.status_code == 200
    assert f"{Partnership.objects.count():,}".replace(",", ".") in page.content.decode()


def test_a_municipality_page_has_a_map_and_its_table(hub: tuple[str, Path], client: Client) -> None:
    network = Network.objects.create(name="Klima-Bündnis", url="https://www.klimabuendnis.org")
    NetworkMembership.objects.create(
        region=Region.objects.get(ars=KOELN), network=network, since=1992
    )
    page = client.get(reverse("hub:region", args=[KOELN]))
    assert page.status_code == 200
    html = page.content.decode()
    partners = Partnership.objects.filter(region__ars=KOELN)
    assert partners.count() > 10
    assert html.count('<svg role="img"') == 1 and "Liverpool" in html
    table = html.split('id="partner-tabelle"')[1].split("</table>")[0]
    assert table.count("<tr>") == partners.count() + 1  # header and one row per partner
    assert "Klima-Bündnis" in html and "1992" in html
    assert "<script" not in html.split("<main")[1] and 'style="' not in html.split("<main")[1]


def test_a_municipality_without_partnerships(hub: tuple[str, Path], client: Client) -> None:
    empty = Region.objects.filter(level="gemeinde").exclude(partnerships__isnull=False).first()
    assert empty is not None
    html = client.get(reverse("hub:region", args=[empty.ars])).content.decode()
    assert "keine Partnerschaft erfasst" in html and "<svg" not in html.split("<main")[1]


def test_partners_in_germany_link_both_ways(hub: tuple[str, Path], client: Client) -> None:
    linked = Partnership.objects.filter(partner_region__isnull=False).select_related(
        "partner_region", "region"
    )[0]
    partner = linked.partner_region
    assert partner is not None
    own = client.get(reverse("hub:region", args=[linked.region.ars])).content.decode()
    assert f'href="{reverse("hub:region", args=[partner.ars])}"' in own
    named = client.get(reverse("hub:region", args=[partner.ars])).content.decode()
    named_by = named.split('id="genannt-von"')[1]
    assert f'href="{reverse("hub:region", args=[linked.region.ars])}"' in named_by


def test_unknown_region_is_404(hub: tuple[str, Path], client: Client) -> None:
    assert client.get(reverse("hub:region", args=["999999999999"])).status_code == 404


def test_english(hub: tuple[str, Path], client: Client) -> None:
    page = client.get(reverse("hub:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200


def test_networks_list_their_members(hub: tuple[str, Path], client: Client) -> None:
    network = Network.objects.create(
        name="Agenda-2030-Netzwerk", description="Kommunen für die SDG"
    )
    for ars, since in ((KOELN, 2016), (MUENSTER, None)):
        NetworkMembership.objects.create(
            region=Region.objects.get(ars=ars), network=network, since=since
        )
    overview = client.get(reverse("hub:networks")).content.decode()
    assert "Agenda-2030-Netzwerk" in overview and "2 Mitglieder" in overview
    page = client.get(reverse("hub:network", args=[network.pk]))
    assert page.status_code == 200
    table = page.content.decode().split('aria-labelledby="mitglieder">')[2].split("</table>")[0]
    assert table.index("Köln") < table.index("Münster") and "2016" in table
    assert f'href="{reverse("hub:region", args=[MUENSTER])}"' in table
    assert client.get(reverse("hub:network", args=[network.pk + 1])).status_code == 404


def test_one_language_per_page_with_real_partners(hub: tuple[str, Path], client: Client) -> None:
    """Wikidata names the partners' countries in English: on German pages they are marked
    ``lang="en"``; every other line speaks the page's language."""
    from tests.portal.test_one_language import foreign_lines

    for language in ("de", "en"):
        client.cookies["django_language"] = language
        for url in (reverse("hub:list"), reverse("hub:region", args=[KOELN])):
            html = client.get(url).content.decode()
            assert not foreign_lines(html, language), (
                language,
                url,
                foreign_lines(html, language)[:5],
            )
    client.cookies["django_language"] = "de"
    html = client.get(reverse("hub:region", args=[KOELN])).content.decode()
    assert '<td lang="en">Belgium</td>' in html
