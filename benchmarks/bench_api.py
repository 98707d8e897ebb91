"""API benchmarks (issue 7): a 220,000-value CSV download, and a cached JSON endpoint under load.

    uv run python benchmarks/bench_api.py [--workers 4] [--duration 15] [--keep DIR]

1. CSV: one indicator for every Gemeinde (≈ 11,000) over 20 years ≈ 220,000 observations,
   `GET /api/v1/observations?indicator=…&region_level=gemeinde&format=csv`, in-process
   through Django's test client: wall time (best of 3) and peak Python memory (tracemalloc)
   while the streamed body is consumed.
2. Throughput: gunicorn with several sync workers serving `GET /api/v1/goals`, driven by wrk
   (`make bench` installs wrk with apt-get where missing): requests/s and p99 latency.

The region directory and catalogue are the real bundled ones; the observation values are
synthetic (there is no real Gemeinde-level series of that size in the repository).
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
import tracemalloc
from pathlib import Path

from _serve import start_gunicorn  # benchmarks/ is on sys.path when a script runs

YEARS = range(2004, 2024)
INDICATOR = "7.2.a"
SETTINGS = """from zielwerk.web.settings import *  # noqa: F403
ZIELWERK_API_RATE_LIMIT = (10**9, 60)
"""


def _setup_django(data_dir: Path) -> None:
    os.environ["ZIELWERK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("ZIELWERK_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ZIELWERK_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("ZIELWERK_SSL_REDIRECT", "0")
    os.environ.setdefault("ZIELWERK_STATIC_MANIFEST", "0")
    sys.path.insert(0, str(data_dir))
    (data_dir / "bench_settings.py").write_text(SETTINGS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()


def _load(data_dir: Path) -> int:
    from io import StringIO

    from django.core.management import call_command

    from zielwerk.catalogue.models import Indicator
    from zielwerk.monitoring.models import ImportRun, Observation
    from zielwerk.regions.models import Region

    call_command("migrate", verbosity=0)
    if Observation.objects.filter(indicator__code=INDICATOR).count() >= 200_000:
        return Observation.objects.count()
    call_command("load_catalogue", stdout=StringIO())
    call_command("load_regions", stdout=StringIO())
    indicator = Indicator.objects.get(code=INDICATOR)
    run = ImportRun.objects.create(actor="benchmark", source="synthetic")
    gemeinden = list(Region.objects.filter(level="gemeinde").values_list("id", flat=True))
    batch = []
    for number, region_id in enumerate(gemeinden):
        for year in YEARS:
            value = round(10 + (number % 97) * 0.37 + (year - 2004) * 0.81, 2)
            batch.append(Observation(indicator=indicator, region_id=region_id, year=year,
                                     value=value, unit="percentage", import_run=run))  # fmt: skip
        if len(batch) >= 20_000:
            Observation.objects.bulk_create(batch)
            batch = []
    Observation.objects.bulk_create(batch)
    return Observation.objects.count()


def bench_csv() -> dict[str, float]:
    from django.test import Client

    client = Client()
    url = f"/api/v1/observations?indicator={INDICATOR}&region_level=gemeinde&format=csv"
    times, size, rows = [], 0, 0
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(url)
        size = rows = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows - 1, "bytes": size, "seconds": min(times), "peak_mib": peak / 2**20}


def _gunicorn(data_dir: Path, workers: int, port: int) -> subprocess.Popen[bytes]:
    path = f"{data_dir}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"
    return start_gunicorn(dict(os.environ, PYTHONPATH=path), workers, port)


def _wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    wrk = shutil.which("wrk") or "wrk"
    command = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * factor,  # type: ignore[union-attr]
            "non_2xx": float(errors.group(1)) if errors else 0.0}  # fmt: skip


def bench_throughput(data_dir: Path, workers: int, duration: int) -> dict[str, float]:
    port = 18_765
    server = _gunicorn(data_dir, workers, port)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/goals"
        if not shutil.which("wrk"):
            raise SystemExit("wrk is not installed (apt-get install -y wrk)")
        _wrk(url, 2, 16)  # warm-up
        return _wrk(url, duration, 32) | {"workers": float(workers)}
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="reuse/keep the database in this folder")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="zielwerk-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    _setup_django(data_dir)
    start = time.perf_counter()
    total = _load(data_dir)
    print(f"data: {total:,} observations ready in {time.perf_counter() - start:.1f} s")
    csv = bench_csv()
    print(
        f"CSV: {csv['rows']:,.0f} rows, {csv['bytes'] / 2**20:.1f} MiB in {csv['seconds']:.2f} s"
        f" (best of 3); peak Python memory {csv['peak_mib']:.1f} MiB"
    )
    load = bench_throughput(data_dir, args.workers, args.duration)
    print(
        f"GET /api/v1/goals, gunicorn {args.workers} workers, wrk 32 connections "
        f"{args.duration} s: {load['rps']:.0f} requests/s, p99 {load['p99_ms']:.1f} ms, "
        f"non-2xx {load['non_2xx']:.0f}"
    )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
