"""Municipal tests run on the real bundled data: regions, catalogue with the municipal kit,
the DNS sheets of 13.1.a and 7.2.b, and the municipal data of Nordrhein-Westfalen (every
edition, sliced to Land 05 plus Germany) loaded through ``municipal_data_load``."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.portal.conftest import dns_slice
from zielwerk.monitoring.services import municipal_data_load, observations_import
from zielwerk.monitoring.services.municipal import MUNICIPAL_DIR

COESFELD_KREIS = "055580000000"
COESFELD = "055580012012"


def nrw_slice(folder: Path) -> Path:
    """The bundled municipal data restricted to Nordrhein-Westfalen and Germany."""
    (folder / "observations").mkdir(parents=True)
    shutil.copy(MUNICIPAL_DIR / "sources.csv", folder / "sources.csv")
    with (folder / "sources.csv").open(encoding="utf-8") as handle:
        editions = [row["edition"] for row in csv.DictReader(handle)]
    for edition in editions:
        frame = pl.read_parquet(MUNICIPAL_DIR / "observations" / f"{edition}.parquet")
        keep = pl.col("region").str.starts_with("05") | (pl.col("region") == "000000000000")
        frame.filter(keep).write_parquet(folder / "observations" / f"{edition}.parquet")
    return folder


@pytest.fixture(scope="module")
def municipal_data(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[Path]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_regions", verbosity=0)
        call_command("load_catalogue", verbosity=0)
        dns = dns_slice(tmp_path_factory.mktemp("dns"), ("13-1-a", "7-2-b"))
        assert observations_import(
            region="000000000000", path=dns, source="Destatis, dns-indikatoren.de"
        ).ok
        folder = nrw_slice(tmp_path_factory.mktemp("municipal"))
        result = municipal_data_load(directory=folder)
        assert result.ok and result.peers is not None
    cache.clear()
    yield folder
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", "--noinput", verbosity=0)
    cache.clear()


@pytest.fixture
def data(municipal_data: Path, db: None) -> Path:
    """Use in a test to get the loaded data (changes are rolled back after the test)."""
    cache.clear()
    return municipal_data
