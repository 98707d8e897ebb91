"""Observations: filters, stable cursor pages, CSV and XLSX downloads equal the database."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from zielwerk.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def _db_rows(**filters):
    rows = Observation.objects.filter(**filters).order_by("id")
    return [
        (o.indicator.code, o.region.ars, o.series, o.year, o.value, o.unit, o.flags)
        for o in rows.select_related("indicator", "region")
    ]


def _api_rows(results):
    return [
        (r["indicator"], r["region"], r["series"], r["year"], r["value"], r["unit"], r["flags"])
        for r in results
    ]


def _walk(client, params):
    rows, cursors, cursor = [], [], ""
    while True:
        body = client.get("/api/v1/observations", {**params, "cursor": cursor}).json()
        rows.extend(_api_rows(body["results"]))
        assert body["count"] == len(body["results"])
        cursor = body["next_cursor"]
        if not cursor:
            return rows, cursors
        cursors.append(cursor)


def test_pages_concatenate_to_the_database_rows(client):
    rows, cursors = _walk(client, {"indicator": "11.1.a", "limit": 100})
    assert rows == _db_rows(indicator__code="11.1.a")
    assert len(cursors) == (len(rows) - 1) // 100


def test_cursors_stay_valid_while_data_is_added(client):
    params = {"indicator": "7.2.a", "limit": 50}
    first = client.get("/api/v1/observations", params).json()
    second_before = client.get(
        "/api/v1/observations", {**params, "cursor": first["next_cursor"]}
    ).json()
    template = Observation.objects.filter(indicator__code="7.2.a").first()
    Observation.objects.create(
        indicator=template.indicator, region=template.region, series="", year=1990,
        value=1.5, unit=template.unit,
    )  # fmt: skip
    second_after = client.get(
        "/api/v1/observations", {**params, "cursor": first["next_cursor"]}
    ).json()
    assert second_after["results"] == second_before["results"]
    rows, _ = _walk(client, params)
    assert rows[-1][3] == 1990  # new rows come last: nothing skipped, nothing twice
    assert (
        len(rows) == len(set(rows)) == Observation.objects.filter(indicator__code="7.2.a").count()
    )


def test_filters_by_level_years_and_series(client):
    body = client.get(
        "/api/v1/observations",
        {"indicator": "7.2.a", "region_level": "land", "year_from": 2015, "year_to": 2018,
         "limit": 10000},
    ).json()  # fmt: skip
    assert _api_rows(body["results"]) == _db_rows(
        indicator__code="7.2.a", region__level="land", year__gte=2015, year__lte=2018
    )
    assert body["results"]
    assert {r["region"][2:] for r in body["results"]} == {"0000000000"}
    headline = client.get("/api/v1/observations", {"indicator": "7.2.a", "series": ""}).json()
    assert {r["series"] for r in headline["results"]} == {""}
    gemeinde = client.get("/api/v1/observations", {"region": "01001000"}).json()
    assert gemeinde["results"] == []


def test_a_forged_cursor_is_a_400(client):
    response = client.get("/api/v1/observations", {"cursor": "not-a-cursor"})
    assert response.status_code == 400


def test_csv_streams_every_matching_row_as_the_tidy_contract(client):
    response = client.get("/api/v1/observations", {"indicator": "3.1.e", "format": "csv"})
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ["indicator", "region", "series", "year", "value", "unit", "flag"]
    rows = [
        (r["indicator"], r["region"], r["series"], int(r["year"]), float(r["value"]), r["unit"],
         r["flag"])
        for r in reader
    ]  # fmt: skip
    assert rows == _db_rows(indicator__code="3.1.e")


def test_csv_of_all_observations_spans_several_chunks(client, monkeypatch):
    from zielwerk.api.services import frames

    original = frames.observation_chunks
    monkeypatch.setattr(
        frames, "observation_chunks", lambda where, size=0: original(where, size=97)
    )
    response = client.get("/api/v1/observations", {"format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("indicator,")
    assert lines.count(lines[0]) == 1
    assert len(lines) - 1 == Observation.objects.count() > 97 * 3


def test_xlsx_holds_the_same_rows(client):
    response = client.get("/api/v1/observations", {"indicator": "7.2.a", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("indicator", "region", "series", "year", "value", "unit", "flag")
    got = sorted((r[0], r[1], r[2] or "", r[3], r[4]) for r in values[1:])
    assert got == sorted(r[:5] for r in _db_rows(indicator__code="7.2.a"))


def test_a_repeated_page_is_served_from_the_cache_until_the_data_changes(
    client, django_assert_max_num_queries
):
    from zielwerk.monitoring.models import ImportRun

    params = {"indicator": "7.2.a", "limit": 50}
    first = client.get("/api/v1/observations", params).json()
    with django_assert_max_num_queries(2):  # the data version (and the shared catalogue token)
        again = client.get("/api/v1/observations", params).json()
    assert again == first
    template = Observation.objects.filter(indicator__code="7.2.a").order_by("id").first()
    template.value += 1
    template.save()
    ImportRun.objects.create(source="test")  # every write goes through an import run
    changed = client.get("/api/v1/observations", params).json()
    assert changed["results"][0]["value"] == first["results"][0]["value"] + 1
