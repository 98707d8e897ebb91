"""Portal tests run on real data: the bundled regions and catalogue and a slice of the DNS
repository (7.2.a renewable energy: Germany and the 16 Länder; 3.1.e obesity: series without a
headline, periods such as 2014-2017), imported once per module and removed afterwards."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from zielwerk.monitoring.services import observations_import

DNS = Path(__file__).resolve().parents[2] / "src/zielwerk/data/demo/dns-indicators"
SLICE = ("7-2-a", "3-1-e")


def dns_slice(folder: Path, sheets: tuple[str, ...] = SLICE) -> Path:
    """An Open SDG repository folder with the given sheets of the bundled DNS data."""
    (folder / "data").mkdir(parents=True)
    (folder / "meta").mkdir()
    for sheet in sheets:
        shutil.copy(DNS / f"data/indicator_{sheet}.csv", folder / "data")
        shutil.copy(DNS / f"meta/{sheet}.md", folder / "meta")
    return folder


@pytest.fixture(scope="module")
def portal_data(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_regions", verbosity=0)
        call_command("load_catalogue", verbosity=0)
        folder = dns_slice(tmp_path_factory.mktemp("dns"))
        summary = observations_import(
            region="000000000000", path=folder, source="Destatis, dns-indikatoren.de"
        )
        assert summary.ok
    cache.clear()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", "--noinput", verbosity=0)
    cache.clear()


@pytest.fixture
def data(portal_data: None, db: None) -> None:
    """Use in a test to get the imported data (read-only)."""
