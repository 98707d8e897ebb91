"""Peer types, standings, bands and similar regions: pure Python, no database."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zielwerk
from zielwerk.core.peers import (
    GEMEINDE_SIZE_CLASSES,
    GEMEINDE_TYPES,
    KREIS_SIZE_CLASSES,
    KREIS_TYPES,
    PEER_TYPES,
    SIZE_CLASSES,
    gemeinde_size_class,
    gemeinde_type,
    kreis_type,
    peer_bands,
    peer_standings,
    similar_regions,
)

REGION_TYPES = Path(zielwerk.__file__).parent / "data" / "municipal" / "region_types.csv"


def standings_by_loop(obs, groups, directions):
    """Straightforward reference: for each observation, count its peers one by one."""
    group_of = dict(groups)
    sign = {indicator: direction for indicator, direction in directions}
    rows = [r for r in obs if r["region"] in group_of]
    result = {}
    for row in rows:
        if row["value"] is None:
            result[(row["indicator"], row["region"], row["year"])] = (None, None)
            continue
        peers = [
            other["value"]
            for other in rows
            if other["value"] is not None
            and (other["indicator"], other["series"], other["year"])
            == (row["indicator"], row["series"], row["year"])
            and group_of[other["region"]] == group_of[row["region"]]
        ]
        lower = sum(v < row["value"] for v in peers)
        equal = sum(v == row["value"] for v in peers)
        better = sum(
            (v < row["value"]) if sign.get(row["indicator"]) == "decrease" else (v > row["value"])
            for v in peers
        )
        n = len(peers)
        percentile = None if n < 2 else 100 * (lower + 0.5 * (equal - 1)) / (n - 1)
        result[(row["indicator"], row["region"], row["year"])] = (better + 1, percentile)
    return result


observation_rows = st.lists(
    st.fixed_dictionaries(
        {
            "indicator": st.sampled_from(["up", "down", "none"]),
            "region": st.sampled_from([f"r{i}" for i in range(8)]),
            "year": st.sampled_from([2020, 2021]),
            # Few distinct values so ties are common.
            "value": st.one_of(st.none(), st.sampled_from([0.0, 1.5, 2.0, -3.0, 10.0])),
        }
    ),
    max_size=60,
    unique_by=lambda r: (r["indicator"], r["region"], r["year"]),
)
group_maps = st.dictionaries(
    st.sampled_from([f"r{i}" for i in range(8)]), st.sampled_from(["g1", "g2", "g3"]), max_size=8
)


@settings(max_examples=150, deadline=None)
@given(rows=observation_rows, groups=group_maps)
def test_standings_equal_a_per_row_loop(rows, groups):
    for row in rows:
        row["series"] = ""
    directions = [("up", "increase"), ("down", "decrease"), ("none", "")]
    obs = pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
        },
    )
    group_frame = pl.DataFrame(
        list(groups.items()), schema={"region": pl.String, "group": pl.String}, orient="row"
    )
    direction_frame = pl.DataFrame(directions, schema=["indicator", "direction"], orient="row")
    result = peer_standings(obs, group_frame, direction_frame)
    expected = standings_by_loop(rows, groups.items(), directions)
    got = {
        (r["indicator"], r["region"], r["year"]): (r["rank"], r["percentile"])
        for r in result.iter_rows(named=True)
    }
    assert got.keys() == expected.keys()
    for key, (rank, percentile) in expected.items():
        assert got[key][0] == rank, key
        assert got[key][1] == pytest.approx(percentile), key


def frame(values, regions=None, indicator="i"):
    regions = regions or [f"r{i}" for i in range(len(values))]
    return pl.DataFrame(
        {"indicator": indicator, "region": regions, "series": "", "year": 2022, "value": values}
    )


def one_group(obs):
    return pl.DataFrame({"region": obs.get_column("region"), "group": "g"})


def test_rank_one_is_highest_when_increase_is_desired_or_no_direction():
    obs = frame([5.0, 9.0, 1.0])
    for directions in (None, pl.DataFrame({"indicator": ["i"], "direction": ["increase"]})):
        ranks = peer_standings(obs, one_group(obs), directions).get_column("rank").to_list()
        assert ranks == [2, 1, 3]


def test_rank_one_is_lowest_when_decrease_is_desired_and_ties_share_the_best_rank():
    obs = frame([5.0, 9.0, 1.0, 5.0])
    directions = pl.DataFrame({"indicator": ["i"], "direction": ["decrease"]})
    out = peer_standings(obs, one_group(obs), directions)
    assert out.get_column("rank").to_list() == [2, 4, 1, 2]
    # The percentile is a position, not a verdict: it does not flip with the direction.
    assert out.get_column("percentile").to_list() == [50.0, 100.0, 0.0, 50.0]


def test_null_and_nan_values_are_nobodys_peers():
    obs = frame([1.0, None, float("nan"), 3.0])
    out = peer_standings(obs, one_group(obs))
    assert out.get_column("n").to_list() == [2, 2, 2, 2]
    assert out.get_column("percentile").to_list() == [0.0, None, None, 100.0]


def test_group_of_one_has_no_percentile_and_ungrouped_regions_are_left_out():
    obs = frame([1.0, 2.0, 3.0])
    groups = pl.DataFrame({"region": ["r0", "r1"], "group": ["a", "b"]})
    out = peer_standings(obs, groups)
    assert out.get_column("region").to_list() == ["r0", "r1"]
    assert out.get_column("percentile").to_list() == [None, None]
    assert out.get_column("rank").to_list() == [1, 1]


def test_a_region_in_two_groups_and_unknown_directions_are_refused():
    obs = frame([1.0, 2.0])
    with pytest.raises(ValueError, match="more than one peer group"):
        peer_standings(obs, pl.DataFrame({"region": ["r0", "r0"], "group": ["a", "b"]}))
    with pytest.raises(ValueError, match="unknown directions"):
        peer_standings(obs, one_group(obs), pl.DataFrame({"indicator": ["i"], "direction": ["up"]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40))
def test_bands_equal_numpy_and_statistics_quantiles(values):
    obs = frame(values)
    band = peer_bands(obs, one_group(obs)).row(0, named=True)
    assert band["n"] == len(values)
    assert band["median"] == pytest.approx(statistics.median(values))
    assert band["q1"] == pytest.approx(np.quantile(values, 0.25), abs=1e-6)
    assert band["q3"] == pytest.approx(np.quantile(values, 0.75), abs=1e-6)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert (band["q1"], band["q3"]) == (
            pytest.approx(q1, abs=1e-6),
            pytest.approx(q3, abs=1e-6),
        )
    assert (band["min"], band["max"]) == (min(values), max(values))


def test_bands_per_group_and_year():
    obs = pl.concat([frame([1.0, 2.0, 3.0]), frame([4.0, 8.0, 6.0]).with_columns(year=2023)])
    groups = pl.DataFrame({"region": ["r0", "r1", "r2"], "group": ["a", "a", "b"]})
    bands = peer_bands(obs, groups).select("year", "group", "n", "median").rows()
    assert bands == [
        (2022, "a", 2, 1.5),
        (2022, "b", 1, 3.0),
        (2023, "a", 2, 6.0),
        (2023, "b", 1, 6.0),
    ]


def types_of(pairs):
    data = pl.DataFrame(pairs, schema=["population", "central_function"], orient="row")
    return data.select(gemeinde_type(pl.col("population"), pl.col("central_function"))).to_series()


@pytest.mark.parametrize(
    ("population", "function", "expected"),
    [
        (4_999, "keine", "gt7"),
        (4_999, "grundzentrum", "gt6"),
        (1_200, "mittelzentrum", "gt6"),
        (5_000, "keine", "gt6"),
        (9_999, "keine", "gt6"),
        (10_000, "keine", "gt5"),
        (19_999, "oberzentrum", "gt5"),
        (20_000, "keine", "gt4"),
        (49_999, "mittelzentrum", "gt4"),
        (50_000, "mittelzentrum", "gt3"),
        (99_999, "oberzentrum", "gt3"),
        (100_000, "mittelzentrum", "gt2"),
        (499_999, "oberzentrum", "gt2"),
        (500_000, "oberzentrum", "gt1"),
        (4_999, None, None),
        (5_000, None, "gt6"),
        (None, "oberzentrum", None),
    ],
)
def test_gemeinde_type_at_the_thresholds(population, function, expected):
    assert types_of([(population, function)]).to_list() == [expected]


def kreis_types(rows):
    data = pl.DataFrame(rows, schema=["kf", "pop", "d", "share", "rest"], orient="row")
    return data.select(kreis_type(*[pl.col(c) for c in data.columns])).to_series().to_list()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ((True, 100_000, 1000.0, 100.0, None), "kt1"),
        ((True, 99_999, 1000.0, 100.0, None), "kt2"),  # small kreisfreie Stadt: density decides
        ((True, 99_999, 140.0, 100.0, None), "kt3"),
        ((False, 500_000, 2000.0, 100.0, None), "kt2"),  # a Landkreis is never kt1
        ((False, 200_000, 150.0, 50.0, 10.0), "kt2"),
        ((False, 200_000, 149.9, 50.0, 10.0), "kt3"),
        ((False, 200_000, 400.0, 0.0, 150.0), "kt2"),
        ((False, 200_000, 149.0, 49.9, 100.0), "kt3"),
        ((False, 200_000, 149.0, 49.9, 99.9), "kt4"),
        ((False, 200_000, 60.0, 0.0, 60.0), "kt4"),
        ((False, None, 60.0, 0.0, 60.0), None),
    ],
)
def test_kreis_type_cases(row, expected):
    assert kreis_types([row]) == [expected]


def test_size_classes_and_labels_cover_every_code():
    classes = pl.select(p=pl.Series([0, 5_000, 10_000, 20_000, 50_000, 100_000, 500_000]))
    found = classes.select(gemeinde_size_class(pl.col("p"))).to_series().to_list()
    assert found == list(GEMEINDE_SIZE_CLASSES)
    assert set(PEER_TYPES) == {f"gt{i}" for i in range(1, 8)} | {f"kt{i}" for i in range(1, 5)}
    assert set(SIZE_CLASSES) == set(GEMEINDE_SIZE_CLASSES) | set(KREIS_SIZE_CLASSES)
    assert all(de and en and de != en for de, en in {**PEER_TYPES, **SIZE_CLASSES}.values())


def test_similar_regions_by_log_distance_then_same_land():
    regions = pl.DataFrame(
        {
            "ars": ["a", "b", "c", "d", "e", "f"],
            "group": ["x", "x", "x", "x", "y", "x"],
            "land": ["01", "02", "01", "01", "01", "01"],
            "population": [10_000, 20_000, 5_000, 11_000, 10_000, None],
        }
    )
    assert similar_regions(regions, "a") == ["d", "c", "b"]
    assert similar_regions(regions, "a", limit=1) == ["d"]
    assert similar_regions(regions, "f") == []
    with pytest.raises(KeyError):
        similar_regions(regions, "zz")


def test_built_region_types_cover_every_kreis_and_gemeinde():
    with REGION_TYPES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["ars", "level", "peer_type", "central_function", "size_class"]
    by_key = {(r["ars"], r["level"]): r for r in rows}
    for city in ("110000000000", "020000000000"):  # Berlin, Hamburg
        assert by_key[(city, "kreis")]["peer_type"] == "kt1"
        assert by_key[(city, "gemeinde")]["peer_type"] == "gt1"
    kreise = [r for r in rows if r["level"] == "kreis"]
    assert len(kreise) == 400 and {r["peer_type"] for r in kreise} == set(KREIS_TYPES)
    types = {r["peer_type"] for r in rows if r["level"] == "gemeinde"}
    assert types == set(GEMEINDE_TYPES) | {""}
