"""Eurostat trend categories, short and long term."""

from __future__ import annotations

import pytest

from zielwerk.core.assessment import assess_eurostat

from .helpers import only, series, targets

TO_30 = targets(
    {"kind": "year", "direction": "increase", "target_value": 30.0, "target_year": 2030}
)


def _window(start: float, end: float) -> dict[int, float]:
    return {2000: 1.0, 2018: start, 2023: end}


@pytest.mark.parametrize(
    ("end", "status"),
    [
        (20 * 1.034366**5, "significant_progress"),  # R = 1
        (20 * 1.025**5, "moderate_progress"),
        (20 * 1.01**5, "insufficient_progress"),
        (19.0, "movement_away"),
        (31.0, "significant_progress"),  # target met
    ],
)
def test_with_target(end: float, status: str) -> None:
    row = only(assess_eurostat(series(_window(20.0, end)), TO_30))
    assert row["status"] == status
    assert (row["base_year"], row["current_year"], row["horizon"]) == (2018, 2023, 5)


def test_with_target_components() -> None:
    row = only(assess_eurostat(series(_window(20.0, 23.0)), TO_30))
    observed = (23 / 20) ** (1 / 5) - 1
    required = (30 / 20) ** (1 / 12) - 1
    assert row["cagr_observed"] == pytest.approx(observed)
    assert row["cagr_required"] == pytest.approx(required)
    assert row["ratio"] == pytest.approx(observed / required)


@pytest.mark.parametrize(
    ("growth", "status"),
    [
        (0.02, "significant_progress"),
        (0.005, "moderate_progress"),
        (0.0, "moderate_progress"),
        (-0.005, "moderate_movement_away"),
        (-0.02, "significant_movement_away"),
    ],
)
def test_without_target(growth: float, status: str) -> None:
    obs = series({2018: 50.0, 2023: 50.0 * (1 + growth) ** 5})
    up = only(assess_eurostat(obs, targets({"kind": "direction", "direction": "increase"})))
    assert up["status"] == status
    assert up["growth"] == pytest.approx(growth)
    mirrored = series({2018: 50.0, 2023: 50.0 / (1 + growth) ** 5})
    down = only(assess_eurostat(mirrored, targets({"kind": "direction", "direction": "decrease"})))
    assert down["status"] == status


def test_long_term_uses_fifteen_years_and_needs_ten() -> None:
    obs = series({2005: 10.0, 2008: 11.0, 2023: 20.0})
    row = only(
        assess_eurostat(obs, targets({"kind": "direction", "direction": "increase"}), horizon=15)
    )
    assert (row["base_year"], row["horizon"]) == (2008, 15)
    short = only(
        assess_eurostat(
            series({2015: 10.0, 2023: 20.0}),
            targets({"kind": "direction", "direction": "increase"}),
            horizon=15,
        )
    )
    assert (short["status"], short["note"]) == ("not_assessed", "period_too_short")


def test_short_term_needs_three_years() -> None:
    row = only(assess_eurostat(series({2021: 10.0, 2023: 20.0}), TO_30))
    assert (row["status"], row["note"]) == ("not_assessed", "period_too_short")


def test_non_positive_values_are_not_assessed() -> None:
    row = only(assess_eurostat(series({2018: 0.0, 2023: 2.0}), TO_30))
    assert (row["status"], row["note"]) == ("not_assessed", "non_positive_value")


def test_horizon_must_be_5_or_15() -> None:
    with pytest.raises(ValueError, match="horizon"):
        assess_eurostat(series({2018: 1.0, 2023: 2.0}), TO_30, horizon=7)  # type: ignore[arg-type]
