"""The municipal profile on real data: kit indicators, values equal to the source files, peers."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from zielwerk.catalogue.models import Indicator
from zielwerk.core.units import load_vocabulary
from zielwerk.monitoring.models import ImportRun, Observation, PeerStanding
from zielwerk.monitoring.services import municipal_data_load
from zielwerk.portal.texts import number
from zielwerk.regions.models import Region

from .conftest import COESFELD, COESFELD_KREIS

pytestmark = pytest.mark.django_db


def _kit_rows(page: str) -> set[str]:
    return set(re.findall(r'<span class="zw-code">(K\d+\.\d+)</span>', page))


def test_kreis_and_gemeinde_profiles_show_kit_indicators(client, data: Path) -> None:
    kreis = client.get(f"/regionen/{COESFELD_KREIS}/").content.decode()
    gemeinde = client.get(f"/regionen/{COESFELD}/").content.decode()
    assert len(_kit_rows(kreis)) >= 30
    assert len(_kit_rows(gemeinde)) >= 10
    assert "Die 17 Ziele im Überblick" in gemeinde
    assert "Vergleichsgruppe: <strong>Kleinere Mittelstadt</strong>" in gemeinde
    assert "Ähnliche Kommunen" in gemeinde


def test_profile_values_are_the_bundled_values(client, data: Path) -> None:
    """The page shows the latest value of the package file (equal to the raw source cells,
    tests/scripts/test_municipal_data.py) for every kit indicator of the Gemeinde."""
    page = client.get(f"/regionen/{COESFELD}/").content.decode()
    files = pl.concat(
        [pl.read_parquet(p) for p in sorted((data / "observations").glob("*.parquet"))]
    )
    mine = files.filter(pl.col("region") == COESFELD).sort("year")
    latest = mine.group_by("indicator", maintain_order=True).last()
    assert latest.height >= 10
    for code, value in latest.select("indicator", "value").iter_rows():
        row = re.search(rf'{re.escape(code)}</span>.*?<td class="zw-num">([^<]+)', page, re.S)
        assert row is not None, code
        assert row.group(1).strip() == number(value), code


def test_stored_standings_equal_a_per_region_computation(data: Path) -> None:
    indicator = Indicator.objects.get(code="K3.7")
    groups = dict(Region.objects.exclude(peer_type="").values_list("pk", "peer_type"))
    standings = PeerStanding.objects.filter(indicator=indicator)
    assert standings.count() > 300
    values = {}
    for region_id, year, value in Observation.objects.filter(indicator=indicator).values_list(
        "region_id", "year", "value"
    ):
        values[(region_id, year)] = value
    for s in standings.order_by("pk")[:150]:
        peers = [v for (r, y), v in values.items() if y == s.year and groups.get(r) == s.group]
        lower = sum(v < s.value for v in peers)
        equal = sum(v == s.value for v in peers)
        assert s.n == len(peers)
        if s.n >= 2:
            assert s.percentile == pytest.approx(100 * (lower + 0.5 * (equal - 1)) / (s.n - 1))
        better = sum(v > s.value for v in peers)  # K3.7 (GPs): more is better
        assert s.rank == better + 1


def test_second_load_imports_nothing(data: Path) -> None:
    runs = ImportRun.objects.count()
    result = municipal_data_load(directory=data)
    assert result.imported == [] and len(result.already) == 6
    assert ImportRun.objects.count() == runs


def test_units_are_codes_and_german_pages_show_german_units(client, data: Path) -> None:
    vocabulary = load_vocabulary()
    stored = set(Observation.objects.values_list("unit", flat=True).distinct())
    assert stored <= set(vocabulary.units) | {""}
    english = {
        u.label_en
        for u in vocabulary.units.values()
        if u.label_en.casefold() != u.label_de.casefold()
    } | {"percentage", "hectares per day", "inhabitants per km²"}
    pages = [f"/regionen/{COESFELD}/", f"/regionen/{COESFELD_KREIS}/"]
    for code in stored - {""}:
        indicator = Observation.objects.filter(unit=code).values_list("indicator__code", flat=True)[
            0
        ]
        pages.append(f"/indikatoren/{indicator}/")
    for url in pages:
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        found = {label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)}
        assert not found, (url, found)
