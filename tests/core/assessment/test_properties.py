"""Property tests: the vectorised methods against a per-series loop, bounds, monotonicity,
and invariance to the order of rows."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zielwerk.core.assessment import assess_dns, assess_eurostat, assess_opensdg, codes, sdg_index
from zielwerk.core.assessment.reference import (
    reference_dns,
    reference_eurostat,
    reference_opensdg,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["indicator", "region", "series"]

values = st.integers(min_value=-50, max_value=400).map(lambda v: v / 4)
positive = st.integers(min_value=1, max_value=400).map(lambda v: v / 4)


@st.composite
def one_series(draw: Any, value: Any = values) -> dict[int, float]:
    years = draw(st.lists(st.integers(2005, 2025), min_size=1, max_size=10, unique=True))
    return {y: draw(value) for y in sorted(years)}


@st.composite
def target_row(draw: Any, indicator: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["year", "annual", "direction"]))
    row: dict[str, Any] = {
        "indicator": indicator,
        "kind": kind,
        "region": draw(st.sampled_from(["", "", "r1"])),
        "direction": draw(st.sampled_from(["increase", "decrease"])),
    }
    if kind != "direction":
        row["target_value"] = draw(positive)
    if kind == "year":
        row["target_year"] = draw(st.integers(2010, 2045))
    if draw(st.booleans()):
        row["limit"] = draw(st.sampled_from([100.0, 50.0]))
    return row


@st.composite
def dataset(draw: Any, value: Any = values) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = []
    for indicator in ("a", "b"):
        for region in draw(
            st.lists(st.sampled_from(["r1", "r2", "r3"]), min_size=1, max_size=3, unique=True)
        ):
            for year, v in draw(one_series(value)).items():
                rows.append((indicator, region, "", year, v))
    obs = pl.DataFrame(rows, schema=[*KEYS, "year", "value"], orient="row")
    targets = [draw(target_row(i)) for i in ("a", "b") for _ in range(draw(st.integers(1, 3)))]
    schema = {
        "indicator": pl.String,
        "region": pl.String,
        "series": pl.String,
        "kind": pl.String,
        "direction": pl.String,
        "target_value": pl.Float64,
        "target_year": pl.Int32,
        "base_year": pl.Int32,
        "limit": pl.Float64,
    }
    frame = pl.DataFrame(
        [{c: t.get(c, "" if c == "series" else None) for c in schema} for t in targets],
        schema=schema,
    )
    return obs, frame


@SETTINGS
@given(dataset())
def test_dns_matches_per_series_loop(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    obs, targets = data
    fast = assess_dns(obs, targets).select(*KEYS, "status")
    assert fast.equals(reference_dns(obs, targets))


@SETTINGS
@given(dataset())
def test_opensdg_matches_per_series_loop(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    obs, targets = data
    fast = assess_opensdg(obs, targets)
    slow = reference_opensdg(obs, targets)
    assert fast.select(*KEYS, "status").equals(slow.select(*KEYS, "status"))
    for a, b in zip(fast.get_column("score"), slow.get_column("score"), strict=True):
        assert (a is None and b is None) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


@SETTINGS
@given(dataset(), st.sampled_from([5, 15]))
def test_eurostat_matches_per_series_loop(
    data: tuple[pl.DataFrame, pl.DataFrame], horizon: int
) -> None:
    obs, targets = data
    fast = assess_eurostat(obs, targets, horizon=horizon).select(*KEYS, "status")  # type: ignore[arg-type]
    assert fast.equals(reference_eurostat(obs, targets, horizon=horizon))


@SETTINGS
@given(dataset())
def test_statuses_are_contract_codes_and_scores_within_bounds(
    data: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    obs, targets = data
    assert set(assess_dns(obs, targets).get_column("status")) <= set(codes.DNS_STATUSES)
    opensdg = assess_opensdg(obs, targets)
    assert set(opensdg.get_column("status")) <= set(codes.OPENSDG_STATUSES)
    scores = opensdg.get_column("score").drop_nulls()
    assert ((scores >= -5) & (scores <= 5)).all()
    assert set(assess_eurostat(obs, targets).get_column("status")) <= set(codes.EUROSTAT_STATUSES)


@SETTINGS
@given(dataset(), st.randoms(use_true_random=False))
def test_invariant_to_row_order(data: tuple[pl.DataFrame, pl.DataFrame], rnd: Any) -> None:
    obs, targets = data
    order = list(range(obs.height))
    rnd.shuffle(order)
    shuffled = obs[order]
    for method in (assess_dns, assess_opensdg, assess_eurostat):
        assert method(shuffled, targets).equals(method(obs, targets))


RANK = {
    "dns": {codes.SUN: 4, codes.SUN_CLOUD: 3, codes.CLOUD: 2, codes.THUNDERSTORM: 1},
    "opensdg": {
        codes.TARGET_ACHIEVED: 5,
        codes.SUBSTANTIAL_PROGRESS: 4,
        codes.MODERATE_PROGRESS: 3,
        codes.LIMITED_PROGRESS: 2,
        codes.DETERIORATION: 1,
    },
    "eurostat": {
        codes.SIGNIFICANT_PROGRESS: 4,
        codes.MODERATE_PROGRESS_EU: 3,
        codes.INSUFFICIENT_PROGRESS: 2,
        codes.MOVEMENT_AWAY: 1,
        codes.MODERATE_MOVEMENT_AWAY: 2,
        codes.SIGNIFICANT_MOVEMENT_AWAY: 1,
    },
}


@SETTINGS
@given(
    one_series(positive),
    target_row("x"),
    st.integers(min_value=1, max_value=200).map(lambda v: v / 4),
)
def test_better_latest_value_never_gives_worse_status(
    history: dict[int, float], target: dict[str, Any], step: float
) -> None:
    target = {**target, "region": ""}
    targets = pl.DataFrame([target]).with_columns(pl.col("^target_year|base_year$").cast(pl.Int32))
    last = max(history)
    better = history[last] + (step if target["direction"] == "increase" else -step)
    if better <= 0:
        return

    def frame(latest: float) -> pl.DataFrame:
        data = {**history, last: latest}
        return pl.DataFrame({"indicator": "x", "year": list(data), "value": list(data.values())})

    for name, method in (
        ("dns", assess_dns),
        ("opensdg", assess_opensdg),
        ("eurostat", assess_eurostat),
    ):
        before = method(frame(history[last]), targets).get_column("status")[0]
        after = method(frame(better), targets).get_column("status")[0]
        rank = RANK[name]
        if before in rank and after in rank:
            assert rank[after] >= rank[before], (name, before, after)


@st.composite
def index_data(draw: Any) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = [
        (f"r{r}", indicator, year, draw(values))
        for r in range(draw(st.integers(1, 6)))
        for indicator in ("a", "b", "c")
        for year in draw(st.lists(st.integers(2012, 2024), min_size=1, max_size=4, unique=True))
    ]
    obs = pl.DataFrame(rows, schema=["region", "indicator", "year", "value"], orient="row")
    book = pl.DataFrame(
        {
            "indicator": ["a", "b", "c"],
            "goal": ["1", "1", "2"],
            "best": [100.0, 0.0, None],
            "worst": [0.0, 100.0, None],
            "green": [70.0, 30.0, 50.0],
            "yellow": [60.0, 40.0, None],
            "orange": [50.0, 50.0, 20.0],
        }
    )
    return obs, book


@SETTINGS
@given(index_data(), st.sampled_from(["two-worst", "mean-red-third"]), st.randoms())
def test_index_scores_bounded_ranked_and_order_invariant(
    data: tuple[pl.DataFrame, pl.DataFrame], rule: str, rnd: Any
) -> None:
    obs, book = data
    result = sdg_index(obs, book, goal_colour=rule)  # type: ignore[arg-type]
    normalised = result.indicators.get_column("normalised").drop_nulls()
    assert ((normalised >= 0) & (normalised <= 100)).all()
    scores = result.goals.get_column("score").drop_nulls()
    assert ((scores >= 0) & (scores <= 100)).all()
    assert set(result.goals.get_column("colour")) <= set(codes.COLOURS)
    ranks = result.index.get_column("rank")
    assert ranks.min() == 1
    best = result.index.filter(pl.col("rank") == 1).get_column("score")[0]
    assert best == result.index.get_column("score").max()
    order = list(range(obs.height))
    rnd.shuffle(order)
    shuffled = sdg_index(obs[order], book, goal_colour=rule)  # type: ignore[arg-type]
    assert shuffled.indicators.equals(result.indicators)
    assert shuffled.goals.equals(result.goals)
    assert shuffled.index.equals(result.index)
