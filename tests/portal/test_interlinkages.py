"""Synergies and trade-offs on the region page, on the real bundled municipal data (Land 05).

The figures on the page are recomputed here from the package files with scipy's Spearman
test, so the section must show the numbers of the published data, not just render."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings
from django.core.cache import cache
from scipy.stats import spearmanr  # type: ignore[import-untyped]

from tests.municipal.conftest import COESFELD, COESFELD_KREIS, municipal_data  # noqa: F401
from zielwerk.catalogue.models import Indicator
from zielwerk.portal.interlinkages import PEERS, TIME, region_interlinkages
from zielwerk.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(municipal_data: Path, db: None) -> Path:  # noqa: F811
    cache.clear()
    return municipal_data


def _files(folder: Path) -> pl.DataFrame:
    frames = [pl.read_parquet(p) for p in sorted((folder / "observations").glob("*.parquet"))]
    return pl.concat(frames, how="diagonal_relaxed")


def test_section_renders_with_thresholds_caution_and_table(client, data: Path) -> None:
    page = client.get(f"/regionen/{COESFELD_KREIS}/").content.decode()
    assert "Synergien und Zielkonflikte" in page
    assert "Korrelation ist keine Kausalität" in page
    assert "ρ größer als 0,6 und p kleiner als 0,05" in page
    assert "Weniger als 5 gemeinsame Punkte" in page
    images = re.findall(r'<img src="([^"]+zusammenhaenge/[^"]+\.svg)" alt="([^"]+)"', page)
    assert len(images) == 4
    assert all("Indikatorpaare" in alt for _src, alt in images)
    for src, _alt in images:
        response = client.get(src)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert b'role="img"' in response.content
    links = region_interlinkages(region=Region.objects.get(ars=COESFELD_KREIS))
    classified = sum(links.count(v, k) for v in (TIME, PEERS) for k in ("synergy", "trade_off"))
    assert _row_codes(page) and len(_row_codes(page)) == classified


def _row_codes(page: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<tr>\s*<th scope="row"><span class="zw-code">(K[\d.]+)</span>[^<]*</th>\s*'
        r'<td><span class="zw-code">(K[\d.]+)</span>',
        page,
    )


def test_pairs_page_lists_every_pair_with_its_figures(client, data: Path) -> None:
    links = region_interlinkages(region=Region.objects.get(ars=COESFELD_KREIS))
    page = client.get(f"/regionen/{COESFELD_KREIS}/zusammenhaenge/zeitreihe/").content.decode()
    assert "Korrelation ist keine Kausalität" in page
    assert sorted(_row_codes(page)) == sorted((p.left, p.right) for p in links.time_series)
    strongest = max(
        (p for p in links.time_series if p.kind == "trade_off"), key=lambda p: -(p.rho or 0)
    )
    row = re.search(
        rf'>{re.escape(strongest.left)}</span>[^<]*</th>\s*<td><span class="zw-code">'
        rf"{re.escape(strongest.right)}</span>.*?</tr>",
        page,
        re.S,
    )
    assert row is not None
    cells = re.findall(r'<td class="zw-num">([^<]*)</td>', row.group(0))
    assert cells[0] == f"{strongest.rho:.2f}".replace(".", ",")
    assert cells[-1] == str(strongest.n)
    assert "Zielkonflikt" in row.group(0)
    peers = client.get(f"/regionen/{COESFELD}/zusammenhaenge/vergleichsgruppe/")
    assert peers.status_code == 200
    assert client.get(f"/regionen/{COESFELD}/zusammenhaenge/andere/").status_code == 404


def test_time_series_pairs_equal_scipy_on_the_source_files(data: Path) -> None:
    """Every assessed pair of the Kreis Coesfeld over the years equals scipy on the raw files
    (the latest edition of each year, as the import keeps it)."""
    links = region_interlinkages(region=Region.objects.get(ars=COESFELD_KREIS))
    assessed = [p for p in links.time_series if p.rho is not None]
    assert len(assessed) >= 100
    assert any(p.kind == "synergy" for p in assessed)
    assert any(p.kind == "trade_off" for p in assessed)
    signs = {i.code: (1 if i.direction == "increase" else -1) for i in links.indicators}
    files = _files(data).filter(pl.col("region") == COESFELD_KREIS)
    for pair in assessed[:80]:
        for code, column in ((pair.left, 1), (pair.right, 2)):
            published = files.filter(pl.col("indicator") == code)
            for point in pair.points:
                values = published.filter(pl.col("year") == point.at).get_column("value")
                assert point[column] in values.to_list(), (code, point)
        x = [signs[pair.left] * p.left for p in pair.points]
        y = [signs[pair.right] * p.right for p in pair.points]
        expected = spearmanr(x, y)
        assert pair.rho == pytest.approx(expected.statistic, abs=1e-9)
        assert pair.p == pytest.approx(expected.pvalue, abs=1e-9)


def test_peer_cross_section_uses_the_peer_group(data: Path) -> None:
    region = Region.objects.get(ars=COESFELD)
    links = region_interlinkages(region=region)
    peers = set(Region.objects.filter(peer_type=region.peer_type).values_list("ars", flat=True))
    assessed = [p for p in links.cross_section if p.rho is not None]
    assert len(assessed) >= 20
    for pair in assessed:
        assert {p.at for p in pair.points} <= peers
        assert pair.year is not None
        expected = spearmanr(
            [pair.left_sign * p.left for p in pair.points],
            [pair.right_sign * p.right for p in pair.points],
        )
        assert pair.rho == pytest.approx(expected.statistic, abs=1e-9)
    kit = dict(Indicator.objects.filter(framework="kom").values_list("code", "direction"))
    assert all(kit[i.code] for i in links.indicators)
    assert links.peer_regions > 50


def test_english_page_shows_english_titles(client, data: Path) -> None:
    """The cached pairs are per language: the English page names the indicators in English."""
    german = client.get(f"/regionen/{COESFELD_KREIS}/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/regionen/{COESFELD_KREIS}/").content.decode()
    section = english[english.index('id="zusammenhaenge"') :]
    assert '<span class="zw-code">K1.1</span> Child poverty' in section
    assert "Kinderarmut" not in section
    assert '<span class="zw-code">K1.1</span> Kinderarmut' in german


def test_cold_build_is_a_fixed_number_of_queries(data: Path, django_assert_max_num_queries) -> None:
    region = Region.objects.get(ars=COESFELD_KREIS)
    cache.clear()
    with django_assert_max_num_queries(6):  # versions, kit, own series, peer series
        links = region_interlinkages(region=region)
    assert len(links.indicators) >= 30


@pytest.mark.parametrize(
    "path",
    [
        f"/regionen/{COESFELD_KREIS}/zusammenhaenge/jahre/indikatoren/matrix.svg",
        f"/regionen/{COESFELD_KREIS}/zusammenhaenge/zeitreihe/indikatoren/kreis.svg",
        "/regionen/059999999999/zusammenhaenge/zeitreihe/indikatoren/matrix.svg",
    ],
)
def test_unknown_charts_are_not_found(client, data: Path, path: str) -> None:
    assert client.get(path).status_code == 404


def test_goal_level_chart_renders(client, data: Path) -> None:
    response = client.get(f"/regionen/{COESFELD}/zusammenhaenge/vergleichsgruppe/ziele/matrix.svg")
    assert response.status_code == 200
    assert "Ziel 8" in response.content.decode()
