"""Scale benchmark (issue 13): one indicator with values for every Gemeinde, under load.

    uv run python benchmarks/bench_scale.py [--duration 20] [--connections 200] [--keep DIR]
                                            [--sqlite] [--load-only]

1. Data: the real region directory and catalogue, and synthetic values of indicator 7.2.a for
   every Gemeinde of the region table (≈ 10,900 ARS) over 30 years (≈ 327,000 observations),
   on PostgreSQL when a server answers on 127.0.0.1:5432 (database ``zielwerk_bench_scale``,
   or ``ZIELWERK_BENCH_DATABASE_URL``), else on SQLite (``--sqlite`` forces SQLite). The
   output names the database used.
2. In process (Django's test client, production settings): size of the indicator page's HTML,
   number of table rows and SVG/path elements in it, render time cold (cache cleared) and warm.
3. gunicorn with 4 workers and the project's ``gunicorn.conf.py`` (timeouts), driven by wrk
   at 200 connections for 20 s each: the indicator page, then ``/api/v1/observations`` walked
   page by page over that indicator (wrk cycles through every page's URL, following the
   ``next`` links collected before). Per run: requests/s, p99 latency, non-2xx responses,
   socket errors and timeouts, and the time a plain ``GET /api/v1/goals`` takes right after.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _serve import start_gunicorn  # benchmarks/ is on sys.path when a script runs

ROOT = Path(__file__).resolve().parents[1]
INDICATOR = "7.2.a"
YEARS = range(1994, 2024)
PG_URL = "postgres://postgres@127.0.0.1:5432/zielwerk_bench_scale"
SETTINGS = """from zielwerk.web.settings import *  # noqa: F403
ZIELWERK_API_RATE_LIMIT = (10**9, 60)
"""
WRK_PAGES = """
local i = 0
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _postgres_reachable() -> bool:
    found = shutil.which("pg_isready")
    if not found:
        return False
    done = subprocess.run([found, "-q", "-h", "127.0.0.1", "-p", "5432"], check=False)  # noqa: S603
    return done.returncode == 0


def _database_url(use_sqlite: bool) -> str:
    if use_sqlite or not _postgres_reachable():
        return ""
    url = os.environ.get("ZIELWERK_BENCH_DATABASE_URL", PG_URL)
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return url


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(data_dir),
        "ZIELWERK_DEBUG": "0",
        "ZIELWERK_SECRET_KEY": "bench-only-" + "x" * 50,
        "ZIELWERK_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "ZIELWERK_SSL_REDIRECT": "0",
        "ZIELWERK_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{data_dir}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _setup_django(data_dir: Path, database_url: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "bench_settings.py").write_text(SETTINGS)
    os.environ.clear()
    os.environ.update(_env(data_dir, database_url))
    sys.path.insert(0, str(data_dir))
    import django

    django.setup()


def _load() -> int:
    from io import StringIO

    from django.core.management import call_command

    from zielwerk.catalogue.models import Indicator
    from zielwerk.monitoring.models import ImportRun, Observation
    from zielwerk.regions.models import Region

    call_command("migrate", verbosity=0)
    gemeinden = list(Region.objects.filter(level="gemeinde").values_list("id", flat=True))
    wanted = len(gemeinden) * len(YEARS)
    if wanted and Observation.objects.filter(indicator__code=INDICATOR).count() >= wanted:
        return Observation.objects.count()
    call_command("load_catalogue", stdout=StringIO())
    call_command("load_regions", stdout=StringIO())
    gemeinden = list(Region.objects.filter(level="gemeinde").values_list("id", flat=True))
    indicator = Indicator.objects.get(code=INDICATOR)
    Observation.objects.filter(indicator=indicator).delete()
    run = ImportRun.objects.create(actor="benchmark", source="synthetic")
    batch = []
    for number, region_id in enumerate(gemeinden):
        for year in YEARS:
            value = round(10 + (number % 97) * 0.37 + (year - YEARS[0]) * 0.81, 2)
            batch.append(Observation(indicator=indicator, region_id=region_id, year=year,
                                     value=value, unit="percentage", source="synthetisch",
                                     import_run=run))  # fmt: skip
        if len(batch) >= 20_000:
            Observation.objects.bulk_create(batch)
            batch = []
    Observation.objects.bulk_create(batch)
    return Observation.objects.count()


def bench_page_html(requests: int = 20) -> dict[str, float]:
    """Size and server time of the indicator page in process (cold and warm cache)."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    url = f"/indikatoren/{INDICATOR}/"
    cold, warm = [], []
    body = b""
    for _ in range(max(3, requests // 4)):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        cold.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        body = response.content
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - start)
    return {
        "bytes": len(body),
        "rows": body.count(b"<tr"),
        "svg_elements": body.count(b"<path") + body.count(b"<svg"),
        "cold_ms": sorted(cold)[len(cold) // 2] * 1000,
        "warm_ms": sorted(warm)[len(warm) // 2] * 1000,
    }


def api_pages(limit: int) -> tuple[list[str], float]:
    """Every page of the indicator's observations (path and query), by following ``next``;
    and the time the walk took."""
    from urllib.parse import urlsplit

    from django.test import Client

    client = Client()
    path = f"/api/v1/observations?indicator={INDICATOR}&limit={limit}"
    pages = []
    start = time.perf_counter()
    while path:
        pages.append(path)
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        following = response.json()["next"]
        path = ""
        if following:
            parts = urlsplit(following)
            path = f"{parts.path}?{parts.query}"
    return pages, time.perf_counter() - start


def _gunicorn(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    return start_gunicorn(env, workers, port)


def _wrk(url: str, duration: int, connections: int, script: Path | None) -> dict[str, float]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    command = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    return {
        "requests": float(requests.group(1)) if requests else 0.0,
        "rps": rps,
        "p99_ms": float(p99.group(1)) * factor,  # type: ignore[union-attr]
        "non_2xx": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket_errors": float(sum(int(n) for n in socket.groups()[:3])) if socket else 0.0,
        "timeouts": float(socket.group(4)) if socket else 0.0,
    }


def _after(port: int) -> tuple[int, float]:
    """Status and seconds of a plain GET right after a load run."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/goals", timeout=10) as r:
            status = r.status
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def bench_load(env: dict[str, str], pages: list[str], args: argparse.Namespace) -> None:
    port = 18_766
    server = _gunicorn(env, args.workers, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "pages.txt"
            listing.write_text("\n".join(pages) + "\n")
            script = Path(folder) / "pages.lua"
            script.write_text(WRK_PAGES % listing)
            api = f"GET /api/v1/observations ({len(pages)} pages)"
            runs = {
                f"GET /indikatoren/{INDICATOR}/": (f"{base}/indikatoren/{INDICATOR}/", None),
                f"{api}, cold: no page computed before, no warm-up": (base, script),
                api: (base, script),
            }
            for name, (url, lua) in runs.items():
                if "cold" in name:
                    from django.core.cache import caches

                    caches["shared"].clear()  # the pages the in-process walk computed
                else:
                    _wrk(url, 3, 16, lua)  # warm-up: fill every worker's caches
                figures = _wrk(url, args.duration, args.connections, lua)
                status, seconds = _after(port)
                print(
                    f"{name}: {figures['requests']:.0f} requests, {figures['rps']:.0f}/s, "
                    f"p99 {figures['p99_ms']:.0f} ms, non-2xx {figures['non_2xx']:.0f}, "
                    f"socket errors {figures['socket_errors']:.0f}, "
                    f"timeouts {figures['timeouts']:.0f}; "
                    f"right after: GET /api/v1/goals {status} in {seconds * 1000:.0f} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--limit", type=int, default=1000, help="observations per API page")
    parser.add_argument("--keep", type=Path, help="reuse/keep the SQLite data in this folder")
    parser.add_argument("--sqlite", action="store_true", help="SQLite even if PostgreSQL runs")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="zielwerk-bench-scale-"))
    database_url = _database_url(args.sqlite)
    _setup_django(data_dir, database_url)
    env = dict(os.environ)
    print(f"database: {'PostgreSQL ' + database_url if database_url else 'SQLite'}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()}")
    start = time.perf_counter()
    total = _load()
    print(f"data: {total:,} observations ready in {time.perf_counter() - start:.1f} s")
    if not args.load_only:
        page = bench_page_html()
        print(
            f"indicator page: {page['bytes'] / 1024:.0f} KiB HTML, {page['rows']:.0f} table "
            f"rows, {page['svg_elements']:.0f} svg/path elements; server time p50 cold "
            f"{page['cold_ms']:.0f} ms, warm {page['warm_ms']:.1f} ms"
        )
        pages, seconds = api_pages(args.limit)
        print(f"API walk: {len(pages)} pages of {args.limit} in {seconds:.1f} s (in process)")
        bench_load(env, pages, args)
        print(f"load average after: {os.getloadavg()}")
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
