"""The indicator page's content is cached per data and catalogue version: a warm page costs one
query, and a new import or a catalogue edit is shown at once. The cache is not rolled back with
the test's transaction, so tests that change data leave a new version behind them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zielwerk.catalogue.models import Indicator
from zielwerk.core.regions import BUND_ARS
from zielwerk.monitoring.models import ImportRun, Observation
from zielwerk.portal.rendering import bump_catalogue

pytestmark = pytest.mark.usefixtures("data")
PAGE = "/indikatoren/7.2.a/"


@pytest.fixture
def fresh_version() -> Iterator[None]:
    """Whatever the test caches under its changed data is never seen by other tests."""
    yield
    bump_catalogue()


def _main(page: bytes) -> str:
    text = page.decode()
    return text[text.index("<main") :]


def test_warm_page_costs_one_query(client, django_assert_num_queries):
    first = client.get(PAGE, {"jahr": "2015"}).content
    with django_assert_num_queries(1):  # the data and catalogue version
        again = client.get(PAGE, {"jahr": "2015"}).content
    assert _main(first) == _main(again)


def test_page_parts_are_not_shared_between_users(client, django_user_model):
    anonymous = client.get(PAGE).content.decode()
    assert "Anmelden" in anonymous
    user = django_user_model.objects.create_user("leser", "leser@example.org", "x" * 16)
    client.force_login(user)
    signed_in = client.get(PAGE).content.decode()
    assert "Mein Konto" in signed_in and "Anmelden" not in signed_in
    # Nothing per visitor in a public page: the language switch is a GET form, no CSRF token.
    assert "csrfmiddlewaretoken" not in anonymous
    client.logout()
    assert "Anmelden" in client.get(PAGE).content.decode()


def test_anonymous_visitors_get_the_whole_page_from_the_cache(
    client, django_assert_num_queries, settings
):
    first = client.get(PAGE, {"jahr": "2016"})
    with django_assert_num_queries(1):  # the versions; no rendering, no other query
        again = client.get(PAGE, {"jahr": "2016"})
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(PAGE, {"jahr": "2016"}).content.decode()
    assert 'lang="en"' in english and english != first.content.decode()


def test_the_language_switch_sets_the_cookie_and_stays_on_the_site(client, settings):
    response = client.get("/sprache/", {"language": "en", "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    away = client.get("/sprache/", {"language": "de", "next": "https://evil.example/"})
    assert away["Location"] == "/"
    unknown = client.get("/sprache/", {"language": "xx", "next": PAGE})
    assert settings.LANGUAGE_COOKIE_NAME not in unknown.cookies


def test_a_new_import_shows_at_once(client, fresh_version):
    client.get(PAGE)
    latest = Observation.objects.filter(indicator__code="7.2.a", region__ars=BUND_ARS, series="")
    row = latest.order_by("-year").first()
    Observation.objects.filter(pk=row.pk).update(value=99.125)
    ImportRun.objects.create(actor="test", source="test")
    assert "99,125" in client.get(PAGE).content.decode()


def test_a_catalogue_edit_shows_at_once(client, fresh_version):
    client.get(PAGE)
    indicator = Indicator.objects.get(code="7.2.a")
    indicator.title_de = "Geänderter Titel des Indikators"
    indicator.save()
    assert "Geänderter Titel des Indikators" in client.get(PAGE).content.decode()


def test_made_up_parameters_share_the_resolved_page(client, django_assert_num_queries):
    client.get(PAGE)
    with django_assert_num_queries(1):
        client.get(PAGE, {"reihe": "gibt es nicht", "jahr": "1800", "einheit": "x"})


@pytest.mark.django_db
def test_loading_the_catalogue_makes_cached_catalogue_parts_stale():
    from django.core.management import call_command

    from zielwerk.portal.rendering import catalogue_stamp

    call_command("load_catalogue", verbosity=0)
    before = catalogue_stamp()
    # A second load writes in bulk (no model signals); the catalogue_loaded signal still counts.
    call_command("load_catalogue", verbosity=0)
    assert catalogue_stamp() != before


@pytest.mark.django_db
def test_a_catalogue_change_in_another_worker_reaches_this_one(monkeypatch):
    """The token lives in the shared cache: another process's bump is seen here within
    STAMP_SECONDS (the per-process default cache would have kept the old pages for 24 h)."""
    import uuid

    from django.core.cache import caches

    from zielwerk.portal import rendering

    before = rendering.catalogue_stamp()
    caches["shared"].set(rendering._CATALOGUE_KEY, uuid.uuid4().hex, None)  # another worker
    assert rendering.catalogue_stamp() == before  # trusted for a moment ...
    clock = rendering.time.monotonic() + rendering.STAMP_SECONDS + 1
    monkeypatch.setattr(rendering.time, "monotonic", lambda: clock)
    assert rendering.catalogue_stamp() != before  # ... then re-read
