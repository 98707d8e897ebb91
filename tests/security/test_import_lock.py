"""Imports take a lock: two overlapping ``zielwerk import`` runs, as real processes.

The finding: two overlapping runs ended in a raw traceback (``IntegrityError`` on
PostgreSQL, ``database is locked`` on SQLite). Now the write phase is serialised
(``zielwerk.monitoring.locks``): the second run waits and then writes, or — after
``--wait`` seconds — exits with code 75 and a clear message, having written nothing.

Each backend gets its own fresh database (a file in a temporary folder; a database of its
own on the PostgreSQL server at 127.0.0.1:5432 when there is one), migrated once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # migrates a fresh database per backend, starts processes

ROOT = Path(__file__).resolve().parents[2]
ZIELWERK = str(Path(sys.executable).parent / "zielwerk")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BUSY = 75

SETUP = """
from tests.accounts.factories import GoalFactory, IndicatorFactory, RegionFactory
IndicatorFactory(code="7.2.1", goal=GoalFactory(number=7))
RegionFactory(ars="051540004004", ags="05154004", name="Bedburg-Hau")
"""
HOLD = """
import sys
from zielwerk.monitoring import locks
with locks.exclusive(locks.IMPORT, wait=0):
    print("held", flush=True)
    sys.stdin.read()
"""
COUNT = """
from zielwerk.monitoring.models import ImportRun, Observation
print(Observation.objects.count(), ImportRun.objects.count())
"""


def _pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2).close()
    except Exception:  # any failure means: no server to test against
        return False
    return True


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def env(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"import-lock-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'zielwerk.sqlite3'}"
    else:
        if not _pg_available():
            pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
        name = f"zielwerk_importlock_{os.getpid()}"
        _pg_admin(f"DROP DATABASE IF EXISTS {name}")
        _pg_admin(f"CREATE DATABASE {name}")
        url = f"{PG_SERVER}/{name}"
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "ZIELWERK_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "zielwerk.web.settings",
        "ZIELWERK_CONN_MAX_AGE": "0",
    }
    migrate = _zielwerk(environment, "migrate", "-v0")
    assert migrate.returncode == 0, migrate.stderr
    _python(environment, SETUP)
    yield environment
    if request.param == "postgresql":
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _zielwerk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ZIELWERK, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _import(env: dict[str, str], path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [ZIELWERK, "import", str(path), "--no-progress", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _python(env: dict[str, str], code: str) -> str:
    script = "import django; django.setup()\n" + code
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _counts(env: dict[str, str]) -> tuple[int, int]:
    observations, runs = _python(env, COUNT).split()
    return int(observations), int(runs)


def _tidy(path: Path, prefix: str, series: int, years: int = 10) -> Path:
    lines = ["indicator,region,series,year,value,unit"]
    lines += [
        f"7.2.1,051540004004,n={prefix}{i},{2000 + y},{i + y / 10},percent"
        for i in range(series)
        for y in range(years)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def clean(env):
    """Each test starts without observations."""
    _python(
        env,
        "from zielwerk.monitoring.models import ImportRun, Observation, ObservationRevision\n"
        "ObservationRevision.objects.all().delete(); Observation.objects.all().delete()\n"
        "ImportRun.objects.all().delete()",
    )
    return env


def test_a_second_import_waits_for_the_first_and_both_are_stored(clean, tmp_path):
    """Two real runs at once on overlapping data (a shared part, and a part of each)."""
    shared = ["indicator,region,series,year,value,unit"] + [
        f"7.2.1,051540004004,n=s{i},2000,{i},percent" for i in range(5000)
    ]
    first = _tidy(tmp_path / "first.csv", "a", 6000)
    second = _tidy(tmp_path / "second.csv", "b", 6000)
    for path in (first, second):
        path.write_text(path.read_text() + "\n".join(shared[1:]) + "\n")
    runs = [_import(clean, path, "--source", path.stem) for path in (first, second)]
    results = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert "Traceback" not in err, err
        assert run.returncode == 0, (out, err)
    assert _counts(clean) == (2 * 60_000 + 5000, 2)


def test_a_busy_import_exits_75_with_a_message_and_writes_nothing(clean, tmp_path):
    data = _tidy(tmp_path / "data.csv", "a", 10)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + HOLD],
        env=clean,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        busy = _import(clean, data, "--wait", "1")
        _out, err = busy.communicate(timeout=120)
        waited = time.monotonic() - started
        assert busy.returncode == BUSY, err
    finally:
        holder.communicate("", timeout=60)  # closing stdin releases the lock
    assert "Traceback" not in err, err
    assert "Ein anderer Import schreibt gerade" in err
    assert "nichts wurde geschrieben" in err
    assert waited >= 1  # it did wait for the lock
    assert _counts(clean) == (0, 0)


def test_an_import_waiting_within_its_wait_writes_after_the_holder(clean, tmp_path):
    data = _tidy(tmp_path / "data.csv", "a", 10)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + HOLD],
        env=clean,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    waiting = _import(clean, data, "--wait", "120")
    time.sleep(2)
    assert waiting.poll() is None  # still waiting for the lock
    assert _counts(clean) == (0, 0)
    holder.communicate("", timeout=60)
    _out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert _counts(clean) == (100, 1)
