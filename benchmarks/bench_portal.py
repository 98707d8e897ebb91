"""Portal benchmarks (issue 5): indicator page server time, search time, static export time.

    uv run python benchmarks/bench_portal.py [--requests 200] [--keep DIR] [--skip-export]

1. Indicator page with 10 series and 400 regions (Germany and the ≈ 400 Kreise, 14 years,
   ≈ 56,000 synthetic observations on the real region directory and catalogue; indicator 7.2.a
   with its real DNS targets): server time of `GET /indikatoren/7.2.a/?reihe=…` in process
   through Django's test client (all middleware, templates, database, vl-convert), p50/p95 over
   N requests that cycle through the 10 series and 14 map years, in three cache states:
   - cold: the cache is cleared before every request (page data and chart SVG recomputed),
   - after import: a new import run (new data version) before every request, so the page data
     is recomputed but chart SVGs whose spec did not change come from the cache,
   - warm: everything cached.
   The page shows the chart and the map as images (``diagramm.svg``/``karte.svg``), which the
   browser loads in parallel; the chart image is measured on its own, with the cache cleared
   before every request (page data and vl-convert rendering) and warm.
2. Search over the full catalogue (goals, targets, UN and DNS indicators) and the 11,000 regions:
   p50/p95 of `catalogue_search` and of the whole `/suche/?q=` request.
3. Static export of the full DNS data set (`zielwerk import` of the bundled dns-indicators
   repository, then `zielwerk export-site`) on a fresh SQLite instance, in a subprocess.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
INDICATOR = "7.2.a"
YEARS = range(2010, 2024)
SERIES = [
    f"age={age}|sex={sex}" for age in ("u18", "18-64", "65+", "all", "u30") for sex in ("f", "m")
]
QUERIES = ("Energie", "erneuerbare Energien", "Armut", "Wasser", "Flensburg", "Köln", "7.2",
           "Bildung Frauen", "Treibhausgase", "Gesundheit")  # fmt: skip


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(data_dir),
        "ZIELWERK_DEBUG": "0",
        "ZIELWERK_SECRET_KEY": "bench-only-" + "x" * 50,
        "ZIELWERK_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "ZIELWERK_SSL_REDIRECT": "0",
        "ZIELWERK_STATIC_MANIFEST": "0",
    }
    env.pop("DATABASE_URL", None)
    return env


def _setup_django(data_dir: Path) -> None:
    os.environ.update(_env(data_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zielwerk.web.settings"
    import django

    django.setup()


def _load() -> int:
    from io import StringIO

    from django.core.management import call_command

    from zielwerk.catalogue.models import Indicator
    from zielwerk.monitoring.models import ImportRun, Observation
    from zielwerk.regions.models import Region

    call_command("migrate", verbosity=0)
    if Observation.objects.exists():
        return Observation.objects.count()
    call_command("load_catalogue", stdout=StringIO())
    call_command("load_regions", stdout=StringIO())
    indicator = Indicator.objects.get(code=INDICATOR)
    run = ImportRun.objects.create(actor="benchmark", source="synthetic")
    regions = list(Region.objects.filter(level__in=["bund", "kreis"]).values_list("id", flat=True))
    batch = []
    for s, series in enumerate(SERIES):
        for number, region_id in enumerate(regions):
            for year in YEARS:
                value = round(5 + s + (number % 53) * 0.41 + (year - 2010) * 0.9, 2)
                flags = "p" if year == YEARS[-1] else ""
                batch.append(Observation(indicator=indicator, region_id=region_id, series=series,
                                         year=year, value=value, unit="percentage", flags=flags,
                                         source="synthetisch", import_run=run))  # fmt: skip
    Observation.objects.bulk_create(batch, batch_size=5000)
    return Observation.objects.count()


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def bench_page(requests: int) -> dict[str, dict[str, float]]:
    from urllib.parse import urlencode

    from django.core.cache import cache
    from django.test import Client

    from zielwerk.monitoring.models import ImportRun

    client = Client()
    urls = [
        f"/indikatoren/{INDICATOR}/?"
        + urlencode({"reihe": SERIES[i % 10], "einheit": "percentage", "jahr": YEARS[i % 14]})
        for i in range(requests)
    ]
    assert client.get(urls[0]).status_code == 200

    def run(before: object) -> dict[str, float]:
        times = []
        for url in urls:
            if callable(before):
                before()
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        return _percentiles(times)

    def new_version() -> None:
        ImportRun.objects.create(actor="benchmark", source="new version")

    cache.clear()
    results = {"cold": run(cache.clear), "after_import": run(new_version)}
    run(None)  # fill the cache for every url
    results["warm"] = run(None)
    urls = [url.replace("/?", "/diagramm.svg?") for url in urls]
    results["chart image, cold"] = run(cache.clear)
    run(None)
    results["chart image, warm"] = run(None)
    return results


def bench_search(requests: int) -> dict[str, dict[str, float]]:
    from django.test import Client

    from zielwerk.portal.search import catalogue_search

    client = Client()
    catalogue_search("warm up")
    times, page_times = [], []
    for i in range(requests):
        query = QUERIES[i % len(QUERIES)]
        start = time.perf_counter()
        catalogue_search(query)
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert client.get("/suche/", {"q": query}).status_code == 200
        page_times.append(time.perf_counter() - start)
    return {"catalogue_search": _percentiles(times), "search_page": _percentiles(page_times)}


def bench_export(work: Path) -> dict[str, float]:
    data_dir = work / "dns-instance"
    env = _env(data_dir)
    dns = ROOT / "src/zielwerk/data/demo/dns-indicators"
    for command in (("migrate", "--noinput"), ("load_regions",), ("load_catalogue",),
                    ("import", str(dns), "--source", "Destatis", "--no-progress",
                     "--region", "DG", "--codes", "dns")):  # fmt: skip
        subprocess.run([str(BIN / "zielwerk"), *command], env=env, check=True, capture_output=True)  # noqa: S603
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [str(BIN / "zielwerk"), "export-site", str(work / "site"), "-v", "0"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    files = sum(1 for p in (work / "site").rglob("*") if p.is_file())
    print("  " + done.stdout.strip())
    return {"seconds_wall": seconds, "files": files}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="reuse/keep the instance in this folder")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="zw-bench-portal-"))
    work.mkdir(parents=True, exist_ok=True)
    _setup_django(work / "instance")
    print(f"observations: {_load():,}")
    for state, figures in bench_page(args.requests).items():
        p50, p95 = figures["p50_ms"], figures["p95_ms"]
        name = state if state.startswith("chart") else f"indicator page, {state}"
        print(f"{name:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    for name, figures in bench_search(args.requests).items():
        print(f"{name:<28} p50 {figures['p50_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms")
    if not args.skip_export:
        result = bench_export(work)
        seconds, files = result["seconds_wall"], result["files"]
        print(f"static export (DNS data set): {seconds:.1f} s wall, {files} files")


if __name__ == "__main__":
    main()
