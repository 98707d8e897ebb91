"""Issue 13, load: pages and API that scale to every Gemeinde.

- The indicator page with values for every Gemeinde renders a bounded amount of HTML: a paged
  table, no inline values or outlines in the map's spec (they come by URL: ``karte.json`` and
  the outlines), and a per-request cache read that does not grow with the number of regions.
- ``/api/v1/observations`` pages on the primary key with a query that an index serves:
  walking every page yields every row exactly once and in order while rows are inserted
  between the requests (SQLite and PostgreSQL); on PostgreSQL, ``EXPLAIN`` of the page query
  shows an index scan and no Sort node.
- Time limits: gunicorn's configuration and a statement timeout on PostgreSQL.
"""

from __future__ import annotations

import json
import pickle
import re
import runpy
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from zielwerk.api.selectors import ObservationFilter, observation_page_query
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import ImportRun, Observation
from zielwerk.portal import indicator_data
from zielwerk.regions.models import Region

ROOT = Path(__file__).resolve().parents[2]
INDICATOR = "7.2.a"
OTHER = "7.1.a"
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="EXPLAIN plans are checked on PostgreSQL"
)


@pytest.fixture(scope="module")
def gemeinden(django_db_setup, django_db_blocker):
    """Catalogue, the real region directory and two years of values of one indicator for
    every Gemeinde (≈ 21,800 observations), loaded once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalogue", stdout=StringIO())
        call_command("load_regions", stdout=StringIO())
        indicator = Indicator.objects.get(code=INDICATOR)
        run = ImportRun.objects.create(actor="tests", source="synthetic")
        ids = list(Region.objects.filter(level="gemeinde").values_list("id", flat=True))
        Observation.objects.bulk_create(
            (
                Observation(
                    indicator=indicator,
                    region_id=region_id,
                    year=year,
                    value=n % 89 + year / 1000,
                    unit="percentage",
                    import_run=run,
                )
                for n, region_id in enumerate(ids)
                for year in (2021, 2022)
            ),
            batch_size=5000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        yield len(ids)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.ZIELWERK_API_RATE_LIMIT = (100_000, 60)
    cache.clear()
    yield
    cache.clear()


# --- the indicator page -------------------------------------------------------------------


@pytest.mark.django_db
def test_indicator_page_of_every_gemeinde_is_bounded(client, gemeinden):
    assert gemeinden > 10_000
    response = client.get(f"/indikatoren/{INDICATOR}/")
    assert response.status_code == 200
    html = response.content.decode()
    # One row per year of the chart's region and one page of the map's table, not one per
    # Gemeinde; no outline drawn into the HTML.
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert all(table.count("<tr") <= indicator_data.MAP_PAGE_ROWS + 1 for table in tables)
    assert html.count("<tr") < 300
    assert "<path" not in html
    assert len(html) < 120_000, len(html)
    specs = re.findall(r'data-zw-spec="([^"]*)"', html)
    assert specs, "the page shows a chart and a map"
    assert all(len(spec) < 12_000 for spec in specs), [len(spec) for spec in specs]
    # The accessible alternative stays: the map's table, paged, with a link to the next page.
    assert 'id="kartentabelle"' in html
    assert "seite=2" in html


@pytest.mark.django_db
def test_map_values_come_by_url_and_colour_the_shared_outlines(client, gemeinden):
    html = client.get(f"/indikatoren/{INDICATOR}/").content.decode()
    spec_text = re.findall(r'data-zw-spec="([^"]*)"', html)[-1].replace("&quot;", '"')
    spec = json.loads(spec_text.replace("&amp;", "&").replace("&#x27;", "'"))
    assert spec["data"]["url"].startswith("/karten/gemeinde/")
    source = spec["layer"][1]["transform"][0]["from"]["data"]
    assert "values" not in source
    response = client.get(source["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    values = json.loads(response.content)["values"]
    scope = spec["data"]["url"].rsplit("/", 1)[1].removesuffix(".geojson")
    expected = Region.objects.filter(level="gemeinde", ars__startswith=scope).count()
    assert len(values) == expected > 100
    assert {"region", "name", "value", "flags"} <= set(values[0])
    # The server-rendered map still colours every region (values inlined for vl-convert).
    image = client.get(f"/indikatoren/{INDICATOR}/karte.svg")
    assert image.status_code == 200
    assert image.content.count(b"<path") >= expected


@pytest.mark.django_db
def test_what_every_page_view_reads_from_the_cache_does_not_grow_with_the_regions(gemeinden):
    indicator = Indicator.objects.get(code=INDICATOR)
    spread = indicator_data._spread(indicator.pk, "", "percentage")
    assert len(pickle.dumps(spread)) < 2_000
    assert {level.level for level in spread.levels} == {"gemeinde"}
    assert sum(level.regions for level in spread.levels) == gemeinden


@pytest.mark.django_db
def test_a_chosen_gemeinde_maps_its_own_land(client, gemeinden):
    region = Region.objects.filter(level="gemeinde", ars__startswith="09").order_by("ars").first()
    response = client.get(f"/indikatoren/{INDICATOR}/", {"region": region.ars})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/karten/gemeinde/09.geojson" in html
    assert region.name in html


# --- the observations API -----------------------------------------------------------------


def _walk(client, url: str, between=None) -> list[dict]:
    rows: list[dict] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        rows.extend(body["results"])
        assert body["count"] == len(body["results"])
        pages += 1
        if between is not None:
            between(pages)
        following = body["next"]
        url = ""
        if following:
            parts = urlsplit(following)
            url = f"{parts.path}?{parts.query}"
    return rows


@pytest.mark.django_db
def test_walking_all_pages_yields_every_row_once_in_order_while_rows_are_added(client, gemeinden):
    indicator = Indicator.objects.get(code=INDICATOR)
    other = Indicator.objects.get(code=OTHER)
    run = ImportRun.objects.create(actor="tests", source="added while paging")
    regions = list(Region.objects.filter(level="kreis").order_by("ars")[:40])
    before = list(
        Observation.objects.filter(indicator=indicator)
        .order_by("id")
        .values_list("region__ars", "year")
    )

    def add(page: int) -> None:
        if page > 6:
            return
        region = regions[page]  # Kreise: keys that did not exist when the walk began
        for code in (indicator, other):
            Observation.objects.create(indicator=code, region=region, year=2000 + page,
                                       value=page, unit="percentage", import_run=run)  # fmt: skip

    rows = _walk(client, f"/api/v1/observations?indicator={INDICATOR}&limit=2500", add)
    keys = [(row["region"], row["year"]) for row in rows]
    assert len(keys) == len(set(keys)), "a row came twice"
    after = list(
        Observation.objects.filter(indicator=indicator)
        .order_by("id")
        .values_list("region__ars", "year")
    )
    assert keys == after, "every row once, in primary-key order, the added ones at the end"
    assert keys[: len(before)] == before
    assert len(keys) == len(before) + 6
    assert {row["indicator"] for row in rows} == {INDICATOR}


@pytest.mark.django_db
def test_filtered_walk_matches_the_filter_exactly(client, gemeinden):
    url = f"/api/v1/observations?indicator={INDICATOR}&region_level=gemeinde&year_from=2022"
    rows = _walk(client, url + "&limit=5000")
    assert len(rows) == gemeinden
    assert {row["year"] for row in rows} == {2022}
    region = Region.objects.filter(level="gemeinde").order_by("ars").first()
    one = _walk(client, f"/api/v1/observations?indicator={INDICATOR}&region={region.ags}")
    assert [(r["region"], r["year"]) for r in one] == [(region.ars, 2021), (region.ars, 2022)]
    assert _walk(client, "/api/v1/observations?indicator=no-such-code") == []


@pytest.mark.django_db
def test_a_cursor_of_the_old_form_still_works_and_a_forged_one_is_refused(client, gemeinden):
    first = client.get(f"/api/v1/observations?indicator={INDICATOR}&limit=3").json()
    assert first["next_cursor"] and "cursor=" in first["next"]
    second = client.get(
        f"/api/v1/observations?indicator={INDICATOR}&limit=3&cursor={first['next_cursor']}"
    ).json()
    assert not {(r["region"], r["year"]) for r in first["results"]} & {
        (r["region"], r["year"]) for r in second["results"]
    }
    forged = client.get(f"/api/v1/observations?indicator={INDICATOR}&cursor=bm9wZQ")
    assert forged.status_code == 400


@pytest.mark.django_db
def test_an_api_page_is_computed_once_for_all_workers(client, gemeinden, monkeypatch):
    """A page computed in one worker is read by the others from the shared cache (a per-worker
    cache alone made each of 4 gunicorn workers compute each of 327 pages: p99 2.9 s)."""
    from zielwerk.api.routers import observations

    url = f"/api/v1/observations?indicator={INDICATOR}&limit=500"
    computed: list[int] = []
    original = observations._page

    def counting(*args, **kwargs):
        computed.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(observations, "_page", counting)
    first = client.get(url).content
    assert computed == [1]
    cache.clear()  # another worker: its own local cache is empty
    assert client.get(url).content == first
    assert computed == [1], "the second worker recomputed the page"


def test_the_local_cache_holds_every_page_of_one_indicator():
    """Django's LocMemCache keeps 300 entries by default: walking 327 pages in a cycle evicted
    every page before its next use (each request a miss)."""
    from django.conf import settings

    options = settings.CACHES["default"].get("OPTIONS", {})
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("Redis has no entry limit of its own")
    assert options.get("MAX_ENTRIES", 300) >= 2_000


def _plan(where: ObservationFilter, after: int) -> str:
    query = observation_page_query(where, after=after, limit=1001)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "where",
    [
        ObservationFilter(indicator=INDICATOR),
        ObservationFilter(indicator=INDICATOR, region_level="gemeinde"),
        ObservationFilter(indicator=INDICATOR, year_from=2022),
        ObservationFilter(),
    ],
    ids=["indicator", "indicator+level", "indicator+year", "everything"],
)
def test_page_query_is_an_index_scan_without_sort(gemeinden, where):
    # A second indicator with more rows than the first, so that the indicator is a part of
    # the table as in real data, then statistics as autovacuum would keep them.
    other = Indicator.objects.get(code=OTHER)
    run = ImportRun.objects.create(actor="tests", source="other")
    ids = list(Region.objects.filter(level="gemeinde").values_list("id", flat=True))
    Observation.objects.bulk_create(
        (
            Observation(
                indicator=other,
                region_id=region_id,
                year=year,
                value=1.0,
                unit="percentage",
                import_run=run,
            )
            for region_id in ids
            for year in range(2015, 2021)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_observation")
    middle = Observation.objects.filter(indicator__code=INDICATOR).order_by("id")[10_000].id
    for after in (0, middle):
        plan = _plan(where, after)
        assert "Index" in plan, plan
        assert "Sort" not in plan, plan
        assert "Seq Scan on monitoring_observation" not in plan, plan


# --- time limits --------------------------------------------------------------------------


def test_gunicorn_configuration_limits_request_time():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert 0 < config["timeout"] <= 60
    assert 0 < config["graceful_timeout"] <= 60
    assert config["workers"] >= 2
    assert config["max_requests"] > 0


def test_statement_timeout_is_set_on_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/zielwerk")
    monkeypatch.setenv("ZIELWERK_DB_STATEMENT_TIMEOUT", "7")
    monkeypatch.setenv("ZIELWERK_SECRET_KEY", "k" * 60)
    settings = runpy.run_path(str(ROOT / "src/zielwerk/web/settings.py"))
    options = settings["DATABASES"]["default"]["OPTIONS"]
    assert "statement_timeout=7000" in options["options"]
    monkeypatch.setenv("ZIELWERK_DB_STATEMENT_TIMEOUT", "0")
    settings = runpy.run_path(str(ROOT / "src/zielwerk/web/settings.py"))
    assert "statement_timeout" not in str(settings["DATABASES"]["default"].get("OPTIONS", {}))


@postgres_only
def test_the_configured_statement_timeout_cancels_a_long_query_on_postgresql(monkeypatch):
    import psycopg

    url = connection.settings_dict
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/zielwerk")
    monkeypatch.setenv("ZIELWERK_DB_STATEMENT_TIMEOUT", "0.2")
    monkeypatch.setenv("ZIELWERK_SECRET_KEY", "k" * 60)
    configured = runpy.run_path(str(ROOT / "src/zielwerk/web/settings.py"))
    options = configured["DATABASES"]["default"]["OPTIONS"]["options"]
    with psycopg.connect(
        host=url["HOST"] or "127.0.0.1",
        port=url["PORT"] or 5432,
        user=url["USER"],
        dbname="postgres",
        options=options,
    ) as db:
        assert db.execute("SHOW statement_timeout").fetchone() == ("200ms",)
        with pytest.raises(psycopg.errors.QueryCanceled):
            db.execute("SELECT pg_sleep(2)")
