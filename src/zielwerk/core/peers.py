"""Comparison with similar municipalities: BBSR peer types, standings and bands.

A region is compared with its *peers*, the regions of the same BBSR type: Gemeinden by the
"Stadt- und Gemeindetyp" (differentiated, 7 classes, codes ``gt1``…``gt7``), Kreise by the
"Siedlungsstruktureller Kreistyp" (4 classes, ``kt1``…``kt4``). The type rules are polars
expressions, so the build script (``scripts/build_peer_types.py``) and the tests use the same
code. Standings and bands are window expressions over all indicators, series, years and groups
at once; nothing loops over groups or rows. Method: docs/methods/peers.md.
"""

from __future__ import annotations

import math

import polars as pl

GEMEINDE_TYPES: dict[str, tuple[str, str]] = {
    "gt1": ("Große Großstadt", "Large city (500,000 inhabitants and more)"),
    "gt2": ("Kleinere Großstadt", "Smaller large city (100,000 to under 500,000)"),
    "gt3": ("Größere Mittelstadt", "Larger medium-sized town (50,000 to under 100,000)"),
    "gt4": ("Kleinere Mittelstadt", "Smaller medium-sized town (20,000 to under 50,000)"),
    "gt5": ("Größere Kleinstadt", "Larger small town (10,000 to under 20,000)"),
    "gt6": ("Kleine Kleinstadt", "Small town (5,000 to under 10,000 or a basic centre)"),
    "gt7": ("Landgemeinde", "Rural municipality (under 5,000, no central function)"),
}
"""BBSR Stadt- und Gemeindetyp (differenziert): code → (German, English)."""

KREIS_TYPES: dict[str, tuple[str, str]] = {
    "kt1": ("Kreisfreie Großstadt", "District-free large city"),
    "kt2": ("Städtischer Kreis", "Urban district"),
    "kt3": (
        "Ländlicher Kreis mit Verdichtungsansätzen",
        "Rural district with signs of densification",
    ),
    "kt4": ("Dünn besiedelter ländlicher Kreis", "Sparsely populated rural district"),
}
"""BBSR Siedlungsstruktureller Kreistyp: code → (German, English)."""

PEER_TYPES: dict[str, tuple[str, str]] = {**GEMEINDE_TYPES, **KREIS_TYPES}
"""Every peer type code → (German, English)."""

GEMEINDE_SIZE_CLASSES: dict[str, tuple[str, str]] = {
    "<5k": ("unter 5.000 Einwohner", "under 5,000 inhabitants"),
    "5-10k": ("5.000 bis unter 10.000 Einwohner", "5,000 to under 10,000 inhabitants"),
    "10-20k": ("10.000 bis unter 20.000 Einwohner", "10,000 to under 20,000 inhabitants"),
    "20-50k": ("20.000 bis unter 50.000 Einwohner", "20,000 to under 50,000 inhabitants"),
    "50-100k": ("50.000 bis unter 100.000 Einwohner", "50,000 to under 100,000 inhabitants"),
    "100-500k": ("100.000 bis unter 500.000 Einwohner", "100,000 to under 500,000 inhabitants"),
    ">=500k": ("500.000 Einwohner und mehr", "500,000 inhabitants and more"),
}
KREIS_SIZE_CLASSES: dict[str, tuple[str, str]] = {
    "<100k": ("unter 100.000 Einwohner", "under 100,000 inhabitants"),
    "100-200k": ("100.000 bis unter 200.000 Einwohner", "100,000 to under 200,000 inhabitants"),
    "200-300k": ("200.000 bis unter 300.000 Einwohner", "200,000 to under 300,000 inhabitants"),
    ">=300k": ("300.000 Einwohner und mehr", "300,000 inhabitants and more"),
}
SIZE_CLASSES: dict[str, tuple[str, str]] = {**GEMEINDE_SIZE_CLASSES, **KREIS_SIZE_CLASSES}
"""Every population size class → (German, English)."""

CENTRAL_FUNCTIONS: dict[str, tuple[str, str]] = {
    "oberzentrum": ("Oberzentrum", "Higher-order centre"),
    "mittelzentrum": ("Mittelzentrum", "Middle-order centre"),
    "grundzentrum": ("Grundzentrum", "Basic centre"),
    "keine": ("keine zentralörtliche Funktion", "no central-place function"),
}
"""Central-place function of a Gemeinde (Zentrale-Orte-System of the Länder)."""

CITY_TYPES = ("gt1", "gt2", "gt3", "gt4")
"""Groß- und Mittelstädte: the Gemeinde types that count as cities in the Kreistyp."""

_KEYS = ["indicator", "series", "year", "group"]
_DIRECTIONS = {"increase": -1.0, "decrease": 1.0, "": -1.0}


def _classes(population: pl.Expr, bounds: list[tuple[int, str]], top: str) -> pl.Expr:
    """The first label whose upper bound (exclusive) exceeds the population."""
    label = pl.lit(top)
    for upper, name in reversed(bounds):
        label = pl.when(population < upper).then(pl.lit(name)).otherwise(label)
    return pl.when(population.is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(label)


def gemeinde_size_class(population: pl.Expr) -> pl.Expr:
    """Population class of a Gemeinde (`<5k` … `>=500k`); null without a population.

    >>> pl.select(population=pl.Series([4_999, 19_999, 20_000, 500_000])).select(
    ...     gemeinde_size_class(pl.col("population"))).to_series().to_list()
    ['<5k', '10-20k', '20-50k', '>=500k']
    """
    bounds = [(5_000, "<5k"), (10_000, "5-10k"), (20_000, "10-20k"), (50_000, "20-50k")]
    bounds += [(100_000, "50-100k"), (500_000, "100-500k")]
    return _classes(population, bounds, ">=500k")


def kreis_size_class(population: pl.Expr) -> pl.Expr:
    """Population class of a Kreis (`<100k` … `>=300k`); null without a population.

    >>> pl.select(population=pl.Series([99_999, 100_000, 300_000])).select(
    ...     kreis_size_class(pl.col("population"))).to_series().to_list()
    ['<100k', '100-200k', '>=300k']
    """
    bounds = [(100_000, "<100k"), (200_000, "100-200k"), (300_000, "200-300k")]
    return _classes(population, bounds, ">=300k")


def gemeinde_type(population: pl.Expr, central_function: pl.Expr) -> pl.Expr:
    """BBSR Stadt- und Gemeindetyp (differenziert) from population and central function.

    Großstadt ≥ 100,000 (gt1 ≥ 500,000, else gt2); Mittelstadt 20,000 to < 100,000 (gt3
    ≥ 50,000, else gt4); Kleinstadt 5,000 to < 20,000 *or* at least a Grundzentrum (gt5
    ≥ 10,000, else gt6); Landgemeinde (gt7) < 5,000 without central function. Under 5,000
    with an unknown (null) central function the type is null, never guessed.

    >>> frame = pl.DataFrame({"pop": [4_999, 4_999, 5_000, 19_999, 20_000, 100_000, 500_000],
    ...                       "zf": ["keine", "grundzentrum", "keine", "oberzentrum",
    ...                              "keine", "mittelzentrum", "oberzentrum"]})
    >>> frame.select(gemeinde_type(pl.col("pop"), pl.col("zf"))).to_series().to_list()
    ['gt7', 'gt6', 'gt6', 'gt5', 'gt4', 'gt2', 'gt1']
    """
    central = central_function.is_in(["grundzentrum", "mittelzentrum", "oberzentrum"])
    return (
        pl.when(population.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(population >= 500_000)
        .then(pl.lit("gt1"))
        .when(population >= 100_000)
        .then(pl.lit("gt2"))
        .when(population >= 50_000)
        .then(pl.lit("gt3"))
        .when(population >= 20_000)
        .then(pl.lit("gt4"))
        .when(population >= 10_000)
        .then(pl.lit("gt5"))
        .when((population >= 5_000) | central)
        .then(pl.lit("gt6"))
        .when(central_function.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(pl.lit("gt7"))
    )


def kreis_type(
    kreisfrei: pl.Expr,
    population: pl.Expr,
    density: pl.Expr,
    city_share: pl.Expr,
    rest_density: pl.Expr,
) -> pl.Expr:
    """BBSR Siedlungsstruktureller Kreistyp.

    ``density`` in inhabitants per km², ``city_share`` the percentage of the population living
    in Groß- und Mittelstädte, ``rest_density`` the density of the Kreis without them (null,
    e.g. when nothing is left, counts as 0). kt1: kreisfreie Stadt ≥ 100,000; kt2: share ≥ 50
    and density ≥ 150, or rest density ≥ 150; kt3: share ≥ 50 and density < 150, or share < 50
    and rest density ≥ 100; kt4: share < 50 and rest density < 100.

    >>> frame = pl.DataFrame({"kf": [True, True, False, False, False, False, False],
    ...                       "pop": [100_000, 99_999, 300_000, 150_000, 200_000, 90_000, 80_000],
    ...                       "d": [900.0, 800.0, 150.0, 149.9, 160.0, 120.0, 60.0],
    ...                       "share": [100.0, 100.0, 50.0, 50.0, 20.0, 49.9, 10.0],
    ...                       "rest": [None, None, 100.0, 90.0, 150.0, 100.0, 99.9]})
    >>> frame.select(kreis_type(*[pl.col(c) for c in frame.columns])).to_series().to_list()
    ['kt1', 'kt2', 'kt2', 'kt3', 'kt2', 'kt3', 'kt4']
    """
    rest = rest_density.fill_null(0.0)
    urban_core = city_share >= 50
    return (
        pl.when(population.is_null() | density.is_null() | city_share.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(kreisfrei & (population >= 100_000))
        .then(pl.lit("kt1"))
        .when((urban_core & (density >= 150)) | (rest >= 150))
        .then(pl.lit("kt2"))
        .when(urban_core | (rest >= 100))
        .then(pl.lit("kt3"))
        .otherwise(pl.lit("kt4"))
    )


def _check_groups(groups: pl.DataFrame) -> pl.DataFrame:
    groups = groups.select("region", "group").filter(pl.col("group").is_not_null())
    twice = groups.filter(pl.col("region").is_duplicated())
    if twice.height:
        regions = sorted(set(twice.get_column("region").to_list()))[:5]
        raise ValueError(f"regions with more than one peer group: {regions}")
    return groups


def _direction_sign(observations: pl.DataFrame, directions: pl.DataFrame | None) -> pl.DataFrame:
    """Adds ``_sign``: −1 ranks the highest value first (increase or none), +1 the lowest."""
    if directions is None:
        return observations.with_columns(_sign=pl.lit(-1.0))
    wanted = directions.select("indicator", pl.col("direction").fill_null(""))
    unknown = set(wanted.get_column("direction").to_list()) - set(_DIRECTIONS)
    if unknown:
        raise ValueError(f"unknown directions: {sorted(unknown)}")
    signs = wanted.select(
        "indicator", _sign=pl.col("direction").replace_strict(_DIRECTIONS, return_dtype=pl.Float64)
    ).unique(subset="indicator", keep="first")
    return observations.join(signs, on="indicator", how="left").with_columns(
        pl.col("_sign").fill_null(-1.0)
    )


def peer_standings(
    observations: pl.DataFrame, groups: pl.DataFrame, directions: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Rank and percentile of every observation among the regions of its peer group.

    Peers are the regions of the same ``group`` with a value for the same indicator, series
    and year; ``n`` counts them (the region included). With ``lower`` peers strictly below
    the value and ``equal`` peers at it (the region included)::

        percentile = 100 · (lower + 0.5 · (equal − 1)) / (n − 1)     (null when n < 2)

    0 is the lowest value of the group, 100 the highest, ties share the mid position.
    ``rank`` 1 is the best: the highest value when an increase is desired or no direction
    is given, the lowest when a decrease is; ties share the smallest rank. Observations
    without a value (null or NaN) are nobody's peer and keep null rank and percentile;
    regions without a group are left out.

    >>> obs = pl.DataFrame({"indicator": "i", "region": ["a", "b", "c", "d"], "series": "",
    ...                     "year": 2022, "value": [1.0, 3.0, 3.0, 7.0]})
    >>> groups = pl.DataFrame({"region": ["a", "b", "c", "d"], "group": ["x", "x", "x", "y"]})
    >>> out = peer_standings(obs, groups, pl.DataFrame({"indicator": ["i"],
    ...                                                 "direction": ["decrease"]}))
    >>> out.select("region", "n", "rank", "percentile").rows()
    [('a', 3, 1, 0.0), ('b', 3, 2, 75.0), ('c', 3, 2, 75.0), ('d', 1, 1, None)]
    """
    peers = _check_groups(groups)
    frame = observations.select("indicator", "region", "series", "year", "value").join(
        peers, on="region", how="inner"
    )
    value = pl.col("value").cast(pl.Float64).fill_nan(None)
    frame = _direction_sign(frame.with_columns(value), directions)
    n = pl.col("value").count().over(_KEYS)
    # 1-based average rank = lower + (equal + 1) / 2, so (average − 1) is the formula's numerator.
    average = pl.col("value").rank("average").over(_KEYS)
    best_first = (pl.col("value") * pl.col("_sign")).rank("min").over(_KEYS)
    return (
        frame.with_columns(n=n.cast(pl.Int64), _average=average, rank=best_first.cast(pl.Int64))
        .with_columns(
            percentile=pl.when(pl.col("n") >= 2)
            .then(100.0 * (pl.col("_average") - 1.0) / (pl.col("n") - 1))
            .otherwise(None)
        )
        .select(
            "indicator", "region", "series", "year", "value", "group", "n", "rank", "percentile"
        )
    )


def peer_bands(observations: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Distribution of each peer group: n, median, quartiles (linear interpolation), min, max.

    One row per indicator, series, year and group with at least one value. ``q1`` and ``q3``
    are the 25 % and 75 % quantiles with linear interpolation between order statistics
    (numpy's default "linear" method, ``statistics.quantiles(method="inclusive")``).

    >>> obs = pl.DataFrame({"indicator": "i", "region": list("abcde"), "series": "",
    ...                     "year": 2022, "value": [1.0, 2.0, 3.0, 4.0, None]})
    >>> groups = pl.DataFrame({"region": list("abcde"), "group": "x"})
    >>> peer_bands(obs, groups).select("n", "median", "q1", "q3", "min", "max").row(0)
    (4, 2.5, 1.75, 3.25, 1.0, 4.0)
    """
    peers = _check_groups(groups)
    value = pl.col("value")
    return (
        observations.select("indicator", "region", "series", "year", "value")
        .join(peers, on="region", how="inner")
        .with_columns(value.cast(pl.Float64).fill_nan(None))
        .filter(value.is_not_null())
        .group_by(_KEYS)
        .agg(
            n=value.count().cast(pl.Int64),
            median=value.median(),
            q1=value.quantile(0.25, interpolation="linear"),
            q3=value.quantile(0.75, interpolation="linear"),
            min=value.min(),
            max=value.max(),
        )
        .sort(_KEYS)
    )


def similar_regions(regions: pl.DataFrame, ars: str, limit: int = 10) -> list[str]:
    """The ``limit`` regions of the same peer group closest in population to ``ars``.

    Closeness is the distance of log populations, ``|ln p − ln p₀|``, so 50,000 is as close to
    100,000 as 200,000 is. Equal distances (to 9 decimals) prefer a region of the same Land,
    then the smaller ARS. Regions without a population (or with 0) are never proposed; a region
    without a group or population has no similar regions.

    >>> regions = pl.DataFrame({"ars": ["a", "b", "c", "d", "e"], "group": ["x"] * 4 + ["y"],
    ...                         "land": ["01", "02", "01", "01", "01"],
    ...                         "population": [10_000, 20_000, 5_000, 40_000, 10_000]})
    >>> similar_regions(regions, "a", limit=3)
    ['c', 'b', 'd']
    """
    target = regions.filter(pl.col("ars") == ars)
    if target.height == 0:
        raise KeyError(f"unknown region: {ars}")
    group, land, population = target.select("group", "land", "population").row(0)
    if group is None or population is None or population <= 0:
        return []
    return (
        regions.filter(
            (pl.col("group") == group) & (pl.col("ars") != ars) & (pl.col("population") > 0)
        )
        .with_columns(
            # Rounded so that equal ratios (×2 and ÷2) tie despite floating-point noise.
            _distance=(pl.col("population").cast(pl.Float64).log() - math.log(population))
            .abs()
            .round(9),
            _other_land=pl.col("land") != land,
        )
        .sort("_distance", "_other_land", "ars")
        .head(limit)
        .get_column("ars")
        .to_list()
    )
