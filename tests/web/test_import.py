"""``zielwerk import`` and the import service on real data: all or nothing, provenance,
re-imports, revisions, and an import killed half-way."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.monitoring.models import ImportRun, Observation, ObservationRevision
from zielwerk.monitoring.services import observations_import
from zielwerk.regions.models import Region

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "zielwerk" / "data"
DNS = DATA / "demo" / "dns-indicators"
DESTATIS = DATA / "demo" / "destatis-sdg-indicators"
LANDS = {f"{n:02d}0000000000" for n in range(1, 17)}


def make_reference_data() -> None:
    """Goals, Germany and the Länder, and every DNS and UN indicator code (ORM rows)."""
    goals = Goal.objects.bulk_create(
        Goal(number=n, title_de=f"Ziel {n}", title_en=f"Goal {n}", short_de=str(n), short_en=str(n))
        for n in range(1, 18)
    )
    by_number = {g.number: g for g in goals}
    dns = json.loads((DATA / "catalogue" / "dns_indicators.json").read_text())
    with (DATA / "catalogue" / "un_indicators.csv").open(encoding="utf-8") as handle:
        un = [row["code"] for row in csv.DictReader(handle)]
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=d["code"],
                framework="dns",
                goal=by_number[d["goal"]],
                sort_key=d["code"],
                title_de=d["code"],
                title_en=d["code"],
            )
            for d in dns
        ]
        + [
            Indicator(
                code=c,
                framework="un",
                goal=by_number[int(c.split(".")[0])],
                sort_key=c,
                title_de=c,
                title_en=c,
            )
            for c in un
        ]
    )
    germany = Region.objects.create(
        ars="000000000000", ags="00000000", name="Deutschland", level="bund"
    )
    Region.objects.bulk_create(
        Region(
            ars=ars, ags=ars[:2] + "000000", name=f"Land {ars[:2]}", level="land", parent=germany
        )
        for ars in sorted(LANDS)
    )


@pytest.fixture
def reference(db) -> None:
    make_reference_data()


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("indicator,region,series,year,value,unit,flag\n" + "\n".join(rows) + "\n")
    return path


def test_dns_repository_imports_completely_and_idempotently(reference) -> None:
    first = observations_import(region="000000000000", path=DNS, source="Destatis", actor="tester")
    assert first.ok, first.problems[:3]
    assert first.created == first.observations == Observation.objects.count()
    assert first.indicators == 82
    run = ImportRun.objects.get(pk=first.import_run_id)
    assert (run.actor, run.source, run.created) == ("tester", "Destatis", first.created)
    assert len(run.checksum) == 64
    sample = Observation.objects.select_related("import_run").first()
    assert sample.import_run == run
    assert sample.source == "Destatis"
    again = observations_import(region="000000000000", path=DNS, source="Destatis")
    assert (again.created, again.unchanged, again.revised) == (0, first.created, 0)
    assert again.import_run_id is not None
    assert Observation.objects.filter(import_run=run).count() == first.created


def test_destatis_repository_imports_with_skips_reported(reference) -> None:
    summary = observations_import(region="000000000000", path=DESTATIS)
    assert summary.ok
    assert Observation.objects.count() == summary.created > 10_000
    skipped = {s.code.value for s in summary.skips}
    assert {"not_an_indicator_file", "unknown_indicator", "empty_value"} <= skipped


def test_newer_vintage_records_revisions(reference, tmp_path: Path) -> None:
    old = observations_import(
        region="000000000000",
        path=_csv(
            tmp_path / "v1.csv",
            ["7.2.a,,,2022,20.8,percentage,p", "7.2.a,,,2023,21.6,percentage,p"],
        ),
    )
    new = observations_import(
        region="000000000000",
        path=_csv(
            tmp_path / "v2.csv",
            [
                "7.2.a,,,2022,20.8,percentage,p",
                "7.2.a,,,2023,22.0,percentage,",
                "7.2.a,,,2024,22.4,percentage,p",
            ],
        ),
    )
    assert (new.created, new.unchanged, new.revised) == (1, 1, 1)
    changed = Observation.objects.get(indicator__code="7.2.a", year=2023)
    assert (changed.value, changed.flags, changed.import_run_id) == (22.0, "", new.import_run_id)
    revision = ObservationRevision.objects.get(observation=changed)
    assert (revision.old_value, revision.old_flags) == (21.6, "p")
    assert (revision.old_import_run_id, revision.import_run_id) == (
        old.import_run_id,
        new.import_run_id,
    )


def test_a_file_with_errors_imports_nothing(reference, tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "bad.csv",
        [
            "7.2.a,,,2022,20.8,percentage,",
            "9.9.z,,,2022,1,,",
            "7.2.a,999999999999,,2022,1,percentage,",
            "7.2.a,,,2023,x,percentage,",
        ],
    )
    summary = observations_import(region="000000000000", path=path)
    assert not summary.ok
    found = {(p.code.value, p.line, p.value) for p in summary.problems}
    assert found == {
        ("unknown_indicator", 3, "9.9.z"),
        ("unknown_region", 4, "999999999999"),
        ("non_numeric_value", 5, "x"),
    }
    assert Observation.objects.count() == ImportRun.objects.count() == 0


def test_unit_change_against_stored_data_is_an_error(reference, tmp_path: Path) -> None:
    observations_import(
        region="000000000000",
        path=_csv(tmp_path / "a.csv", ["7.2.a,,,2022,20.8,percentage,"]),
    )
    summary = observations_import(
        region="000000000000",
        path=_csv(tmp_path / "b.csv", ["7.2.a,,,2022,0.208,ratio,"]),
    )
    assert [(p.code.value, p.value, p.detail) for p in summary.problems] == [
        ("unit_mismatch", "ratio", "percent")
    ]
    assert Observation.objects.get().value == 20.8


def test_dry_run_counts_but_writes_nothing(reference, tmp_path: Path) -> None:
    summary = observations_import(
        region="000000000000", path=_csv(tmp_path / "a.csv", ["7.2.a,,,2022,20.8,,"]), dry_run=True
    )
    assert summary.ok
    assert summary.created == 1
    assert summary.written == 0
    assert Observation.objects.count() == ImportRun.objects.count() == 0


def test_command_exit_codes_and_summary(reference, tmp_path: Path, capsys) -> None:
    good = _csv(tmp_path / "good.csv", ["7.2.a,code08,,2022,40.1,percentage,"])
    call_command("import", str(good), "--no-progress")
    out = capsys.readouterr().out
    assert "neu: 1" in out
    assert "Beobachtungen gelesen: 1" in out
    bad = _csv(tmp_path / "bad.csv", ["7.2.a,,,20x2,1,,"])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", str(bad), "--no-progress")
    assert exit_info.value.code == 1
    assert (
        "bad.csv, Zeile 2, Spalte „year“, Wert „20x2“: kein gültiges Jahr"
        in capsys.readouterr().err
    )
    with pytest.raises(CommandError) as usage:
        call_command("import", str(tmp_path / "missing.csv"))
    assert usage.value.returncode == 2
    cli = [sys.executable, "-m", "zielwerk.cli", "import", str(good), "--format", "csv"]
    assert (
        subprocess.run(
            cli, capture_output=True, env=os.environ | {"ZIELWERK_DEBUG": "1"}
        ).returncode
        == 2
    )
    cli = [sys.executable, "-m", "zielwerk.cli", "import", str(tmp_path / "missing.csv")]
    assert (
        subprocess.run(
            cli, capture_output=True, env=os.environ | {"ZIELWERK_DEBUG": "1"}
        ).returncode
        == 2
    )


KILL_SCRIPT = """
import os, sys, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "zielwerk.web.settings"
django.setup()
from pathlib import Path
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import bulk, observations_import
real_merge = bulk.merge
def merge(*args, **kwargs):
    real_merge(*args, **kwargs)  # all rows written, transaction still open
    print(Observation.objects.count(), flush=True)
    time.sleep(60)
bulk.merge = merge
observations_import(region="000000000000", path=Path(sys.argv[1]))
"""


@pytest.mark.slow
def test_import_killed_half_way_leaves_the_database_unchanged(tmp_path: Path) -> None:
    env = os.environ | {"ZIELWERK_DATA_DIR": str(tmp_path), "ZIELWERK_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0", "--skip-checks"], env=env, check=True)
    setup = "from tests.web.test_import import make_reference_data; make_reference_data()"
    subprocess.run([*manage, "shell", "-c", setup], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [
            *manage,
            "import",
            str(DESTATIS),
            "--no-progress",
            "--skip-checks",
            "--region",
            "DG",
            "--codes",
            "un",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    database = tmp_path / "zielwerk.sqlite3"

    def snapshot() -> tuple[int, int, float]:
        with sqlite3.connect(database) as con:
            return con.execute(
                "SELECT (SELECT COUNT(*) FROM monitoring_observation), "
                "(SELECT COUNT(*) FROM monitoring_importrun), "
                "(SELECT TOTAL(value) FROM monitoring_observation)"
            ).fetchone()

    before = snapshot()
    script = tmp_path / "kill_me.py"
    script.write_text(KILL_SCRIPT)
    process = subprocess.Popen(
        [sys.executable, str(script), str(DNS)],
        env=env | {"PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None
    written_in_transaction = int(process.stdout.readline())
    assert written_in_transaction > before[0]
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert snapshot() == before
    assert before[0] > 10_000
