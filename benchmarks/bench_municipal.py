"""Municipal data benchmark: the bundled kit data loaded as `make run` loads it.

    uv run python benchmarks/bench_municipal.py        # SQLite in a temp folder

Times ``load_municipal_data`` on a fresh database (regions and catalogue loaded first, not
timed): every edition through the import service, then the peer standings and bands of all
kit indicators, all regions and years. Then times the second, idempotent run and the peer
refresh alone. Figures are recorded in docs/municipal-data.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ZIELWERK_SECRET_KEY", "bench-" + "x" * 60)
        os.environ["ZIELWERK_DATA_DIR"] = tmp
        os.environ["DJANGO_SETTINGS_MODULE"] = "zielwerk.web.settings"
        os.environ.pop("DATABASE_URL", None)
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        from django.core.management import call_command

        from zielwerk.monitoring.models import Observation
        from zielwerk.monitoring.services import municipal_data_load, peers_refresh

        call_command("migrate", verbosity=0, skip_checks=True)
        call_command("load_regions", verbosity=0, skip_checks=True)
        call_command("load_catalogue", verbosity=0, skip_checks=True)
        started = time.perf_counter()
        result = municipal_data_load()
        first = time.perf_counter() - started
        rows = Observation.objects.count()
        assert result.ok and result.peers is not None
        print(f"first load: {first:.1f} s, {rows:,} observations stored")
        print(f"  peer standings {result.peers.standings:,}, bands {result.peers.bands:,}")
        started = time.perf_counter()
        again = municipal_data_load()
        print(
            f"second load: {time.perf_counter() - started:.2f} s "
            f"({len(again.already)} editions skipped)"
        )
        started = time.perf_counter()
        summary = peers_refresh()
        print(
            f"peer refresh alone (read, compute, store {summary.standings:,} standings): "
            f"{time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
