"""SDG Index: normalisation, goal and index scores, dashboard colours, trend arrows."""

from __future__ import annotations

import polars as pl
import pytest

from zielwerk.core.assessment import sdg_index


def _obs(rows: list[tuple[str, str, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["region", "indicator", "year", "value"], orient="row")


def _book(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows)


BOOK = _book(
    [
        {
            "indicator": "a",
            "goal": "1",
            "best": 100.0,
            "worst": 0.0,
            "green": 70.0,
            "yellow": 60.0,
            "orange": 50.0,
        },
        {
            "indicator": "b",
            "goal": "1",
            "best": 0.0,
            "worst": 20.0,
            "green": 5.0,
            "yellow": 8.0,
            "orange": 10.0,
        },
        {
            "indicator": "c",
            "goal": "2",
            "best": 10.0,
            "worst": 0.0,
            "green": 8.0,
            "yellow": 6.0,
            "orange": 4.0,
        },
    ]
)


def test_normalisation_goal_scores_index_and_rank() -> None:
    obs = _obs(
        [
            ("r1", "a", 2023, 80.0),
            ("r1", "b", 2023, 5.0),
            ("r1", "c", 2023, 12.0),
            ("r2", "a", 2023, 40.0),
            ("r2", "b", 2023, 25.0),
            ("r2", "c", 2023, 5.0),
        ]
    )
    result = sdg_index(obs, BOOK)
    normalised = {
        (r, i): n
        for r, i, n in result.indicators.select("region", "indicator", "normalised").rows()
    }
    assert normalised[("r1", "b")] == pytest.approx(75.0)  # lower is better
    assert normalised[("r1", "c")] == 100.0  # clipped
    assert normalised[("r2", "b")] == 0.0  # clipped
    goals = {(r, g): s for r, g, s in result.goals.select("region", "goal", "score").rows()}
    assert goals[("r1", "1")] == pytest.approx(77.5)
    assert goals[("r2", "2")] == pytest.approx(50.0)
    assert result.index.rows() == [
        ("r1", pytest.approx((77.5 + 100) / 2), 1, 2),
        ("r2", pytest.approx((20 + 50) / 2), 2, 2),
    ]


def test_bounds_from_data_when_codebook_has_none() -> None:
    values = [float(v) for v in range(1, 41)]
    obs = _obs([(f"r{v:02.0f}", "a", 2023, v) for v in values])
    result = sdg_index(obs, _book([{"indicator": "a", "goal": "1"}]))
    bounds = result.indicators.select("worst", "best").unique().row(0)
    assert bounds[0] == pytest.approx(pl.Series(values).quantile(0.025, "linear"))
    assert bounds[1] == pytest.approx(sum(values[-5:]) / 5)
    top = result.indicators.filter(pl.col("region") == "r40").row(0, named=True)
    assert top["normalised"] == 100.0


@pytest.mark.parametrize(
    ("value", "colour", "rescaled"),
    [
        (80.0, "green", 2 + 10 / 30),
        (65.0, "yellow", 1.75),
        (55.0, "orange", 1.25),
        (25.0, "red", 0.5),
    ],
)
def test_indicator_colour_and_rescaling(value: float, colour: str, rescaled: float) -> None:
    result = sdg_index(_obs([("r", "a", 2023, value)]), BOOK)
    row = result.indicators.row(0, named=True)
    assert (row["colour"], row["rescaled"]) == (colour, pytest.approx(rescaled))


def _goal_colour(values: dict[str, float], rule: str, book: pl.DataFrame = BOOK) -> str:
    obs = _obs([("r", i, 2023, v) for i, v in values.items()])
    goals = sdg_index(obs, book, goal_colour=rule).goals  # type: ignore[arg-type]
    return str(goals.filter(pl.col("goal") == "1").get_column("colour")[0])


def test_two_worst_green_only_if_both_green_red_only_if_both_red() -> None:
    assert _goal_colour({"a": 90.0, "b": 1.0}, "two-worst") == "green"
    # a = 100 (rescaled 3), b yellow (rescaled 1.5 … 2): mean ≥ 2, but b is not green.
    assert _goal_colour({"a": 100.0, "b": 7.0}, "two-worst") == "yellow"
    assert _goal_colour({"a": 10.0, "b": 19.0}, "two-worst") == "red"
    # a red (rescaled 0.9), b green (2.2): mean 1.55 → yellow.
    assert _goal_colour({"a": 45.0, "b": 4.0}, "two-worst") == "yellow"
    # a red (0), b orange (1.25): mean 0.6 is red, but only one is red → orange.
    assert _goal_colour({"a": 0.0, "b": 9.0}, "two-worst") == "orange"


def test_two_worst_single_indicator_and_grey() -> None:
    assert _goal_colour({"a": 65.0}, "two-worst") == "yellow"
    book = pl.concat(
        [
            BOOK,
            _book(
                [
                    {
                        "indicator": "d",
                        "goal": "1",
                        "best": 1.0,
                        "worst": 0.0,
                        "green": 0.8,
                        "yellow": 0.6,
                        "orange": 0.4,
                    },
                    {
                        "indicator": "e",
                        "goal": "1",
                        "best": 1.0,
                        "worst": 0.0,
                        "green": 0.8,
                        "yellow": 0.6,
                        "orange": 0.4,
                    },
                ]
            ),
        ]
    )
    assert _goal_colour({"a": 65.0, "c": 9.0}, "two-worst", book) == "grey"


def test_mean_red_third() -> None:
    book = pl.concat(
        [
            BOOK,
            _book(
                [
                    {
                        "indicator": "d",
                        "goal": "1",
                        "best": 1.0,
                        "worst": 0.0,
                        "green": 0.8,
                        "yellow": 0.6,
                        "orange": 0.4,
                    },
                ]
            ),
        ]
    )
    # a green (3), b green (3), d red (0.75): one of three red is not more than a third.
    assert _goal_colour({"a": 100.0, "b": 0.0, "d": 0.3}, "mean-red-third", book) == "green"
    # two of three red → red even though the mean is high enough for orange.
    assert _goal_colour({"a": 100.0, "b": 15.0, "d": 0.3}, "mean-red-third", book) == "red"


def test_trend_arrows_and_goal_trend() -> None:
    # a: green at 70 → normalised green 70. Base 2015 = 40, latest 2023.
    cases = {"r_on": 80.0, "r_fast": 60.0, "r_mod": 50.0, "r_flat": 41.0, "r_down": 30.0}
    rows = [(r, "a", 2015, 40.0) for r in cases] + [(r, "a", 2023, v) for r, v in cases.items()]
    result = sdg_index(_obs(rows), BOOK)
    trend = dict(result.indicators.select("region", "trend").rows())
    # required slope (70 − 40)/15 = 2 a year; r_fast: 20/8 = 2.5 ≥ 2, r_mod: 1.25 ≥ 1.
    assert trend == {
        "r_down": "decreasing",
        "r_fast": "on_track",
        "r_flat": "stagnating",
        "r_mod": "moderately_improving",
        "r_on": "on_track",
    }
    goal = result.goals.filter(pl.col("region") == "r_on").row(0, named=True)
    # Goal 1 has indicators a and b; only a has a trend: 50 % < 75 % → no goal trend.
    assert goal["trend"] is None
    single = sdg_index(_obs(rows), BOOK.filter(pl.col("indicator") != "b")).goals
    assert single.filter(pl.col("region") == "r_mod").get_column("trend").to_list() == [
        "moderately_improving"
    ]


def test_year_selects_latest_value_up_to_it_and_disaggregations_are_ignored() -> None:
    obs = _obs([("r", "a", 2015, 40.0), ("r", "a", 2020, 50.0), ("r", "a", 2023, 90.0)])
    obs = pl.concat(
        [
            obs.with_columns(series=pl.lit("")),
            _obs([("r", "a", 2023, 1.0)]).with_columns(series=pl.lit("sex=female")),
        ]
    )
    row = sdg_index(obs, BOOK, year=2021).indicators.row(0, named=True)
    assert (row["year"], row["value"]) == (2020, 50.0)


def test_unknown_goal_colour_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="goal colour"):
        sdg_index(_obs([("r", "a", 2023, 1.0)]), BOOK, goal_colour="best")  # type: ignore[arg-type]
