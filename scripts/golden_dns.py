"""Recompute the published DNS weather symbols and compare: ``uv run python scripts/golden_dns.py``.

Uses the bundled DNS data (``src/zielwerk/data/demo/dns-indicators``, else
``../shared/data/dns-indicators``) and the bundled targets (``dns_targets.csv``). Prints the
number of matches and a Markdown table of every compared symbol (``--all``) or of the
mismatches only; docs/methods/golden-dns.md is written from this output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from zielwerk.core.assessment.golden import golden_dns

ROOT = Path(__file__).resolve().parents[1]
DATA = [
    ROOT / "src/zielwerk/data/demo/dns-indicators",
    ROOT.parent / "shared/data/dns-indicators",
]
TARGETS = ROOT / "src/zielwerk/data/catalogue/dns_targets.csv"
COLUMNS = [
    "indicator",
    "target_number",
    "year",
    "published",
    "status",
    "rule",
    "kind",
    "direction",
    "target_value",
    "target_year",
    "n_values",
    "base_year",
    "base_value",
    "current_year",
    "current_value",
    "mean_change",
    "last_change",
    "projection",
    "gap_ratio",
    "reason",
]


def data_root() -> Path | None:
    """The first DNS data folder that exists."""
    return next((path for path in DATA if (path / "meta").is_dir()), None)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def markdown(frame: pl.DataFrame) -> str:
    """The rows as a Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in frame.select(COLUMNS).iter_rows():
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", action="store_true", help="list every compared symbol")
    args = parser.parse_args()
    root = data_root()
    if root is None:
        print("no DNS data found in: " + ", ".join(map(str, DATA)), file=sys.stderr)
        return 1
    result = golden_dns(root, TARGETS)
    matched = int(result.get_column("match").sum())
    print(f"data: {root}")
    print(f"{matched} of {result.height} published weather symbols reproduced")
    for status, count in result.group_by("published").len().sort("published").rows():
        print(f"  published {status}: {count}")
    shown = result if args.all else result.filter(~pl.col("match"))
    print()
    print(markdown(shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
