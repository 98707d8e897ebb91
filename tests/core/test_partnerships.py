"""Twin-town pairs (Wikidata 2017) matched to ARS on the real file and the bundled regions.

The shared file lives in ``../shared/data/partnerships`` beside the repository; the tests on
it skip when that folder is absent. The measured counts are recorded in docs/hub-data.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from zielwerk.core.partnerships import (
    THRESHOLD_KM,
    Candidate,
    PartnershipMatch,
    UnmatchedReason,
    centroid,
    municipalities,
    name_keys,
    partnerships_match,
)

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT.parent / "shared" / "data" / "partnerships" / "germany-sister-cities-wikidata-2017.tsv"
REGIONS = ROOT / "src" / "zielwerk" / "data" / "regions"
needs_shared = pytest.mark.skipif(
    not TSV.exists(), reason="the shared data (../shared/data/partnerships) is absent"
)

FRIEDBERG_HESSEN = "064400008008"
FRIEDBERG_BAYERN = "097710130130"
KOELN = "053150000000"
HELMSTEDT = "031540028028"
HELMSTEDT_FOREST = "031549502502"  # gemeindefreies Gebiet of the same name


def _region_rows() -> pl.DataFrame:
    return pl.read_csv(
        REGIONS / "regions.csv",
        schema_overrides={"ars": pl.String, "ags": pl.String, "parent_ars": pl.String},
    )


def _features() -> list[dict[str, object]]:
    features: list[dict[str, object]] = []
    for name in ("gemeinden", "kreise", "laender"):
        features += json.loads((REGIONS / f"{name}.geojson").read_text(encoding="utf-8"))[
            "features"
        ]
    return features


@pytest.fixture(scope="module")
def regions() -> pl.DataFrame:
    return municipalities(_region_rows(), _features())


@pytest.fixture(scope="module")
def pairs() -> pl.DataFrame:
    if not TSV.exists():
        pytest.skip("the shared data (../shared/data/partnerships) is absent")
    return pl.read_csv(TSV, separator="\t", quote_char=None, infer_schema_length=0)


@pytest.fixture(scope="module")
def result(pairs: pl.DataFrame, regions: pl.DataFrame) -> PartnershipMatch:
    return partnerships_match(pairs, regions)


def _rows(pairs: pl.DataFrame, origin: str, partner: str) -> list[int]:
    indexed = pairs.with_row_index("row")
    hit = indexed.filter(
        (pl.col("origincityLabel") == origin) & (pl.col("sistercityLabel") == partner)
    )
    return [int(r) for r in hit["row"]]


def test_municipalities_hold_gemeinden_kreisfreie_staedte_and_city_states(
    regions: pl.DataFrame,
) -> None:
    ars = set(regions["ars"])
    assert {KOELN, "091620000000", "110000000000", "020000000000", HELMSTEDT} <= ars
    assert "040000000000" not in ars  # Land Bremen: the city is 040110000000
    assert "053150000000" in ars and "053000000000" not in ars  # not the Regierungsbezirk Köln
    assert HELMSTEDT_FOREST not in ars  # gemeindefreie Gebiete have no twin towns
    assert 10_500 < regions.height < 11_000
    koeln = regions.filter(pl.col("ars") == KOELN).row(0, named=True)
    assert abs(koeln["lat"] - 50.94) < 0.05 and abs(koeln["lon"] - 6.96) < 0.1


@needs_shared
def test_counts_on_the_real_file(result: PartnershipMatch, pairs: pl.DataFrame) -> None:
    counts = result.counts()
    print("partnership matching:", counts)  # the measured figures (pytest -s)
    assert sum(counts.values()) == pairs.height == 5681
    assert len(result.matched) + len(result.unmatched) == pairs.height
    assert {m.row for m in result.matched}.isdisjoint({u.row for u in result.unmatched})
    assert 5400 <= counts["matched"] <= 5600  # measured 5508
    assert 100 <= counts["no_candidate"] <= 200  # measured 148: Berlin districts, merged towns
    assert 10 <= counts["too_far"] <= 40  # measured 25
    assert counts["ambiguous"] == 0 and counts["no_coordinates"] == 0
    assert all(m.distance_km <= THRESHOLD_KM for m in result.matched)


@needs_shared
def test_a_known_pair_and_the_partner_kept_as_given(
    result: PartnershipMatch, pairs: pl.DataFrame
) -> None:
    (row,) = _rows(pairs, "Cologne", "Liverpool")
    (pair,) = [m for m in result.matched if m.row == row]
    assert pair.ars == KOELN  # an English label, found through EXONYMS
    assert (pair.partner_name, pair.country) == ("Liverpool", "United Kingdom")
    source = pairs.row(row, named=True)
    assert (pair.lat, pair.lon) == (
        float(source["destinationlat"]),
        float(source["destinationlong"]),
    )
    assert pair.distance_km < 3
    koeln_partners = {m.partner_name for m in result.matched if m.ars == KOELN}
    assert {"Liverpool", "Turin", "Kyoto", "Barcelona", "Tel Aviv"} <= koeln_partners


@needs_shared
def test_same_name_resolved_by_coordinates(result: PartnershipMatch, pairs: pl.DataFrame) -> None:
    by_row = {m.row: m for m in result.matched}
    (hessen,) = _rows(pairs, "Friedberg", "Bishop's Stortford")
    (bayern,) = _rows(pairs, "Friedberg", "Chippenham")
    assert by_row[hessen].ars == FRIEDBERG_HESSEN  # "Friedberg (Hessen)" in the official list
    assert by_row[bayern].ars == FRIEDBERG_BAYERN


@needs_shared
def test_duplicate_rows_are_reported_per_row(result: PartnershipMatch, pairs: pl.DataFrame) -> None:
    rows = _rows(pairs, "Friedberg", "Völs am Schlern")
    assert len(rows) == 2  # Wikidata lists this pair twice; both rows are kept, neither merged
    assert {m.ars for m in result.matched if m.row in rows} == {FRIEDBERG_BAYERN}


@needs_shared
def test_unmatched_carry_evidence(result: PartnershipMatch, pairs: pl.DataFrame) -> None:
    reasons = {u.row: u for u in result.unmatched}
    (district,) = _rows(pairs, "Cologne", "Neukölln")
    assert district not in reasons  # the German side is Köln; the partner stays as given
    (row,) = _rows(pairs, "Olfen", "Trévignin")  # Olfen im Odenwald, a village of Oberzent
    far = reasons[row]
    assert far.reason is UnmatchedReason.TOO_FAR
    (nearest,) = far.evidence
    assert nearest.ars == "055580036036" and nearest.distance_km > 200  # the town Olfen in NRW
    no_name = [u for u in result.unmatched if u.origin_name == "Treptow-Köpenick"]
    assert len(no_name) == 11 and all(
        u.reason is UnmatchedReason.NO_CANDIDATE and u.evidence == () for u in no_name
    )


@needs_shared
def test_ambiguous_is_listed_not_guessed(pairs: pl.DataFrame) -> None:
    # With the gemeindefreies Gebiet "Helmstedt" among the candidates, two regions of that
    # name lie within the threshold of Wikidata's point: reported, neither chosen.
    rows = _region_rows().filter(pl.col("name") == "Helmstedt", pl.col("level") == "gemeinde")
    features = [f for f in _features() if f["properties"]["ars"] in set(rows["ars"])]  # type: ignore[index]
    points = pl.DataFrame(
        [(f["properties"]["ars"], *centroid(f["geometry"])) for f in features],  # type: ignore[index, arg-type]
        schema=["ars", "lat", "lon"],
        orient="row",
    )
    regions = rows.join(points, on="ars").select("ars", "name", "level", "lat", "lon")
    assert regions.height == 2
    helmstedt = pairs.filter(pl.col("origincityLabel") == "Helmstedt")
    result = partnerships_match(helmstedt, regions)
    assert result.matched == ()
    assert {u.reason for u in result.unmatched} == {UnmatchedReason.AMBIGUOUS}
    listed = {c.ars for c in result.unmatched[0].evidence}
    assert listed == {HELMSTEDT, HELMSTEDT_FOREST}


def _frame(name: str, lat: float | None, lon: float | None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "origincityLabel": [name],
            "originlat": [lat],
            "originlong": [lon],
            "sistercityLabel": ["Partner"],
            "destinationlat": [None],
            "destinationlong": [None],
            "destination_countryLabel": ["Frankreich"],
        },
        schema_overrides={
            "originlat": pl.Float64,
            "originlong": pl.Float64,
            "destinationlat": pl.Float64,
        },
    )


SMALL = pl.DataFrame(
    {
        "ars": ["1", "2", "3"],
        "name": ["Neustadt a.d. Aisch", "Neustadt (Hessen)", "Kempten (Allgäu)"],
        "level": ["gemeinde", "gemeinde", "kreis"],
        "lat": [49.58, 50.85, 47.72],
        "lon": [10.61, 9.11, 10.31],
    }
)


@pytest.mark.parametrize(
    ("name", "lat", "lon", "expected"),
    [
        ("Neustadt an der Aisch", 49.58, 10.61, "1"),
        ("Neustadt", 50.86, 9.12, "2"),
        ("Kempten", 47.73, 10.31, "3"),
        ("Neustadt", 52.0, 10.0, UnmatchedReason.TOO_FAR),
        ("Kemptville", 47.73, 10.31, UnmatchedReason.NO_CANDIDATE),
        ("Kempten", None, None, UnmatchedReason.NO_COORDINATES),
    ],
)
def test_rules(name: str, lat: float | None, lon: float | None, expected: object) -> None:
    result = partnerships_match(_frame(name, lat, lon), SMALL)
    if isinstance(expected, UnmatchedReason):
        assert [u.reason for u in result.unmatched] == [expected]
        assert result.matched == ()
    else:
        assert [m.ars for m in result.matched] == [expected]
        assert result.matched[0].lat is None  # a partner without coordinates stays without


def test_threshold_is_a_parameter() -> None:
    frame = _frame("Neustadt", 50.85, 9.30)  # ~13 km east of Neustadt (Hessen)
    assert partnerships_match(frame, SMALL).matched[0].ars == "2"
    (far,) = partnerships_match(frame, SMALL, threshold_km=5).unmatched
    assert far.reason is UnmatchedReason.TOO_FAR
    assert far.evidence[0] == Candidate("2", "Neustadt (Hessen)", far.evidence[0].distance_km)
    assert 12 < far.evidence[0].distance_km < 15


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bad Homburg v.d. Höhe", "bad homburg"),
        ("Bad Homburg vor der Höhe", "bad homburg"),
        ("Schwedt/Oder", "schwedt"),
        ("Munich", "muenchen"),
        ("Lutherstadt Wittenberg", "wittenberg"),
        ("Köln, Stadt", "koeln"),
    ],
)
def test_name_keys(name: str, key: str) -> None:
    assert key in name_keys(name)


def test_name_keys_keep_compound_names() -> None:
    assert name_keys("Bad Soden-Salmünster") == ["bad soden-salmuenster"]
