"""Open SDG data service as static files: Zielwerk's build next to sdg-build 2.3's 7.5 s.

    uv run python benchmarks/bench_opensdg_site.py [--languages de en] [--repeat 3] [--keep DIR]

Real data: the bundled region directory and catalogue, and the bundled DNS Open SDG
repository (the same repository sdg-build 2.3.0 built in 7.5 s of wall time on a 2-core
machine, see /work/shared/data/standards/sdg-build-2.3-dns/README.md), imported through the
import service into a temporary SQLite database. Timed: ``opensdg_site_build`` (one chunked
query for the observations, a handful for catalogue and targets, every file of every
language written), best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SDG_BUILD_SECONDS = 7.5  # sdg-build 2.3.0, languages=['en'], the same repository
DNS = Path(__file__).resolve().parents[1] / "src" / "zielwerk" / "data" / "demo" / "dns-indicators"
SETTINGS = """from zielwerk.web.settings import *  # noqa: F403
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


def _load() -> int:
    from io import StringIO

    from django.core.management import call_command

    from zielwerk.monitoring.models import Observation
    from zielwerk.monitoring.services import observations_import

    call_command("migrate", verbosity=0)
    if Observation.objects.exists():
        return Observation.objects.count()
    call_command("load_regions", stdout=StringIO())
    call_command("load_catalogue", stdout=StringIO())
    # National rows carry no GeoCode: the region is named, as are the DNS codes.
    summary = observations_import(
        path=DNS, source="Destatis (DNS)", region="000000000000", codes="dns"
    )
    if not summary.ok:
        raise SystemExit(f"import failed: {summary.problems[:3]}")
    return Observation.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="+", default=["de", "en"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse/keep the database in this folder")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="zielwerk-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    _setup_django(data_dir)
    start = time.perf_counter()
    total = _load()
    print(f"data: {total:,} observations ready in {time.perf_counter() - start:.1f} s")

    from zielwerk.api.services.opensdg_build import opensdg_site_build

    tmpfs = "/dev/shm"  # noqa: S108 — only a parent for mkdtemp (a fresh private folder)
    targets = [("disk", None)] + ([("tmpfs", tmpfs)] if Path(tmpfs).is_dir() else [])
    for where, base in targets:
        runs = []
        for _ in range(args.repeat):
            out = Path(tempfile.mkdtemp(prefix="zielwerk-opensdg-", dir=base))
            summary = opensdg_site_build(directory=out, languages=tuple(args.languages))
            runs.append(summary)
            shutil.rmtree(out, ignore_errors=True)
        best = min(runs, key=lambda r: r.seconds)
        built = best.seconds - best.write_seconds
        print(
            f"Open SDG data service ({', '.join(best.languages)}) on {where}: "
            f"{best.files:,} files, {best.bytes / 2**20:.1f} MiB, {best.with_data} indicators "
            f"with data of {best.indicators}: {best.seconds:.2f} s (best of {args.repeat}; "
            f"{built:.2f} s building, {best.write_seconds:.2f} s creating files); sdg-build "
            f"2.3 ('en' only): {SDG_BUILD_SECONDS:.1f} s → {SDG_BUILD_SECONDS / best.seconds:.0f}×"
        )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
