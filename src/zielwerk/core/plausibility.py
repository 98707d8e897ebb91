"""Plausibility warnings for draft values, before they are published.

Three checks, all vectorised over polars frames; a warning never blocks publishing, it asks
a person to look again:

``jump``
    The change from the nearest earlier year of the series (published values, with the
    drafts applied) is unusually large. A series' *usual change* is the median absolute change
    per year between consecutive published values. With at least ``MIN_CHANGES`` such changes
    and a usual change above zero, a change per year beyond ``JUMP_FACTOR`` (3) times the
    usual change is a jump. With fewer points (or a flat series) a change of more than
    ``RELATIVE_JUMP`` (50 %) of the earlier value is a jump.
``limit``
    The value lies outside the natural limits of its unit (``UNIT_LIMITS``): a percentage
    outside 0–100, a yes/no value outside 0–1, a negative count, area, duration or rate.
``unit``
    The unit differs from the unit of the latest published value of the same series
    (indicator, region, series).

>>> drafts = pl.DataFrame({"id": [1, 2], "indicator": ["x", "x"], "region": ["r", "r"],
...     "series": ["", ""], "year": [2024, 2025], "value": [11.0, 140.0],
...     "unit": ["percent", "percent"]})
>>> published = pl.DataFrame({"indicator": ["x"] * 5, "region": ["r"] * 5,
...     "series": [""] * 5, "year": [2019, 2020, 2021, 2022, 2023],
...     "value": [10.0, 10.5, 10.0, 10.5, 10.0], "unit": ["percent"] * 5})
>>> found = plausibility_warnings(drafts, published)
>>> found.select("id", "check").sort("id", "check").rows()
[(2, 'jump'), (2, 'limit')]
"""

from __future__ import annotations

import polars as pl

JUMP_FACTOR = 3.0
RELATIVE_JUMP = 0.5
MIN_CHANGES = 3

# (lower, upper) limit of a unit code; None = open. Units not listed here (euro amounts,
# indices, balances, changes in percentage points) may be negative and have no upper limit.
UNIT_LIMITS: dict[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0),
    "yes_no": (0.0, 1.0),
    **{
        code: (0.0, None)
        for code in (
            "number",
            "thousand",
            "millions",
            "cumulative_number",
            "persons",
            "million_inhabitants",
            "hours",
            "hours_per_day",
            "million_hours",
            "minutes",
            "ha",
            "million_ha",
            "ha_per_day",
            "km2",
            "km",
            "meters",
            "m2_per_inhabitant",
            "inhabitants_per_km2",
            "inhabitants_per_km2_settlement_area",
            "attributable_deaths",
            "dalys",
            "micrograms_per_m3",
            "mg_per_l",
            "kcal_per_day",
            "number_of_ratings",
        )
    },
}
# Rates "per 1,000 inhabitants" and the like are never negative.
NON_NEGATIVE_PREFIXES = ("per_",)

KEY = ["indicator", "region", "series"]
WARNING_SCHEMA = {
    "id": pl.Int64,
    "check": pl.String,
    "previous": pl.Float64,
    "previous_year": pl.Int32,
    "usual": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "published_unit": pl.String,
}


def unit_limits(code: str) -> tuple[float | None, float | None]:
    """The natural (lower, upper) limits of a unit code.

    >>> unit_limits("percent"), unit_limits("per_1000_inhabitants"), unit_limits("eur")
    ((0.0, 100.0), (0.0, None), (None, None))
    """
    if code in UNIT_LIMITS:
        return UNIT_LIMITS[code]
    if code.startswith(NON_NEGATIVE_PREFIXES):
        return (0.0, None)
    return (None, None)


def _usual_changes(published: pl.DataFrame) -> pl.DataFrame:
    """Per series: how many year-on-year changes it has and their median absolute size."""
    steps = (
        published.sort([*KEY, "year"])
        .with_columns(
            (
                (pl.col("value") - pl.col("value").shift(1)).abs()
                / (pl.col("year") - pl.col("year").shift(1))
            )
            .over(KEY)
            .alias("step")
        )
        .drop_nulls("step")
    )
    return steps.group_by(KEY).agg(
        pl.col("step").median().alias("usual"), pl.len().alias("changes")
    )


def _jumps(drafts: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    # The series as it will be after publishing: drafts replace published values.
    after = pl.concat(
        [
            published.join(drafts, on=[*KEY, "year"], how="anti").select(
                *KEY, "year", "value", pl.lit(None, pl.Int64).alias("id")
            ),
            drafts.select(*KEY, "year", "value", "id"),
        ]
    ).sort([*KEY, "year"])
    before = after.with_columns(
        pl.col("value").shift(1).over(KEY).alias("previous"),
        pl.col("year").shift(1).over(KEY).alias("previous_year"),
    ).filter(pl.col("id").is_not_null() & pl.col("previous").is_not_null())
    changes = before.join(_usual_changes(published), on=KEY, how="left").with_columns(
        (
            (pl.col("value") - pl.col("previous")).abs()
            / (pl.col("year") - pl.col("previous_year"))
        ).alias("change")
    )
    enough = (pl.col("changes").fill_null(0) >= MIN_CHANGES) & (pl.col("usual") > 0)
    relative = (pl.col("value") - pl.col("previous")).abs() > RELATIVE_JUMP * pl.col(
        "previous"
    ).abs()
    jump = (
        pl.when(enough).then(pl.col("change") > JUMP_FACTOR * pl.col("usual")).otherwise(relative)
    )
    return changes.filter(jump).select(
        "id",
        pl.lit("jump").alias("check"),
        "previous",
        pl.col("previous_year").cast(pl.Int32),
        pl.when(enough).then(pl.col("usual")).alias("usual"),
    )


def _limits(drafts: pl.DataFrame) -> pl.DataFrame:
    units = drafts.get_column("unit").unique().to_list()
    table = pl.DataFrame(
        {
            "unit": units,
            "lower": [unit_limits(u or "")[0] for u in units],
            "upper": [unit_limits(u or "")[1] for u in units],
        },
        schema={"unit": pl.String, "lower": pl.Float64, "upper": pl.Float64},
    )
    beyond = (pl.col("value") < pl.col("lower")).fill_null(False) | (
        pl.col("value") > pl.col("upper")
    ).fill_null(False)
    return (
        drafts.join(table, on="unit", how="left")
        .filter(beyond)
        .select("id", pl.lit("limit").alias("check"), "lower", "upper")
    )


def _unit_changes(drafts: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    latest = published.sort("year").group_by(KEY).agg(pl.col("unit").last().alias("published_unit"))
    return (
        drafts.join(latest, on=KEY, how="inner")
        .filter(pl.col("unit").fill_null("") != pl.col("published_unit").fill_null(""))
        .select("id", pl.lit("unit").alias("check"), "published_unit")
    )


def plausibility_warnings(drafts: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """The warnings for ``drafts`` against the ``published`` values of their series.

    ``drafts`` has the columns ``id`` (int), ``indicator``, ``region``, ``series`` (str),
    ``year`` (int), ``value`` (float), ``unit`` (a unit code); ``published`` the same without
    ``id``. Returns one row per warning: ``id`` of the draft, ``check`` (``jump``, ``limit``,
    ``unit``) and the figures that explain it (``previous``, ``previous_year``, ``usual``,
    ``lower``, ``upper``, ``published_unit``; null where they do not apply).
    """
    empty = pl.DataFrame(schema=WARNING_SCHEMA)
    if drafts.is_empty():
        return empty
    drafts = drafts.with_columns(
        pl.col("id").cast(pl.Int64),
        pl.col("year").cast(pl.Int32),
        pl.col("value").cast(pl.Float64),
    )
    published = published.select(
        *KEY, pl.col("year").cast(pl.Int32), pl.col("value").cast(pl.Float64), "unit"
    )
    parts = [_jumps(drafts, published), _limits(drafts), _unit_changes(drafts, published)]
    return pl.concat([empty, *parts], how="diagonal_relaxed").select(list(WARNING_SCHEMA))
