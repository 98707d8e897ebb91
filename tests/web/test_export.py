"""Export: what goes out comes back in unchanged (Open SDG, tidy CSV/XLSX); SDMX-CSV layout."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from zielwerk.core.observations import read_opensdg
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import (
    ExportFormat,
    observations_export,
    observations_frame,
    observations_import,
)

from .test_import import DNS, make_reference_data

KEY = ["indicator", "region", "series", "year", "period", "value", "unit", "flags"]


@pytest.fixture
def dns_imported(db):
    make_reference_data()
    summary = observations_import(region="000000000000", path=DNS, source="Destatis")
    assert summary.ok
    return summary


def test_opensdg_round_trip_gives_the_same_observations(dns_imported, tmp_path: Path) -> None:
    before = observations_frame().select(KEY).sort(KEY)
    rows = observations_export(path=tmp_path / "repo", export_format=ExportFormat.OPENSDG)
    assert rows == before.height == Observation.objects.count()
    again = observations_import(region="000000000000", path=tmp_path / "repo")
    assert again.ok
    assert (again.created, again.revised, again.unchanged) == (0, 0, before.height)
    Observation.objects.all().delete()
    fresh = observations_import(region="000000000000", path=tmp_path / "repo")
    assert fresh.created == before.height
    assert observations_frame().select(KEY).sort(KEY).equals(before)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_tidy_export_of_a_selection_reimports_unchanged(
    dns_imported, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"sel.{suffix}"
    call_command("export", str(out), "--indicator", "7.2.a", "--region", "080000000000")
    expected = Observation.objects.filter(
        indicator__code="7.2.a", region__ars="080000000000"
    ).count()
    assert expected > 0
    summary = observations_import(region="000000000000", path=out)
    assert summary.ok
    assert (summary.observations, summary.unchanged, summary.created) == (expected, expected, 0)


def test_sdmx_csv_has_one_row_per_observation_with_dimensions(dns_imported, tmp_path: Path) -> None:
    out = tmp_path / "sdmx.csv"
    observations_export(path=out, export_format=ExportFormat.SDMX, indicators=["1.1.a"])
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == Observation.objects.filter(indicator__code="1.1.a").count()
    assert {
        "DATAFLOW",
        "INDICATOR",
        "REF_AREA",
        "TIME_PERIOD",
        "OBS_VALUE",
        "TIME_SERIES",
        "SEX",
    } <= set(rows[0])
    totals = [
        r
        for r in rows
        if r["SEX"] == "_T" and r["AREA"] == "germany" and r["TIME_PERIOD"] == "2024"
    ]
    stored = Observation.objects.get(
        indicator__code="1.1.a",
        year=2024,
        series="area=germany|time series=a) material and social deprivation",
    )
    assert [float(r["OBS_VALUE"]) for r in totals] == [stored.value]


def test_exported_repository_reads_as_open_sdg(dns_imported, tmp_path: Path) -> None:
    observations_export(path=tmp_path, export_format=ExportFormat.OPENSDG, indicators=["9.1.b"])
    result = read_opensdg(tmp_path)
    assert result.ok
    assert result.frame.height == Observation.objects.filter(indicator__code="9.1.b").count()
    assert (tmp_path / "meta" / "9-1-b.md").read_text().startswith("---\nindicator: 9.1.b")
