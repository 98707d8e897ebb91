"""DNS weather symbols: the worked example of METHODS.md and each rule on constructed series."""

from __future__ import annotations

import polars as pl
import pytest

from zielwerk.core.assessment import assess_dns

from .helpers import only, series, targets

# DNS indicator 3.1.b "Vorzeitige Sterblichkeit, Männer" (deaths of men under 70 per 100,000,
# old European standard population), national series as published on the DNS Open SDG
# platform (data/indicator_3-1-ab.csv, series "premature mortality (men)"; source Destatis,
# Todesursachenstatistik). The indicator was replaced by 3.1.a in the current DNS data, so the
# bundled data no longer holds it.
PREMATURE_MORTALITY_MEN = dict(
    zip(
        range(1991, 2021),
        [
            491.9,
            476.2,
            471.5,
            461.0,
            451.4,
            439.4,
            422.0,
            404.3,
            391.7,
            381.8,
            366.5,
            360.0,
            355.5,
            337.3,
            329.4,
            318.4,
            312.9,
            307.8,
            304.8,
            300.6,
            298.7,
            292.3,
            291.9,
            281.2,
            288.1,
            283.8,
            276.0,
            279.3,
            271.0,
            276.3,
        ],
        strict=True,
    )
)
MEN_TARGET = targets(
    {
        "indicator": "3.1.b",
        "series": "sex=male",
        "kind": "year",
        "direction": "decrease",
        "target_value": 190.0,
        "target_year": 2030,
    }
)


def test_premature_mortality_men_2014_is_sun_cloud_with_r_17_percent() -> None:
    obs = series(PREMATURE_MORTALITY_MEN, indicator="3.1.b", name="sex=male")
    row = only(assess_dns(obs, MEN_TARGET, as_of=2014))
    assert row["status"] == "sun_cloud"
    assert row["rule"] == "year"
    assert (row["base_year"], row["current_year"]) == (2009, 2014)
    assert row["mean_change"] == pytest.approx((281.2 - 304.8) / 5)
    assert row["projection"] == pytest.approx(281.2 + (281.2 - 304.8) / 5 * 16)
    assert row["gap_ratio"] == pytest.approx(0.1719, abs=5e-4)


def test_absolute_change_not_growth_rate() -> None:
    # A growth-rate projection would leave r ≈ 30 % (cloud); the DNS rule uses absolute change.
    obs = series(PREMATURE_MORTALITY_MEN, indicator="3.1.b", name="sex=male")
    row = only(assess_dns(obs, MEN_TARGET, as_of=2014))
    growth = (281.2 / 304.8) ** (1 / 5)
    r_growth = (190 - 281.2 * growth**16) / (190 - 281.2)
    assert r_growth == pytest.approx(0.30, abs=0.01)
    assert row["gap_ratio"] < 0.2 < r_growth


@pytest.mark.parametrize(
    ("target_value", "status", "ratio"),
    [
        (20.0, "sun", -1 / 3),  # the projection overshoots the target
        (25.0, "sun", 0.0),
        (26.0, "sun", 1 / 21),
        (26.25, "sun_cloud", 1.25 / 21.25),
        (30.0, "sun_cloud", 0.2),  # 0.20 itself is still sun_cloud
        (31.0, "cloud", 6 / 26),
    ],
)
def test_year_rule_thresholds(target_value: float, status: str, ratio: float) -> None:
    # x = 0..5 over 2010–2015: Δ = 1, projection to 2035 = 25.
    row = only(
        assess_dns(
            series(range(6)),
            targets(
                {
                    "kind": "year",
                    "direction": "increase",
                    "target_value": target_value,
                    "target_year": 2035,
                }
            ),
        )
    )
    assert row["projection"] == pytest.approx(25.0)
    assert row["gap_ratio"] == pytest.approx(ratio)
    assert row["status"] == status


def test_year_rule_moving_away_is_thunderstorm() -> None:
    row = only(
        assess_dns(
            series([5, 4, 4, 3, 2, 1]),
            targets(
                {"kind": "year", "direction": "increase", "target_value": 10, "target_year": 2030}
            ),
        )
    )
    assert (row["status"], row["mean_change"]) == ("thunderstorm", pytest.approx(-0.8))


def test_four_values_use_three_changes_and_three_values_are_not_assessed() -> None:
    target = targets({"kind": "direction", "direction": "increase"})
    row = only(assess_dns(series([0, 1, 2, 6]), target))
    assert (row["n_values"], row["base_year"], row["mean_change"]) == (4, 2010, 2.0)
    assert row["status"] == "sun"
    short = only(assess_dns(series([0, 1, 2]), target))
    assert (short["status"], short["note"]) == ("not_assessed", "too_few_values")


def test_only_the_last_six_values_count() -> None:
    row = only(
        assess_dns(
            series([100, 0, 1, 2, 3, 4, 5]), targets({"kind": "direction", "direction": "increase"})
        )
    )
    assert (row["n_values"], row["base_year"], row["mean_change"]) == (6, 2011, 1.0)


def test_gaps_mean_change_is_per_year() -> None:
    obs = series({2010: 0.0, 2012: 2.0, 2014: 4.0, 2016: 6.0, 2018: 8.0, 2020: 10.0})
    row = only(assess_dns(obs, targets({"kind": "direction", "direction": "increase"})))
    assert row["mean_change"] == pytest.approx(1.0)
    assert row["last_change"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([0, 1, 2, 3, 4, 5], "sun"),  # met, improving
        ([10, 9, 8, 7, 6, 5], "sun_cloud"),  # met, deteriorating
        ([-5, -4, -3, -2, -1, 0], "cloud"),  # not met, improving
        ([0, 0, 0, 0, 0, 0], "thunderstorm"),  # not met, no change
        ([0, -1, -2, -3, -4, -5], "thunderstorm"),  # not met, deteriorating
    ],
)
def test_annual_rule(values: list[float], status: str) -> None:
    row = only(
        assess_dns(
            series(values), targets({"kind": "annual", "direction": "increase", "target_value": 3})
        )
    )
    assert (row["rule"], row["status"]) == ("annual", status)


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([0, 1, 2, 3, 4, 5], "sun"),
        ([0, 1, 2, 3, 5, 4.5], "sun_cloud"),  # mean right, last change wrong
        ([0, 1, 2, 3, 4, 4], "sun_cloud"),  # last change zero
        ([5, 4, 3, 2, 1, 1.5], "cloud"),  # mean wrong, last change right
        ([5, 4, 3, 2, 1, 0], "thunderstorm"),
    ],
)
def test_direction_rule(values: list[float], status: str) -> None:
    row = only(assess_dns(series(values), targets({"kind": "direction", "direction": "increase"})))
    assert (row["rule"], row["status"]) == ("direction", status)


def test_decrease_direction_mirrors_increase() -> None:
    row = only(
        assess_dns(
            series([5, 4, 3, 2, 1, 0]), targets({"kind": "direction", "direction": "decrease"})
        )
    )
    assert row["status"] == "sun"


def test_target_reached_uses_annual_rule() -> None:
    row = only(
        assess_dns(
            series([0, 1, 2, 3, 4, 5]),
            targets(
                {"kind": "year", "direction": "increase", "target_value": 4, "target_year": 2030}
            ),
        )
    )
    assert (row["rule"], row["status"], row["gap_ratio"]) == ("annual", "sun", None)


def test_target_year_not_after_latest_data_uses_annual_rule() -> None:
    row = only(
        assess_dns(
            series([0, 1, 2, 3, 4, 5]),
            targets(
                {"kind": "year", "direction": "increase", "target_value": 8, "target_year": 2015}
            ),
        )
    )
    assert (row["rule"], row["status"]) == ("annual", "cloud")


def test_several_target_years_use_the_next_after_latest_data() -> None:
    rows = targets(
        {"kind": "year", "direction": "increase", "target_value": 100, "target_year": 2045},
        {"kind": "year", "direction": "increase", "target_value": 5, "target_year": 2014},
        {"kind": "year", "direction": "increase", "target_value": 26, "target_year": 2035},
    )
    row = only(assess_dns(series(range(6)), rows))
    assert (row["target_year"], row["target_value"], row["status"]) == (2035, 26.0, "sun")
    assert row["n_targets"] == 1


def test_several_targets_worst_symbol_wins_and_all_are_listed() -> None:
    rows = targets(
        {"kind": "year", "direction": "increase", "target_value": 26, "target_year": 2035},
        {"kind": "annual", "direction": "decrease", "target_value": 1},
    )
    row = only(assess_dns(series(range(6)), rows))
    assert (row["status"], row["target_kind"]) == ("thunderstorm", "annual")
    assert (row["n_targets"], row["statuses"]) == (2, "sun;thunderstorm")


def test_specific_target_replaces_general_one_and_unmatched_series_are_left_out() -> None:
    obs = pl.concat(
        [
            series(range(6), region="01"),
            series(range(6), region="02"),
            series(range(6), indicator="other"),
        ]
    )
    rows = targets(
        {"kind": "annual", "direction": "decrease", "target_value": 1},
        {"region": "02", "kind": "direction", "direction": "increase"},
    )
    result = assess_dns(obs, rows)
    assert result.select("region", "status", "rule").rows() == [
        ("01", "thunderstorm", "annual"),
        ("02", "sun", "direction"),
    ]


def test_as_of_ignores_later_observations() -> None:
    obs = series([0, 1, 2, 3, 4, 5, -100, -200])
    row = only(assess_dns(obs, targets({"kind": "direction", "direction": "increase"}), as_of=2015))
    assert (row["current_year"], row["status"]) == (2015, "sun")


def test_result_columns_follow_the_contract() -> None:
    result = assess_dns(series(range(6)), targets({"kind": "direction", "direction": "increase"}))
    assert result.columns[:6] == ["indicator", "region", "series", "method", "status", "score"]
    assert result.get_column("method").to_list() == ["dns"]
