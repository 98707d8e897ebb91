"""Import benchmarks: 1,000,000 synthetic tidy rows and the full DNS repository.

    uv run python benchmarks/bench_import.py                       # SQLite in a temp folder
    uv run python benchmarks/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/zw_bench

The PostgreSQL database is created when missing and emptied (migrated from zero) first.
Figures are recorded in docs/data-import.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bench_import")


def _prepare_environment(database_url: str | None, folder: Path) -> None:
    os.environ.setdefault("ZIELWERK_SECRET_KEY", "bench-" + "x" * 60)
    os.environ["ZIELWERK_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zielwerk.web.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        _recreate_postgres(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)


def _recreate_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')


def _setup_reference(regions: int, indicators: int) -> None:
    from django.core.management import call_command

    from zielwerk.catalogue.models import Goal, Indicator
    from zielwerk.regions.models import Region

    call_command("migrate", verbosity=0, skip_checks=True)
    call_command("load_catalogue", verbosity=0, skip_checks=True)
    call_command("load_regions", verbosity=0, skip_checks=True)
    goal = Goal.objects.get(number=11)
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench.{i}",
            framework="own",
            goal=goal,
            sort_key=f"bench.{i:02d}",
            title_de=f"Bench {i}",
            title_en=f"Bench {i}",
        )
        for i in range(indicators)
    )
    Region.objects.bulk_create(
        (
            Region(ars=f"99{i:010d}", ags=f"99{i:06d}", name=f"Bench {i}", level="gemeinde")
            for i in range(regions)
        ),
        batch_size=5000,
    )


def _synthetic(path: Path, regions: int, indicators: int, years: int) -> int:
    import polars as pl

    frame = (
        pl.DataFrame({"region": [f"99{i:010d}" for i in range(regions)]})
        .join(pl.DataFrame({"indicator": [f"bench.{i}" for i in range(indicators)]}), how="cross")
        .join(pl.DataFrame({"year": list(range(2015, 2015 + years))}), how="cross")
        .with_row_index("n")
        .select(
            "indicator",
            "region",
            series=pl.lit(""),
            year="year",
            value=(pl.col("n") % 9973).cast(pl.Float64) / 7,
            unit=pl.lit("percentage"),
            flag=pl.lit(""),
        )
    )
    frame.write_csv(path)
    return frame.height


def _timed(label: str, **kwargs: object) -> float:
    from zielwerk.monitoring.services import observations_import

    start = time.perf_counter()
    summary = observations_import(region="000000000000", **kwargs)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    if not summary.ok:
        raise SystemExit(f"{label}: import failed: {summary.problems[:3]}")
    rate = summary.observations / seconds if seconds else 0
    log.info(
        "%-32s %9d rows  %7.2f s  %9.0f rows/s  (new %d, unchanged %d, revised %d)",
        label,
        summary.observations,
        seconds,
        rate,
        summary.created,
        summary.unchanged,
        summary.revised,
    )
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--regions", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _prepare_environment(args.database_url, folder)
        import django

        django.setup()
        from django.db import connection

        _setup_reference(args.regions, args.indicators)
        log.info("database: %s", connection.vendor)
        path = folder / "synthetic.csv"
        rows = _synthetic(path, args.regions, args.indicators, args.years)
        log.info("synthetic tidy file: %d rows, %.1f MB", rows, path.stat().st_size / 1e6)
        _timed("synthetic, first import", path=path)
        _timed("synthetic, re-import (unchanged)", path=path)
        dns = ROOT / "src" / "zielwerk" / "data" / "demo" / "dns-indicators"
        _timed("DNS repository", path=dns)
        _timed("DNS repository, re-import", path=dns)


if __name__ == "__main__":
    main()
