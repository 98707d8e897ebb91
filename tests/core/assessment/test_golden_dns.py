"""Golden test: the published DNS weather symbols, recomputed from the DNS data with the
bundled targets (docs/methods/golden-dns.md explains every mismatch)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from zielwerk.core.assessment.golden import golden_dns

ROOT = Path(__file__).resolve().parents[3]
CANDIDATES = [
    ROOT / "src/zielwerk/data/demo/dns-indicators",
    ROOT.parent / "shared/data/dns-indicators",
]
TARGETS = ROOT / "src/zielwerk/data/catalogue/dns_targets.csv"
REPORT = ROOT / "docs/methods/golden-dns.md"
REPRODUCED = 57
"""Symbols reproduced when this test was written; it may rise, never fall."""


@pytest.fixture(scope="module")
def golden() -> pl.DataFrame:
    data = next((p for p in CANDIDATES if (p / "meta").is_dir() and (p / "data").is_dir()), None)
    if data is None:
        pytest.skip("no DNS data: neither the bundled copy nor ../shared/data/dns-indicators")
    if not TARGETS.is_file():
        pytest.skip("the bundled DNS targets (dns_targets.csv) are missing")
    return golden_dns(data, TARGETS)


def test_published_symbols_are_reproduced(golden: pl.DataFrame) -> None:
    assert golden.height >= 60  # every current published symbol is compared
    assert int(golden.get_column("match").sum()) >= REPRODUCED


def test_known_published_examples(golden: pl.DataFrame) -> None:
    by_code = {(r["indicator"], r["target_number"]): r for r in golden.iter_rows(named=True)}
    # 3.1.a avoidable mortality, report year 2021: the mean change points away → Gewitter.
    row = by_code[("3.1.a", 1)]
    assert (row["year"], row["published"], row["status"]) == (2021, "thunderstorm", "thunderstorm")
    assert row["current_year"] == 2021  # data after the report year are ignored


def test_every_mismatch_is_explained_in_the_docs(golden: pl.DataFrame) -> None:
    report = REPORT.read_text(encoding="utf-8")
    stated = re.search(r"(\d+) of (\d+) published weather symbols", report)
    assert stated is not None
    assert int(stated.group(1)) == int(golden.get_column("match").sum())
    for code in golden.filter(~pl.col("match")).get_column("indicator"):
        assert f"**{code}**" in report, f"mismatch {code} is not explained in {REPORT.name}"
