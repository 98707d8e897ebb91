"""Synergies and trade-offs (Pradhan et al. 2017): pure Python, no database.

Spearman's ρ and its p-value are checked against ``scipy.stats.spearmanr`` (the independent
reference) on real kit series of the bundled municipal data and on generated data."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr  # type: ignore[import-untyped]

import zielwerk
from zielwerk.core.interlinkages import (
    MIN_POINTS,
    SIGNIFICANCE,
    SYNERGY_RHO,
    TRADE_OFF_RHO,
    PairResult,
    classify,
    cross_section_pairs,
    goal_shares,
    spearman_p,
    time_series_pairs,
)

MUNICIPAL = Path(zielwerk.__file__).parent / "data" / "municipal"
COESFELD_KREIS = "055580000000"
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def kit() -> pl.DataFrame:
    """The kit's indicators with a desired direction: code, direction, goal."""
    frame = pl.read_csv(MUNICIPAL / "indicators.csv", columns=["code", "direction", "goal"])
    return frame.filter(pl.col("direction").is_in(["increase", "decrease"]))


@pytest.fixture(scope="module")
def inkar(kit: pl.DataFrame) -> pl.DataFrame:
    """INKAR 2024 as bundled: one value per indicator, region and year."""
    frame = pl.read_parquet(MUNICIPAL / "observations" / "inkar-2024.parquet")
    frame = frame.filter(pl.col("indicator").is_in(kit.get_column("code").to_list()))
    assert frame.select("indicator", "region", "series", "year").is_duplicated().sum() == 0
    return frame.filter(pl.col("series") == "")


def _directions(kit: pl.DataFrame) -> dict[str, str]:
    return dict(kit.select("code", "direction").iter_rows())


def _reference(pair: PairResult) -> tuple[float, float]:
    x = [pair.left_sign * p.left for p in pair.points]
    y = [pair.right_sign * p.right for p in pair.points]
    result = spearmanr(x, y)
    return float(result.statistic), float(result.pvalue)


def test_time_series_of_a_real_kreis_equal_scipy(kit: pl.DataFrame, inkar: pl.DataFrame) -> None:
    series = inkar.filter(pl.col("region") == COESFELD_KREIS).select("indicator", "year", "value")
    pairs = time_series_pairs(series, _directions(kit))
    codes = series.get_column("indicator").n_unique()
    assert len(pairs) == codes * (codes - 1) // 2
    assessed = [p for p in pairs if p.rho is not None]
    assert len(assessed) >= 100
    for pair in assessed:
        rho, p = _reference(pair)
        assert pair.rho is not None and abs(pair.rho - rho) < TOLERANCE, (pair.left, pair.right)
        assert pair.p is not None and abs(pair.p - p) < TOLERANCE, (pair.left, pair.right)
        # the points are the published values of both indicators in the shared years
        own = series.filter(pl.col("indicator").is_in([pair.left, pair.right]))
        years = own.group_by("year").len().filter(pl.col("len") == 2).get_column("year")
        assert sorted(years.to_list()) == [p.at for p in pair.points]
    kinds = {p.kind for p in assessed}
    assert {"synergy", "trade_off", "unclassified"} <= kinds


def test_peer_cross_section_of_real_kreise_equal_scipy(
    kit: pl.DataFrame, inkar: pl.DataFrame
) -> None:
    """The peer group of the Kreis Coesfeld (its BBSR Kreistyp), each pair in its latest
    year with at least five Kreise."""
    types = pl.read_csv(MUNICIPAL / "region_types.csv", schema_overrides={"ars": pl.String})
    kreise = types.filter(pl.col("level") == "kreis")
    group = kreise.filter(pl.col("ars") == COESFELD_KREIS).get_column("peer_type").item()
    peers = kreise.filter(pl.col("peer_type") == group).get_column("ars").to_list()
    values = inkar.filter(pl.col("region").is_in(peers)).select(
        "indicator", "region", "year", "value"
    )
    pairs = cross_section_pairs(values, _directions(kit))
    assessed = [p for p in pairs if p.rho is not None]
    assert len(assessed) >= 100
    for pair in assessed[::7]:
        rho, p = _reference(pair)
        assert pair.rho is not None and abs(pair.rho - rho) < TOLERANCE
        assert pair.p is not None and abs(pair.p - p) < TOLERANCE
        both = values.filter(pl.col("indicator").is_in([pair.left, pair.right]))
        shared = (
            both.group_by("region", "year").len().filter(pl.col("len") == 2).group_by("year").len()
        )
        enough = shared.filter(pl.col("len") >= MIN_POINTS).get_column("year")
        assert pair.year == enough.max()
        assert len(pair.points) == shared.filter(pl.col("year") == pair.year).item(0, "len")
        assert {p.at for p in pair.points} <= set(peers)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
# small integers make ties likely (average ranks)
tied = st.integers(min_value=-3, max_value=3).map(float)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.tuples(st.one_of(finite, tied), st.one_of(finite, tied)), min_size=2,
                    max_size=40),
    flip=st.tuples(st.booleans(), st.booleans()),
)  # fmt: skip
def test_equals_scipy_on_generated_series(
    values: list[tuple[float, float]], flip: tuple[bool, bool]
) -> None:
    years = list(range(2000, 2000 + len(values)))
    frame = pl.DataFrame(
        {
            "indicator": ["a"] * len(values) + ["b"] * len(values),
            "year": years * 2,
            "value": [v[0] for v in values] + [v[1] for v in values],
        }
    )
    directions = {
        "a": "decrease" if flip[0] else "increase",
        "b": "decrease" if flip[1] else "increase",
    }
    [pair] = time_series_pairs(frame, directions)
    assert pair.n == len(values)
    x = [(-v[0] if flip[0] else v[0]) for v in values]
    y = [(-v[1] if flip[1] else v[1]) for v in values]
    constant = len(set(x)) == 1 or len(set(y)) == 1
    if pair.n < MIN_POINTS:
        assert (pair.kind, pair.reason, pair.rho, pair.p) == (
            "insufficient",
            "too_few_points",
            None,
            None,
        )
        return
    if constant:
        assert (pair.kind, pair.reason, pair.rho) == ("unclassified", "constant", None)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = spearmanr(x, y)
    assert pair.rho is not None and pair.p is not None
    assert abs(pair.rho - expected.statistic) < TOLERANCE
    assert abs(pair.p - expected.pvalue) < TOLERANCE
    assert pair.kind == classify(pair.rho, pair.p, pair.n)[0]


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.tuples(st.one_of(finite, st.none()), st.one_of(finite, st.none())),
                    min_size=0, max_size=25)
)  # fmt: skip
def test_only_shared_points_count(values: list[tuple[float | None, float | None]]) -> None:
    """A year missing (or NaN) in either series is not a point of the pair."""
    rows = [
        (code, 2000 + i, v)
        for i, pair in enumerate(values)
        for code, v in zip("ab", pair, strict=True)
        if v is not None
    ]
    schema = {"indicator": pl.String, "year": pl.Int64, "value": pl.Float64}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    frame = pl.concat(
        [
            frame,
            pl.DataFrame(
                {"indicator": ["a", "b"], "year": [1990, 1990], "value": [math.nan, None]}
            ),
        ]
    )
    [pair] = time_series_pairs(frame, {"a": "increase", "b": "increase"})
    shared = [
        (2000 + i, a, b) for i, (a, b) in enumerate(values) if a is not None and b is not None
    ]
    assert pair.n == len(shared)
    assert [tuple(p) for p in pair.points] == shared


@pytest.mark.parametrize(
    ("rho", "p", "n", "expected"),
    [
        (SYNERGY_RHO, 0.0, 30, ("unclassified", "weak")),
        (math.nextafter(SYNERGY_RHO, 1.0), 0.01, 30, ("synergy", "")),
        (0.9, SIGNIFICANCE, 30, ("unclassified", "not_significant")),
        (0.9, math.nextafter(SIGNIFICANCE, 0.0), 30, ("synergy", "")),
        (TRADE_OFF_RHO, 0.0, 30, ("unclassified", "weak")),
        (math.nextafter(TRADE_OFF_RHO, -1.0), 0.01, 30, ("trade_off", "")),
        (-0.9, SIGNIFICANCE, 30, ("unclassified", "not_significant")),
        (1.0, 0.0, MIN_POINTS - 1, ("insufficient", "too_few_points")),
        (1.0, 0.0, MIN_POINTS, ("synergy", "")),
        (None, None, MIN_POINTS, ("unclassified", "constant")),
    ],
)
def test_classification_at_the_boundaries(rho, p, n, expected) -> None:
    assert classify(rho, p, n) == expected


def test_thresholds_are_those_of_the_method() -> None:
    assert (SYNERGY_RHO, TRADE_OFF_RHO, SIGNIFICANCE, MIN_POINTS) == (0.6, -0.6, 0.05, 5)


def _two(first: list[float], second: list[float], start: int = 2010) -> pl.DataFrame:
    years = [start + i for i in range(len(first))]
    indicators = ["a"] * len(first) + ["b"] * len(second)
    frame = {"indicator": indicators, "year": years + years[: len(second)]}
    return pl.DataFrame({**frame, "value": first + second})


def test_too_short_series_are_reported_as_insufficient() -> None:
    frame = _two([1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0])
    [pair] = time_series_pairs(frame, {"a": "increase", "b": "increase"})
    assert (pair.kind, pair.reason, pair.n, pair.rho, pair.p) == (
        "insufficient", "too_few_points", 4, None, None
    )  # fmt: skip
    assert len(pair.points) == 4  # the evidence is kept


def test_pairs_without_shared_years_are_reported() -> None:
    frame = pl.DataFrame({"indicator": ["a", "b"], "year": [2010, 2011], "value": [1.0, 2.0]})
    [pair] = time_series_pairs(frame, {"a": "increase", "b": "increase"})
    assert (pair.left, pair.right, pair.n, pair.kind) == ("a", "b", 0, "insufficient")


def test_direction_alignment_flips_the_sign() -> None:
    first = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    frame = _two(first, [2.0, 1.0, 3.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0, 10.0])
    [same] = time_series_pairs(frame, {"a": "increase", "b": "increase"})
    [flipped] = time_series_pairs(frame, {"a": "increase", "b": "decrease"})
    [both] = time_series_pairs(frame, {"a": "decrease", "b": "decrease"})
    assert same.rho is not None and flipped.rho is not None
    assert same.rho > SYNERGY_RHO and same.kind == "synergy"
    assert flipped.rho == -same.rho and flipped.kind == "trade_off"
    assert both.rho == same.rho and both.p == same.p
    assert flipped.points == same.points  # as published, before alignment
    assert (flipped.left_sign, flipped.right_sign) == (1, -1)


def test_constant_series_has_no_rho() -> None:
    frame = _two([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [3.0] * 6)
    [pair] = time_series_pairs(frame, {"a": "increase", "b": "increase"})
    assert (pair.kind, pair.reason, pair.rho, pair.p, pair.n) == (
        "unclassified",
        "constant",
        None,
        None,
        6,
    )


def test_an_indicator_without_direction_is_refused() -> None:
    frame = _two([1.0] * 5, [2.0] * 5)
    with pytest.raises(ValueError, match="direction"):
        time_series_pairs(frame, {"a": "increase", "b": ""})


def test_cross_section_takes_the_latest_year_with_enough_regions() -> None:
    rows = []
    for year, regions in ((2021, "pqrstu"), (2022, "pqrstuv"), (2023, "pqrs")):
        for i, region in enumerate(regions):
            rows += [("a", region, year, float(i)), ("b", region, year, float(i * i))]
    frame = pl.DataFrame(rows, schema=["indicator", "region", "year", "value"], orient="row")
    [pair] = cross_section_pairs(frame, {"a": "increase", "b": "increase"})
    assert (pair.year, pair.n, pair.kind) == (2022, 7, "synergy")
    few = frame.filter(pl.col("region").is_in(list("pqr")) | (pl.col("year") == 2023))
    [short] = cross_section_pairs(few, {"a": "increase", "b": "increase"})
    assert (short.year, short.n, short.kind) == (2023, 4, "insufficient")


def test_spearman_p_equals_scipy_for_perfect_and_null_correlation() -> None:
    assert spearman_p(1.0, 7) == spearmanr(range(7), range(7)).pvalue == 0.0
    x, y = [1, 2, 3, 4, 5, 6], [3, 6, 1, 5, 2, 4]
    expected = spearmanr(x, y)
    assert abs(spearman_p(float(expected.statistic), 6) - expected.pvalue) < TOLERANCE


def test_goal_shares_of_real_pairs(kit: pl.DataFrame, inkar: pl.DataFrame) -> None:
    series = inkar.filter(pl.col("region") == COESFELD_KREIS).select("indicator", "year", "value")
    pairs = time_series_pairs(series, _directions(kit))
    goals = {c: str(g) for c, g in kit.select("code", "goal").iter_rows()}
    shares = goal_shares(pairs, goals)
    assert sum(s.pairs for s in shares) == len(pairs)
    assert sum(s.synergies for s in shares) == sum(p.kind == "synergy" for p in pairs)
    for share in shares:
        mine = [p for p in pairs if {goals[p.left], goals[p.right]} == {share.left, share.right}]
        assessed = [p for p in mine if p.rho is not None]
        assert share.assessed == len(assessed)
        if assessed:
            expected = sum(p.kind == "trade_off" for p in assessed) / len(assessed)
            assert share.trade_off_share == pytest.approx(expected)


def test_two_values_for_one_year_are_refused() -> None:
    frame = pl.DataFrame(
        {"indicator": ["a", "a", "b"], "year": [2010, 2010, 2010], "value": [1.0, 2.0, 3.0]}
    )
    with pytest.raises(ValueError, match="more than one value"):
        time_series_pairs(frame, {"a": "increase", "b": "increase"})
