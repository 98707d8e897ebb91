"""Paths to the real published data used by the observation tests."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[3] / "src" / "zielwerk" / "data" / "demo"
DNS = DEMO / "dns-indicators"
DESTATIS = DEMO / "destatis-sdg-indicators"
ZENSUS = Path("/work/shared/data/regions/zensus-2022/1000A-0000_de_flat.csv")
CATALOGUE = Path(__file__).resolve().parents[3] / "src" / "zielwerk" / "data" / "catalogue"


@pytest.fixture(scope="session")
def dns_codes() -> set[str]:
    import json

    return {x["code"] for x in json.loads((CATALOGUE / "dns_indicators.json").read_text())}


@pytest.fixture(scope="session")
def un_codes() -> set[str]:
    import csv

    with (CATALOGUE / "un_indicators.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}
