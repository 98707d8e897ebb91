"""Plausibility warnings for drafts: jumps, natural limits, unit changes (no database)."""

from __future__ import annotations

import itertools

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.plausibility import (
    JUMP_FACTOR,
    plausibility_warnings,
    unit_limits,
)


def _drafts(rows):
    return pl.DataFrame(
        rows,
        schema={
            "id": pl.Int64,
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "unit": pl.String,
        },
        orient="row",
    )


def _published(rows):
    return pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "region": pl.String,
            "series": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "unit": pl.String,
        },
        orient="row",
    )


STEADY = _published([("x", "r", "", y, 10.0 + (y % 2), "percent") for y in range(2015, 2024)])


def _checks(found):
    return sorted(found.select("id", "check").rows())


def test_a_jump_beyond_three_times_the_usual_change_is_flagged():
    # usual change 1 per year, last value 11 (2023): +2.9 is still usual, +3.5 is a jump
    drafts = _drafts([(1, "x", "r", "", 2024, 11.0 + 2.9, "percent")])
    assert _checks(plausibility_warnings(drafts, STEADY)) == []
    drafts = _drafts([(1, "x", "r", "", 2024, 11.0 + 3.5, "percent")])
    found = plausibility_warnings(drafts, STEADY)
    assert _checks(found) == [(1, "jump")]
    row = found.row(0, named=True)
    assert (row["previous"], row["previous_year"], row["usual"]) == (11.0, 2023, 1.0)


def test_short_series_use_fifty_percent_of_the_earlier_value():
    published = _published([("x", "r", "", 2022, 20.0, "number")])
    ok = _drafts([(1, "x", "r", "", 2023, 29.0, "number")])
    jump = _drafts([(1, "x", "r", "", 2023, 31.0, "number")])
    assert _checks(plausibility_warnings(ok, published)) == []
    found = plausibility_warnings(jump, published)
    assert _checks(found) == [(1, "jump")]
    assert found["usual"][0] is None


def test_a_draft_is_compared_with_the_draft_before_it():
    drafts = _drafts(
        [(1, "x", "r", "", 2024, 11.0, "percent"), (2, "x", "r", "", 2025, 30.0, "percent")]
    )
    assert _checks(plausibility_warnings(drafts, STEADY)) == [(2, "jump")]


def test_no_earlier_value_no_jump():
    drafts = _drafts([(1, "x", "r", "", 2020, 5.0, "number")])
    assert _checks(plausibility_warnings(drafts, _published([]))) == []


def test_values_beyond_natural_limits():
    drafts = _drafts(
        [
            (1, "x", "r", "a", 2020, 101.0, "percent"),
            (2, "x", "r", "b", 2020, -1.0, "percent"),
            (3, "x", "r", "c", 2020, -3.0, "per_1000_inhabitants"),
            (4, "x", "r", "d", 2020, -3.0, "eur"),
            (5, "x", "r", "e", 2020, 100.0, "percent"),
            (6, "x", "r", "f", 2020, -2.0, "number"),
        ]
    )
    found = plausibility_warnings(drafts, _published([]))
    assert _checks(found) == [(1, "limit"), (2, "limit"), (3, "limit"), (6, "limit")]
    first = found.filter(pl.col("id") == 1).row(0, named=True)
    assert (first["lower"], first["upper"]) == (0.0, 100.0)


def test_unit_differing_from_the_latest_published_unit():
    drafts = _drafts(
        [(1, "x", "r", "", 2024, 10.0, "number"), (2, "x", "q", "", 2024, 10.0, "number")]
    )
    found = plausibility_warnings(drafts, STEADY)
    assert _checks(found) == [(1, "unit")]
    assert found["published_unit"][0] == "percent"


def test_unit_limits_vocabulary():
    assert unit_limits("percent") == (0.0, 100.0)
    assert unit_limits("per_100000_inhabitants") == (0.0, None)
    assert unit_limits("percentage_points") == (None, None)
    assert unit_limits("") == (None, None)


@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=4, max_size=12),
    st.floats(-1e6, 1e6, allow_nan=False),
)
def test_jump_rule_property(history, new):
    published = _published([("x", "r", "", 2000 + i, v, "eur") for i, v in enumerate(history)])
    drafts = _drafts([(7, "x", "r", "", 2000 + len(history), new, "eur")])
    found = plausibility_warnings(drafts, published)
    steps = sorted(abs(b - a) for a, b in itertools.pairwise(history))
    usual = pl.Series(steps).median()
    change = abs(new - history[-1])
    limit = JUMP_FACTOR * usual if usual > 0 else 0.5 * abs(history[-1])
    expected = change > limit
    assert ("jump" in found["check"].to_list()) == expected
    assert set(found["check"]) <= {"jump"}  # euro amounts have no limits
