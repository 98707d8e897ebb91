"""SDMX and Open SDG outputs read back give the observations in the database."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sdmx

from zielwerk.core.observations import parse_series_key
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import observations_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def _db(indicator):
    rows = Observation.objects.filter(indicator__code=indicator).select_related("region")
    return {(o.region.ars, o.series, o.period or str(o.year)): o.value for o in rows}


def read_sdmx_csv(text):
    """A strict SDMX-CSV 1.0 reader: DATAFLOW first, then dimensions, TIME_PERIOD, OBS_VALUE,
    then attributes; every row as wide as the header; OBS_VALUE numeric."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header[0] == "DATAFLOW"
    time_at = header.index("TIME_PERIOD")
    assert header[time_at + 1] == "OBS_VALUE"
    dimensions = header[1:time_at]
    rows = []
    for line in reader:
        assert len(line) == len(header)
        row = dict(zip(header, line, strict=True))
        rows.append(row | {"OBS_VALUE": float(row["OBS_VALUE"])})
    return dimensions, rows


def _sdmx_keys(dimensions, row, db_series):
    disaggregation = {d: row[d] for d in dimensions[3:] if row[d] != "_T"}
    matches = [
        s for s in db_series
        if {k.upper().replace(" ", "_"): v for k, v in parse_series_key(s).items()}
        == disaggregation
    ]  # fmt: skip
    assert len(matches) == 1, (disaggregation, matches)
    return row["REF_AREA"], matches[0], row["TIME_PERIOD"]


@pytest.mark.parametrize("indicator", ["7.2.a", "3.1.e", "11.1.a"])
def test_sdmx_csv_read_back_equals_the_database(client, indicator):
    response = client.get(f"/api/v1/sdmx/data/{indicator}", {"format": "csv"})
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv")
    dimensions, rows = read_sdmx_csv(response.content.decode())
    assert dimensions[:3] == ["FREQ", "INDICATOR", "REF_AREA"]
    expected = _db(indicator)
    series = {key[1] for key in expected}
    got = {_sdmx_keys(dimensions, row, series): row["OBS_VALUE"] for row in rows}
    assert got == expected


@pytest.mark.parametrize("indicator", ["7.2.a", "3.1.e"])
def test_sdmx_json_read_with_sdmx1_equals_the_database(client, indicator):
    response = client.get(f"/api/v1/sdmx/data/{indicator}", {"format": "json"})
    message = sdmx.read_sdmx(io.BytesIO(response.content), format="JSON")
    observations = message.data[0].obs
    assert len(observations) == len(_db(indicator))
    values_by_area_time = {}
    for obs in observations:
        key = obs.key.get_values()
        values_by_area_time.setdefault((key[2], key[-1]), []).append(obs.value)
    expected = {}
    for (area, _series, time), value in _db(indicator).items():
        expected.setdefault((area, time), []).append(value)
    assert {k: sorted(v) for k, v in values_by_area_time.items()} == {
        k: sorted(v) for k, v in expected.items()
    }
    units = {str(o.attached_attribute["UNIT_MEASURE"].value) for o in observations}
    assert units == set(
        Observation.objects.filter(indicator__code=indicator).values_list("unit", flat=True)
    )


def test_opensdg_repository_imports_back_unchanged(client, tmp_path):
    response = client.get("/api/v1/opensdg/repository.zip")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    assert {"data/indicator_7-2-a.csv", "meta/7-2-a.md"} <= names
    before = Observation.objects.count()
    summary = observations_import(region="000000000000", path=tmp_path, dry_run=True)
    assert summary.ok, summary.problems
    assert (summary.created, summary.revised) == (0, 0)
    assert summary.unchanged == before == summary.observations


def test_data_service_files_hold_the_database_values(client):
    data = client.get("/api/v1/opensdg/de/data/7-2-a.json").json()
    assert next(iter(data)) == "Year"
    assert list(data)[-1] == "Value"
    national = sorted(
        (y, v) for y, g, v in zip(data["Year"], data["GeoCode"], data["Value"], strict=True)
        if g is None
    )  # fmt: skip
    db = Observation.objects.filter(indicator__code="7.2.a", region__level="bund")
    assert national == sorted(db.values_list("year", "value"))
    headline = client.get("/api/v1/opensdg/de/headline/7-2-a.json").json()
    assert sorted((r["Year"], r["Value"]) for r in headline) == national
    edges = client.get("/api/v1/opensdg/de/edges/3-1-e.json").json()
    assert edges == {"From": ["age group"], "To": ["sex"]}  # sex only within an age group
    meta = client.get("/api/v1/opensdg/de/meta/7-2-a.json").json()
    assert meta["reporting_status"] == "complete"
    assert meta["sdg_goal"] == "7"


def test_reporting_stats_count_indicators_with_data(client):
    stats = client.get("/api/v1/opensdg/en/stats/reporting.json").json()
    overall = {s["status"]: s["count"] for s in stats["overall"]["statuses"]}
    with_data = Observation.objects.values("indicator").distinct().count()
    assert overall["complete"] == with_data
    assert sum(g["totals"]["total"] for g in stats["goals"]) == stats["overall"]["totals"]["total"]
    archive = client.get("/api/v1/opensdg/de/zip/all_indicators.zip")
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        assert sorted(z.namelist()) == ["11-1-a.csv", "3-1-e.csv", "7-2-a.csv"]
    assert client.get("/api/v1/opensdg/de/data/99-9-z.json").status_code == 404
