"""Open SDG progress (Statistics Canada method): worked example, limits, scores, indicators."""

from __future__ import annotations

import polars as pl
import pytest

from zielwerk.core.assessment import assess_opensdg, opensdg_indicators

from .helpers import only, series, targets

DECREASE_TO_7_25 = targets(
    {"kind": "year", "direction": "decrease", "target_value": 7.25, "target_year": 2030}
)


def test_worked_example() -> None:
    row = only(assess_opensdg(series({2015: 14.5, 2023: 10.4}), DECREASE_TO_7_25))
    assert row["cagr_observed"] == pytest.approx(-0.0407, abs=5e-5)
    assert row["cagr_required"] == pytest.approx(-0.0452, abs=5e-5)
    assert row["progress"] == pytest.approx(0.901, abs=5e-4)
    assert row["status"] == "moderate_progress"
    assert row["score"] == pytest.approx(2.151, abs=5e-4)
    assert (row["base_year"], row["current_year"], row["target_year"]) == (2015, 2023, 2030)


def test_base_year_is_first_year_with_data_from_2015_on() -> None:
    obs = series({2012: 30.0, 2016: 14.5, 2024: 10.4})
    row = only(assess_opensdg(obs, DECREASE_TO_7_25))
    assert (row["base_year"], row["base_value"]) == (2016, 14.5)


def test_target_base_year_overrides_default() -> None:
    obs = series({2012: 30.0, 2016: 14.5, 2024: 10.4})
    rows = targets(
        {
            "kind": "year",
            "direction": "decrease",
            "target_value": 7.25,
            "target_year": 2030,
            "base_year": 2010,
        }
    )
    assert only(assess_opensdg(obs, rows))["base_year"] == 2012


def test_target_achieved_scores_five() -> None:
    row = only(assess_opensdg(series({2015: 14.5, 2023: 7.0}), DECREASE_TO_7_25))
    assert (row["status"], row["score"]) == ("target_achieved", 5.0)


@pytest.mark.parametrize(
    ("obs", "note"),
    [
        ({2015: 14.5}, "period_too_short"),
        ({2010: 14.5, 2014: 12.0}, "no_data_from_base_year"),
        ({2015: 3.0, 2020: -2.0}, "sign_change"),
    ],
)
def test_not_available(obs: dict[int, float], note: str) -> None:
    row = only(assess_opensdg(series(obs), DECREASE_TO_7_25))
    assert (row["status"], row["score"], row["note"]) == ("not_available", None, note)


@pytest.mark.parametrize(
    ("latest", "status", "score"),
    [
        # P = CAGR over 2015–2020; thresholds 0.015, 0.005, 0.
        (100 * 1.02**5, "substantial_progress", 500 * 0.02 - 5),
        (100 * 1.01**5, "moderate_progress", 250 * 0.01 - 1.25),
        (100 * 1.002**5, "limited_progress", 500 * 0.002 - 2.5),
        (100 * 0.99**5, "deterioration", 125 * -0.01 - 2.5),
        (100 * 0.9**5, "deterioration", -5.0),
    ],
)
def test_without_target_value(latest: float, status: str, score: float) -> None:
    row = only(
        assess_opensdg(
            series({2015: 100.0, 2020: latest}),
            targets({"kind": "direction", "direction": "increase"}),
        )
    )
    assert (row["status"], row["limit_factor"]) == (status, 1.0)
    assert row["score"] == pytest.approx(score)
    assert row["cagr_required"] is None


def test_natural_limit_scales_thresholds() -> None:
    # y0 = 90 of a limit of 100: C = 1 − 0.9^4.44.
    c = 1 - 0.9**4.44
    row = only(
        assess_opensdg(
            series({2015: 90.0, 2020: 90.0 * 1.006**5}),
            targets({"kind": "direction", "direction": "increase", "limit": 100.0}),
        )
    )
    assert row["limit_factor"] == pytest.approx(c)
    assert row["threshold_high"] == pytest.approx(0.015 * c)
    # 0.6 % a year is moderate without a limit, substantial this close to 100 %.
    assert row["status"] == "substantial_progress"
    assert row["score"] == pytest.approx(500 * 0.006 / c - 5)


def test_limit_factor_above_limit_and_at_limit() -> None:
    above = only(
        assess_opensdg(
            series({2015: 150.0, 2020: 140.0}),
            targets({"kind": "direction", "direction": "decrease", "limit": 100.0}),
        )
    )
    assert above["limit_factor"] == pytest.approx(1 - (50 / 100) ** 4.44)
    at = only(
        assess_opensdg(
            series({2015: 100.0, 2020: 100.0}),
            targets({"kind": "direction", "direction": "increase", "limit": 100.0}),
        )
    )
    assert (at["limit_factor"], at["score"]) == (0.0, 5.0)


def test_zero_is_replaced_by_a_thousandth() -> None:
    row = only(
        assess_opensdg(
            series({2015: 0.0, 2020: 1.0}), targets({"kind": "direction", "direction": "increase"})
        )
    )
    assert row["cagr_observed"] == pytest.approx((1 / 0.001) ** (1 / 5) - 1)


def test_negative_values_flip_the_sign() -> None:
    # A negative balance moving towards zero improves for "increase".
    row = only(
        assess_opensdg(
            series({2015: -10.0, 2020: -5.0}),
            targets({"kind": "direction", "direction": "increase"}),
        )
    )
    assert row["progress"] > 0


def test_indicator_level_is_mean_of_series_scores() -> None:
    obs = pl.concat(
        [
            series({2015: 14.5, 2023: 10.4}, name="sex=female"),
            series({2015: 14.5, 2023: 7.0}, name="sex=male"),
            series({2015: 14.5}, name="sex=diverse"),
        ]
    )
    per_series = assess_opensdg(obs, DECREASE_TO_7_25)
    indicator = only(opensdg_indicators(per_series))
    assert indicator["n_series"] == 2
    assert indicator["score"] == pytest.approx((2.1507 + 5) / 2, abs=1e-3)
    assert indicator["status"] == "substantial_progress"
    achieved = only(opensdg_indicators(per_series.filter(pl.col("series") == "sex=male")))
    assert achieved["status"] == "target_achieved"


def test_target_of_other_sign_than_base_has_no_result() -> None:
    # (0.25 / −0.25)^(1/1) is defined, but a growth rate across zero is not.
    row = only(
        assess_opensdg(
            series({2015: -0.25, 2016: -0.25}),
            targets(
                {"kind": "year", "direction": "increase", "target_value": 0.25, "target_year": 2016}
            ),
        )
    )
    assert (row["status"], row["note"]) == ("not_available", "sign_change")
