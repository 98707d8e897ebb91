"""The observation panel shared by the methods."""

from __future__ import annotations

import doctest

import polars as pl
import pytest

from zielwerk.core import assessment
from zielwerk.core.assessment import (
    DuplicateObservationError,
    assess_dns,
    build_panel,
    dashboard,
    dns,
    eurostat,
    index,
    matching,
    opensdg,
    panel,
)
from zielwerk.core.assessment.panel import first_row_from, restrict

from .helpers import series, targets


def test_series_are_numbered_in_key_order_with_latest_value() -> None:
    obs = pl.concat(
        [
            series([1, 2], indicator="b"),
            series([5, 6, 7], indicator="a", region="02"),
            series([9], indicator="a", region="01"),
        ]
    )
    p = build_panel(obs[::-1])
    assert p.series.select("indicator", "region", "n", "year", "value").rows() == [
        ("a", "01", 1, 2010, 9.0),
        ("a", "02", 3, 2012, 7.0),
        ("b", "", 2, 2011, 2.0),
    ]
    for sid, first, last in p.series.select("sid", "first", "last").rows():
        block = p.rows.slice(first, last - first + 1)
        assert block.get_column("sid").unique().to_list() == [sid]
        assert block.get_column("year").is_sorted()


def test_missing_values_are_dropped_and_region_series_default_to_empty() -> None:
    obs = pl.DataFrame(
        {
            "indicator": ["a", "a", "a"],
            "year": [2020, 2021, 2022],
            "value": [1.0, None, float("nan")],
        }
    )
    p = build_panel(obs)
    assert p.series.select("region", "series", "n").rows() == [("", "", 1)]


def test_duplicate_observation_is_refused() -> None:
    obs = pl.concat([series([1, 2]), series({2011: 5.0})])
    with pytest.raises(DuplicateObservationError, match="year 2011"):
        build_panel(obs)


def test_missing_column_is_refused() -> None:
    with pytest.raises(ValueError, match="value"):
        build_panel(pl.DataFrame({"indicator": ["a"], "year": [2020]}))


def test_a_prepared_panel_gives_the_same_result_and_honours_as_of() -> None:
    obs = pl.concat([series([0, 1, 2, 3, 4, 5, -9]), series([5, 4, 3, 2, 1, 0], region="r")])
    rows = targets({"kind": "direction", "direction": "increase"})
    p = build_panel(obs)
    assert assess_dns(p, rows, as_of=2015).equals(assess_dns(obs, rows, as_of=2015))
    assert assess_dns(p, rows).equals(assess_dns(obs, rows))


def test_restrict_and_first_row_from() -> None:
    p = build_panel(pl.concat([series([1, 2, 3]), series([4, 5], region="r")]))
    q = restrict(p, pl.col("year") >= 2011)
    assert q.series.select("region", "n", "value").rows() == [("", 2, 3.0), ("r", 1, 5.0)]
    rows = first_row_from(p, pl.Series([2011, 2030], dtype=pl.Int32))
    assert p.rows.get_column("year").gather(rows).to_list() == [2011, None]


def test_empty_observations_give_empty_results() -> None:
    obs = series([])
    assert assess_dns(obs, targets({"kind": "direction", "direction": "increase"})).is_empty()


@pytest.mark.parametrize(
    "module", [assessment, dashboard, dns, eurostat, index, matching, opensdg, panel]
)
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0


def test_shuffled_tables_take_the_integer_sort_path_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    obs = pl.concat(
        [
            series([3, 1, 4, 1, 5], region=r, indicator=i, name=n)
            for r in ("01", "02")
            for i in ("a", "b")
            for n in ("", "sex=f")
        ]
    )
    shuffled = obs.sample(fraction=1.0, shuffle=True, seed=3)
    rows = targets(
        {"indicator": "a", "kind": "direction", "direction": "increase"},
        {"indicator": "b", "kind": "annual", "direction": "decrease", "target_value": 2.0},
    )
    expected = assess_dns(obs, rows)
    monkeypatch.setattr(panel, "LARGE", 0)
    assert assess_dns(shuffled, rows).equals(expected)
    with pytest.raises(DuplicateObservationError):
        build_panel(pl.concat([shuffled, shuffled.head(1)]))
