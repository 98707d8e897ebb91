"""Write the ``unit`` column of the bundled DNS targets from the DNS data itself.

Usage::

    uv run python scripts/dns_target_units.py [--data DIR] [--targets CSV]

A national target applies only to Germany's series in its unit (docs/units.md). The unit of
each target row is the unit of the Germany series it covers in its ``data_file`` of the DNS
repository (bundled as demo data), as a code of the unit vocabulary; several codes are
joined by ``;`` where Destatis applies one target to both units of a file (11.1.c).
tests/web/test_target_scope.py recomputes the column and compares.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import polars as pl

from zielwerk.core.assessment.golden import national_observations
from zielwerk.core.assessment.scope import target_units
from zielwerk.core.regions.codes import BUND_ARS
from zielwerk.core.units import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "zielwerk" / "data" / "demo" / "dns-indicators"
TARGETS = ROOT / "src" / "zielwerk" / "data" / "catalogue" / "dns_targets.csv"


def units_for(data: Path, targets: Path) -> list[str]:
    """The unit column for every row of ``targets``, computed from the DNS data in ``data``."""
    vocabulary = load_vocabulary()
    national = national_observations(data)
    codes = {u: vocabulary.code_for(u) or u for u in national.get_column("unit").unique()}
    observations = national.with_columns(
        unit=pl.col("unit").replace_strict(codes, return_dtype=pl.String)
    )
    with targets.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = pl.DataFrame(
        {
            "indicator": [r["indicator"] for r in rows],
            "region": [r["region"] or BUND_ARS for r in rows],
            "series": [r["series"] for r in rows],
            "data_file": [r.get("data_file", "") for r in rows],
        }
    )
    return target_units(frame, observations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--targets", type=Path, default=TARGETS)
    args = parser.parse_args()
    with args.targets.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    units = units_for(args.data, args.targets)
    if "unit" not in fields:
        fields.insert(fields.index("limit") + 1, "unit")
    for row, unit in zip(rows, units, strict=True):
        row["unit"] = unit
    with args.targets.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    missing = [f"{r['indicator']} {r['series']}" for r, u in zip(rows, units, strict=True) if not u]
    print(f"{len(rows)} targets, {len(rows) - len(missing)} with a unit")
    for item in missing:
        print("  no series found:", item)


if __name__ == "__main__":
    main()
