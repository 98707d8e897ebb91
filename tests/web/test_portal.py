"""Start page and sources page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zielwerk.portal.sources import DATA_SOURCES


@pytest.mark.django_db
def test_start_page_explains_and_links_all_goals(client):
    from django.core.management import call_command

    call_command("load_catalogue", verbosity=0)
    html = client.get("/").content.decode()
    assert "Agenda 2030" in html
    for number in range(1, 18):
        assert f'href="{reverse("catalogue:goal", args=[number])}"' in html
    assert "Bezahlbare und saubere Energie" in html


@pytest.mark.django_db
def test_start_page_in_english(client):
    from django.core.management import call_command

    call_command("load_catalogue", verbosity=0)
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Affordable and clean energy" in html


@pytest.mark.django_db
def test_german_is_the_default_whatever_the_browser_asks_for(client):
    from django.core.management import call_command

    call_command("load_catalogue", verbosity=0)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="de">' in html
    assert "Bezahlbare und saubere Energie" in html


@pytest.mark.django_db
def test_sources_page_names_every_licence_and_attribution(client):
    html = client.get(reverse("portal:sources")).content.decode()
    for source in DATA_SOURCES:
        assert source.attribution.replace("&", "&amp;") in html
    assert "dl-de/by-2-0" in html
    assert "GeoBasis-DE / BKG" in html


def test_pages_load_no_assets_from_other_hosts(client, db):
    html = client.get("/").content.decode()
    for attr in ("src=", "href="):
        for chunk in html.split(attr)[1:]:
            url = chunk[1:].split(chunk[0], 1)[0]
            if url.endswith((".css", ".js", ".woff2")):
                assert url.startswith("/static/"), url
