"""A target applies only where it belongs: its region and its unit.

The scenario a Kreisstadt found: it entered its greenhouse-gas emissions for 13.1.a in
t CO₂-Äq. je Einwohner/-in, and its share of renewables for 7.2.b in %. National DNS targets
(13.1.a: index 1990 = 100) must not be drawn over or applied to its series; the national
pages still open on Germany; the town's published council target is what assesses it and
shows on its profile and on its view of the indicator.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from zielwerk.accounts.services import organisation_create
from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.monitoring.models import Assessment, Observation
from zielwerk.monitoring.services import observations_import
from zielwerk.regions.models import Region
from zielwerk.workspace.models import IndicatorSelection
from zielwerk.workspace.services import TargetData, target_submit

from .conftest import COESFELD

pytestmark = pytest.mark.django_db
GERMANY = "000000000000"


def _town_data(tmp_path: Path) -> None:
    path = tmp_path / "coesfeld.csv"
    path.write_text(
        "indicator,region,series,year,value,unit\n"
        + "".join(
            f"13.1.a,{COESFELD},,{year},{value},t CO₂-Äq. je Einwohner/-in\n"
            for year, value in ((2016, 9.8), (2018, 9.1), (2020, 8.2), (2022, 7.6))
        )
        + f"7.2.b,{COESFELD},,2022,31.5,%\n7.2.b,{COESFELD},,2023,33.0,%\n",
        encoding="utf-8",
    )
    summary = observations_import(path=path, source="Stadt Coesfeld, Klimabilanz")
    assert summary.ok, summary.problems


def _specs(page: str) -> list[dict]:
    import html
    import re

    return [json.loads(html.unescape(s)) for s in re.findall(r'data-zw-spec="([^"]+)"', page)]


def test_national_targets_stay_national(client, data: Path, tmp_path: Path) -> None:
    _town_data(tmp_path)
    town = Region.objects.get(ars=COESFELD)
    entered = Observation.objects.filter(region=town, indicator__code__in=["13.1.a", "7.2.b"])
    assert set(entered.values_list("unit", flat=True)) == {"t_co2e_per_inhabitant", "percent"}
    # No stored assessment of the town against a national target; Germany keeps its own.
    assert not Assessment.objects.filter(region=town).exists()
    assert Assessment.objects.filter(indicator__code="13.1.a", region__ars=GERMANY).exists()
    assert set(
        DnsTarget.objects.filter(indicator__code="13.1.a").values_list("unit", flat=True)
    ) == {"index_1990"}
    # The national pages open on Germany, whatever the town imported.
    for code in ("13.1.a", "7.2.b"):
        page = client.get(f"/indikatoren/{code}/").content.decode()
        assert "Region im Diagramm: <strong>Deutschland</strong>" in page, code
    national = client.get("/indikatoren/13.1.a/").content.decode()
    assert "Ziel 2030: 35" in national
    # The town's view draws no national target.
    view = client.get("/indikatoren/13.1.a/", {"region": COESFELD}).content.decode()
    assert "Region im Diagramm: <strong><a" in view and "Coesfeld" in view
    assert "Ziel 2030: 35" not in view
    chart = _specs(view)[0]
    assert [r["value"] for r in chart["data"]["values"]] == [9.8, 9.1, 8.2, 7.6]
    assert len(chart["layer"]) == 1  # the series alone, no target layers


def test_council_target_assesses_the_town_and_is_public(client, data: Path, tmp_path: Path) -> None:
    from tests.accounts.factories import UserFactory

    _town_data(tmp_path)
    town = Region.objects.get(ars=COESFELD)
    user = UserFactory()
    organisation = organisation_create(
        name="Stadt Coesfeld", slug="coesfeld", kind="gemeinde", region=town, admin=user
    )
    indicator = Indicator.objects.get(code="13.1.a")
    IndicatorSelection.objects.create(organisation=organisation, indicator=indicator)
    target_submit(
        organisation=organisation,
        user=user,
        indicator=indicator,
        data=TargetData(
            kind="year",
            direction="decrease",
            target_value=4.0,
            target_year=2030,
            unit="t_co2e_per_inhabitant",
            decision_date=date(2024, 3, 14),
            decision_reference="Vorlage 123/2024",
            decision_link="https://rat.example.org/vorlage/123",
        ),
        via="test",
        publish=True,
    )
    stored = Assessment.objects.filter(region=town, indicator=indicator, method="dns")
    assert stored.count() == 1
    assert stored.get().components["target_value"] == 4.0
    profile = client.get(f"/regionen/{COESFELD}/").content.decode()
    assert "Ziele des Rates" in profile and "Vorlage 123/2024" in profile
    view = client.get("/indikatoren/13.1.a/", {"region": COESFELD}).content.decode()
    assert "Ratsziel 2030: 4" in view and "Vorlage 123/2024" in view
    assert "Ziel 2030: 35" not in view
    api = client.get("/api/v1/organisations/coesfeld/targets").json()
    assert api["results"][0]["unit"] == "t_co2e_per_inhabitant"
    assert api["results"][0]["unit_label"] == "t CO₂-Äq. je Einwohner/-in"


def test_targets_are_metadata_of_the_open_sdg_export(client, data: Path, tmp_path: Path) -> None:
    test_council_target_assesses_the_town_and_is_public(client, data, tmp_path)
    meta = client.get("/api/v1/opensdg/de/meta/13-1-a.json").json()
    national = meta["graph_target_lines"]
    assert {line["unit"] for line in national} == {"index_1990"}
    assert 35.0 in {line["value"] for line in national}
    (council,) = meta["council_targets"]
    assert council["region"] == COESFELD and council["unit"] == "t_co2e_per_inhabitant"
    assert council["decision_reference"] == "Vorlage 123/2024"
    # The units of the indicator's data, in the page language (Germany's and the town's).
    assert meta["computation_units"] == "Index 1990 = 100; t CO₂-Äq. je Einwohner/-in"


def test_targets_are_series_attributes_of_the_sdmx_exports(client, data, tmp_path) -> None:
    import csv
    import io

    test_council_target_assesses_the_town_and_is_public(client, data, tmp_path)
    text = client.get("/api/v1/sdmx/data/13.1.a", {"format": "csv"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    by_area = {r["REF_AREA"]: r for r in rows if r["TARGET_SOURCE"]}
    assert by_area[COESFELD]["TARGET_VALUE"] == "4.0"
    assert by_area[COESFELD]["TARGET_YEAR"] == "2030"
    assert by_area[COESFELD]["TARGET_SOURCE"] == "Vorlage 123/2024 (2024-03-14)"
    assert "35.0" in by_area[GERMANY]["TARGET_VALUE"] and by_area[GERMANY]["TARGET_SOURCE"] == "DNS"
    message = client.get("/api/v1/sdmx/data/13.1.a", {"format": "json"}).json()
    names = [a["id"] for a in message["structure"]["attributes"]["series"]]
    assert names == ["TARGET_VALUE", "TARGET_YEAR", "TARGET_SOURCE"]
    sources = message["structure"]["attributes"]["series"][2]["values"]
    assert {v["id"] for v in sources} == {"DNS", "Vorlage 123/2024 (2024-03-14)"}
