"""Whose data and which indicators: always explicit (Open SDG interoperability, part 1).

Real repositories showed data without GeoCode filed under Germany and a city's local "8.1"
(long-term unemployment) stored as DNS 8.1. Now rows without a region need ``--region``,
Open SDG repositories need ``--codes``, codes match only within the framework named, local
codes can become the organisation's own indicators, and ``--per-file`` imports the valid
files of a repository and reports the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import observations_import
from zielwerk.workspace.models import OwnIndicator

from .test_import import _csv, make_reference_data

LAND = "050000000000"


@pytest.fixture
def reference(db) -> None:
    make_reference_data()


def _local_repository(root: Path, *, broken: bool = False) -> Path:
    """A city's Open SDG repository in its own numbering, without GeoCodes."""
    (root / "data").mkdir(parents=True)
    (root / "meta").mkdir()
    (root / "data" / "indicator_8-1.csv").write_text(
        "Year,Units,Value\n2019,percentage,3.1\n2020,percentage,3.4\n2021,percentage,3.0\n"
    )
    (root / "meta" / "8-1.md").write_text(
        "---\nindicator_name: Langzeitarbeitslose\ncomputation_units: percentage\n"
        "sdg_goal: 8\nsource_organisation_1: Bundesagentur für Arbeit\n---\n"
    )
    beds = "Year,Value\n2020,5.2\n2021,x\n" if broken else "Year,Value\n2020,5.2\n2021,5.0\n"
    (root / "data" / "indicator_3-3.csv").write_text(beds)
    (root / "meta" / "3-3.md").write_text("---\ngraph_title: Krankenhausbetten\n---\n")
    return root


def test_rows_without_region_are_refused_unless_the_region_is_named(reference, tmp_path):
    path = _csv(tmp_path / "a.csv", ["7.2.a,,,2022,20.8,percentage,"])
    refused = observations_import(path=path)
    assert [(p.code.value, p.line, p.column) for p in refused.problems] == [
        ("missing_region", 2, "region")
    ]
    assert not Observation.objects.exists()
    named = observations_import(path=path, region=LAND)
    assert named.ok and Observation.objects.get().region.ars == LAND


def test_open_sdg_repository_needs_its_code_framework(reference, tmp_path):
    repo = _local_repository(tmp_path / "repo")
    with pytest.raises(CommandError) as usage:
        call_command("import", str(repo), "--region", LAND, "--no-progress")
    assert usage.value.returncode == 2 and "--codes" in str(usage.value)
    with pytest.raises(CommandError) as unknown:
        call_command("import", str(repo), "--region", "99", "--codes", "un", "--no-progress")
    assert unknown.value.returncode == 2


def test_local_codes_never_land_in_dns_or_un_indicators(reference, tmp_path):
    repo = _local_repository(tmp_path / "repo")
    summary = observations_import(path=repo, region=LAND, codes="un")
    assert summary.ok and summary.created == 0  # neither 8.1 nor 3.3 is a UN code
    assert {s.code.value for s in summary.skips} == {"unknown_indicator"}
    assert not Observation.objects.filter(indicator__code__in=["8.1", "3.3"]).exists()


def test_local_codes_become_own_indicators_from_the_metadata(reference, tmp_path, capsys):
    from zielwerk.regions.models import Region

    Organisation.objects.create(
        name="Land NRW", slug="nrw", kind="land", region=Region.objects.get(ars=LAND)
    )
    repo = _local_repository(tmp_path / "repo")
    call_command("import", str(repo), "--region", LAND, "--codes", "own:nrw", "--no-progress")
    assert "eigene Indikatoren angelegt: 2" in capsys.readouterr().out
    own = {o.source_code: o.indicator for o in OwnIndicator.objects.select_related("indicator")}
    assert set(own) == {"8.1", "3.3"}
    assert (own["8.1"].title_de, own["8.1"].unit, own["8.1"].goal.number) == (
        "Langzeitarbeitslose",
        "percent",
        8,
    )
    assert own["3.3"].title_de == "Krankenhausbetten" and own["3.3"].goal.number == 3
    assert OwnIndicator.objects.get(source_code="8.1").source == "Bundesagentur für Arbeit"
    values = Observation.objects.filter(indicator=own["8.1"]).order_by("year")
    assert [o.value for o in values] == [3.1, 3.4, 3.0]
    assert not Observation.objects.filter(indicator__framework__in=["dns", "un"]).exists()
    # A re-import finds the same own indicators and changes nothing.
    call_command("import", str(repo), "--region", LAND, "--codes", "own:nrw", "--no-progress")
    out = capsys.readouterr().out
    assert "neu: 0" in out and "eigene Indikatoren angelegt" not in out
    assert Indicator.objects.filter(framework="own").count() == 2


def test_per_file_imports_the_valid_files_and_reports_the_others(reference, tmp_path, capsys):
    from zielwerk.regions.models import Region

    Organisation.objects.create(
        name="Land NRW", slug="nrw", kind="land", region=Region.objects.get(ars=LAND)
    )
    repo = _local_repository(tmp_path / "repo", broken=True)
    with pytest.raises(SystemExit) as all_or_nothing:
        call_command("import", str(repo), "--region", LAND, "--codes", "own:nrw", "--no-progress")
    assert all_or_nothing.value.code == 1
    assert not Observation.objects.exists() and not OwnIndicator.objects.exists()
    with pytest.raises(SystemExit) as partial:
        call_command(
            "import", str(repo), "--region", LAND, "--codes", "own:nrw", "--per-file",
            "--no-progress",
        )  # fmt: skip
    assert partial.value.code == 3
    out = capsys.readouterr().out
    assert "Abgelehnte Dateien (1)" in out and "indicator_3-3.csv: 1 Fehler" in out
    assert "Zeile 3" in out and "Wert ist keine Zahl" in out
    written = set(Observation.objects.values_list("indicator__owner__source_code", flat=True))
    assert written == {"8.1"} and Observation.objects.count() == 3


def test_an_older_edition_keeps_the_newer_values(reference, tmp_path, capsys):
    new = _csv(tmp_path / "new.csv", ["7.2.a,DG,,2022,20.8,%,", "7.2.a,DG,,2023,22.0,%,"])
    old = _csv(tmp_path / "old.csv", ["7.2.a,DG,,2022,19.9,%,p", "7.2.a,DG,,2021,19.0,%,"])
    assert observations_import(path=new, edition="2026-04").created == 2
    summary = observations_import(path=old, edition="2024-12")
    assert (summary.created, summary.revised, summary.kept) == (1, 0, 1)
    assert Observation.objects.get(year=2022).value == 20.8  # the newer value stays
    call_command("import", str(old), "--edition", "2024-12", "--allow-older", "--no-progress")
    assert "revidiert: 1" in capsys.readouterr().out
    assert Observation.objects.get(year=2022).value == 19.9
    bad = observations_import(path=old, edition="Dezember")
    assert [p.code.value for p in bad.problems] == ["invalid_edition"]


def _uk_repository(root: Path) -> Path:
    """A UK city's VLR repository: GSS GeoCodes, the national row without one."""
    (root / "data").mkdir(parents=True)
    (root / "meta").mkdir()
    (root / "data" / "indicator_3-4-1.csv").write_text(
        "Year,GeoCode,Units,Value\n2020,E08000035,percentage,12.5\n2021,E08000035,percentage,12.1\n"
        "2021,,percentage,11.0\n"
    )
    (root / "meta" / "3-4-1.md").write_text("---\nindicator_name: Premature mortality\n---\n")
    return root


def test_partner_regions_abroad_import_with_their_own_codes(client, reference, tmp_path, capsys):
    call_command(
        "add_region_abroad", "--country", "GB", "--scheme", "GSS", "--code", "E08000035",
        "--name", "Leeds", "--kind", "City",
    )  # fmt: skip
    call_command(
        "add_region_abroad", "--country", "GB", "--scheme", "GSS", "--code", "K02000001",
        "--name", "United Kingdom",
    )  # fmt: skip
    with pytest.raises(CommandError) as usage:
        call_command(
            "add_region_abroad", "--country", "DE", "--scheme", "ARS", "--code", "1", "--name", "x"
        )
    assert usage.value.returncode == 2
    from zielwerk.regions.models import Region

    leeds = Region.objects.get(ars="GB-E08000035")
    assert (leeds.level, leeds.country, leeds.scheme, leeds.code) == (
        "ausland", "GB", "GSS", "E08000035"
    )  # fmt: skip
    Organisation.objects.create(
        name="Leeds City Council", slug="leeds", kind="gemeinde", region=leeds
    )
    repo = _uk_repository(tmp_path / "uk")
    # Without --geocodes, a GSS code is no German region code.
    with pytest.raises(SystemExit):
        call_command(
            "import", str(repo), "--codes", "own:leeds", "--region", "GB-K02000001",
            "--no-progress",
        )  # fmt: skip
    assert "ungültiger Regionalschlüssel" in capsys.readouterr().err
    call_command(
        "import", str(repo), "--codes", "own:leeds", "--geocodes", "GB",
        "--region", "GB-K02000001", "--no-progress",
    )  # fmt: skip
    rows = Observation.objects.order_by("region__ars", "year")
    assert [(o.region.ars, o.year, o.value) for o in rows] == [
        ("GB-E08000035", 2020, 12.5),
        ("GB-E08000035", 2021, 12.1),
        ("GB-K02000001", 2021, 11.0),
    ]
    assert not Observation.objects.filter(region__country="DE").exists()
    page = client.get("/regionen/GB-E08000035/")
    assert page.status_code == 200
    assert "Leeds" in page.content.decode() and "Region im Ausland" in page.content.decode()


def test_a_mapping_file_routes_corresponding_codes_to_the_catalogue(reference, tmp_path):
    from zielwerk.regions.models import Region

    Organisation.objects.create(
        name="Land NRW", slug="nrw", kind="land", region=Region.objects.get(ars=LAND)
    )
    repo = _local_repository(tmp_path / "repo")
    mapping = tmp_path / "map.csv"
    mapping.write_text("code,indicator\n3.3,3.3.1\n")
    call_command(
        "import", str(repo), "--region", LAND, "--codes", "own:nrw", "--code-map", str(mapping),
        "--no-progress",
    )  # fmt: skip
    assert set(OwnIndicator.objects.values_list("source_code", flat=True)) == {"8.1"}
    assert Observation.objects.filter(indicator__code="3.3.1").count() == 2
    mapping.write_text("code,indicator\n3.3,9.9.9\n")
    with pytest.raises(CommandError) as wrong:
        call_command(
            "import", str(repo), "--region", LAND, "--codes", "own:nrw", "--code-map",
            str(mapping), "--no-progress",
        )  # fmt: skip
    assert wrong.value.returncode == 2 and "9.9.9" in str(wrong.value)


def test_source_metadata_round_trips_and_config_folders_are_read(client, reference, tmp_path):
    import io
    import zipfile

    from zielwerk.regions.models import Region

    Organisation.objects.create(
        name="Land NRW", slug="nrw", kind="land", region=Region.objects.get(ars=LAND)
    )
    repo = _local_repository(tmp_path / "repo")
    # Metadata in a folder the repository's config names (as sdg-build reads it).
    (repo / "config_data.yml").write_text(
        "inputs:\n  - class: InputCsvData\n    path_pattern: data/*.csv\n"
        "  - class: InputCsvMeta\n    path_pattern: csv-meta/*.csv\n"
        "  - class: InputYamlMdMeta\n    path_pattern: meta/*.md\n"
    )
    (repo / "csv-meta").mkdir()
    (repo / "csv-meta" / "8-1.csv").write_text(
        "field,value\ndata_notice_class: x,\nsource_url_1,https://statistik.arbeitsagentur.de\n"
    )
    call_command("import", str(repo), "--region", LAND, "--codes", "own:nrw", "--no-progress")
    own = OwnIndicator.objects.get(source_code="8.1").indicator
    assert own.metadata["opensdg"]["de"]["source_url_1"] == "https://statistik.arbeitsagentur.de"
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/opensdg/repository.zip").content))
    meta = archive.read(f"meta/{own.code}.md").decode()
    assert "indicator_name: Langzeitarbeitslose" in meta
    assert "source_organisation_1: Bundesagentur für Arbeit" in meta
    assert "source_url_1: https://statistik.arbeitsagentur.de" in meta
    assert "source_indicator_number: '8.1'" in meta
