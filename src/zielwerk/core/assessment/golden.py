"""Golden check: the DNS weather symbols recomputed from the DNS data and the bundled targets,
side by side with the symbols Destatis published (docs/methods/golden-dns.md).

The published symbols are the ``weather_indicator_N_target_K_item_a`` fields of the DNS
metadata pages (``meta/<id>.md``), for the report year ``weather_indicator_N_year_a``; only
valid entries of current targets (category ``normal`` or ``new``) that show a weather symbol
are compared. Each is assessed with the observations up to its report year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from zielwerk.core.catalogue import clean_text, front_matter, weather_symbol_code
from zielwerk.core.observations import GERMANY_ARS, parse_series_key, read_opensdg, series_key
from zielwerk.core.targets import read_targets, targets_frame

from . import codes
from .dns import RANK, dns_features, rate_targets
from .matching import match_targets
from .panel import build_panel

SYMBOLS = (codes.SUN, codes.SUN_CLOUD, codes.CLOUD, codes.THUNDERSTORM)
SHOWN = [
    "target",
    "series",
    "rule",
    "kind",
    "direction",
    "target_value",
    "target_year",
    "n_values",
    "base_year",
    "base_value",
    "current_year",
    "current_value",
    "mean_change",
    "last_change",
    "projection",
    "gap_ratio",
    "status",
]


def _entries(page: dict[str, Any], file: str) -> list[dict[str, Any]]:
    rows = []
    n = 1
    while f"weather_indicator_{n}" in page:
        code = str(page[f"weather_indicator_{n}"]).split()[0]
        year = page.get(f"weather_indicator_{n}_year_a")
        k = 1
        while f"weather_indicator_{n}_target_{k}" in page:
            key = f"weather_indicator_{n}_target_{k}"
            symbol = str(page.get(f"{key}_item_a") or "").strip()
            rows.append(
                {
                    "indicator": code,
                    "target_number": k,
                    "page": file,
                    "year": int(year) if year not in (None, "") else None,
                    "category": page.get(f"{key}_category"),
                    "valid": page.get(f"{key}_item_a_valid") is True,
                    "published": weather_symbol_code(symbol) if symbol else None,
                    "target_text": clean_text(page[key]),
                }
            )
            k += 1
        n += 1
    return rows


def published_weather(meta: Path) -> pl.DataFrame:
    """Every published current weather symbol of the latest report year, one row per target."""
    rows = []
    for path in sorted(meta.glob("*.md")):
        rows.extend(
            _entries(front_matter(path.read_text(encoding="utf-8"), file=str(path)), path.name)
        )
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return frame.filter(
        pl.col("category").is_in(["normal", "new"])
        & pl.col("valid")
        & pl.col("published").is_in(SYMBOLS)
    ).drop("valid")


def _without_units(key: str) -> str:
    dimensions = parse_series_key(key)
    dimensions.pop("Units", None)
    return series_key(dimensions)


def national_observations(data: Path) -> pl.DataFrame:
    """National observations of the DNS data with ``core``: the series key without its unit."""
    read = read_opensdg(data)
    if not read.ok:
        raise ValueError(f"{data}: {sum(read.problem_counts.values())} problems reading the data")
    # The DNS repository is Germany's: its rows without a GeoCode are the national ones.
    national = read.frame.filter(pl.col("region").is_in(["", GERMANY_ARS])).with_columns(
        region=pl.lit(GERMANY_ARS)
    )
    keys = national.get_column("series").unique().to_list()
    return national.with_columns(
        core=pl.col("series").replace_strict(keys, [_without_units(k) for k in keys])
    )


def expand_units(targets: pl.DataFrame, national: pl.DataFrame) -> pl.DataFrame:
    """One target row per unit variant of its series, with ``origin`` = the catalogue row.

    The catalogue names series without their unit; the reader adds a ``Units`` dimension when
    a file mixes units (11.1.c: an index and inhabitants per km²). Each variant is assessed
    and the worst symbol counts, as for several series under one target.
    """
    variants = national.select("file", "core", "series").unique()
    return (
        targets.with_row_index("origin")
        .join(variants, left_on=["data_file", "series"], right_on=["file", "core"])
        .with_columns(series="series_right")
        .drop("series_right")
    )


def _rated(observations: pl.DataFrame, targets: pl.DataFrame, year: int) -> pl.DataFrame:
    panel = build_panel(observations, as_of=year)
    pairs = match_targets(panel, targets.drop("origin", "data_file"))
    rated = rate_targets(dns_features(panel), pairs)
    origin = targets.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("target"), "origin")
    rated = rated.join(panel.series.select("sid", "series"), on="sid").join(origin, on="target")
    rank = pl.col("status").replace_strict(RANK, default=0, return_dtype=pl.Int8)
    return (
        rated.with_columns(report_year=pl.lit(year), _rank=rank)
        .sort("origin", "_rank", "series")
        .unique(subset="origin", keep="first", maintain_order=True)
        .drop("target", "_rank")
        .rename({"origin": "target"})
    )


def golden_dns(data: Path, targets_file: Path) -> pl.DataFrame:
    """One row per published symbol: ``published`` next to our ``status`` and its components.

    ``match`` is true when they agree; ``reason`` says why a symbol could not be recomputed.
    """
    specs = read_targets(targets_file)
    typed = targets_frame(specs).with_columns(
        data_file=pl.Series([s.extra.get("data_file", "") for s in specs], dtype=pl.String)
    )
    targets = pl.DataFrame(
        {
            "target": pl.Series(range(len(specs)), dtype=pl.UInt32),
            "indicator": [s.indicator for s in specs],
            "label": [clean_text(s.extra.get("label_de", "")) for s in specs],
        }
    )
    published = published_weather(data / "meta")
    national = national_observations(data)
    expanded = expand_units(typed, national)
    wanted = expanded.select(pl.col("indicator").alias("code"), "data_file", "series").unique()
    observations = national.join(
        wanted, left_on=["file", "series"], right_on=["data_file", "series"]
    ).select(indicator="code", region=pl.lit(""), series="series", year="year", value="value")
    years = published.get_column("year").drop_nulls().unique().sort().to_list()
    rated = pl.concat([_rated(observations, expanded, year) for year in years])
    labelled = published.join(
        targets.select("target", "indicator", pl.col("label").alias("target_text")),
        on=["indicator", "target_text"],
        how="left",
    )
    joined = labelled.join(
        rated.select(*SHOWN, "report_year"),
        left_on=["target", "year"],
        right_on=["target", "report_year"],
        how="left",
    )
    reason = (
        pl.when(pl.col("target").is_null())
        .then(pl.lit("no_catalogue_target"))
        .when(pl.col("status").is_null())
        .then(pl.lit("no_data"))
    )
    return joined.with_columns(
        match=(pl.col("status") == pl.col("published")).fill_null(False), reason=reason
    ).sort("indicator", "target_number")
