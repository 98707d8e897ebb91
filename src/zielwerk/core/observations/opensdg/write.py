"""Writing an Open SDG data repository that ``read_opensdg`` reads back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import yaml

from ...formulas import formula_safe
from ..periods import PERIOD_DIMENSION
from ..regions import land_geocode
from ..series import parse_series_key
from .meta import file_id


def _dimension_table(frame: pl.DataFrame) -> tuple[list[str], pl.DataFrame]:
    """One column per disaggregation (without ``Units``; without ``period`` where the
    published period label already says it)."""
    combos = frame.select("series", "period").unique()
    rows: list[dict[str, str]] = []
    for series, period in combos.iter_rows():
        dims = parse_series_key(series)
        dims.pop("Units", None)
        if period:
            dims.pop(PERIOD_DIMENSION, None)
        rows.append(dims)
    names = sorted({k for dims in rows for k in dims})
    table = combos.with_columns(
        pl.Series(name, [dims.get(name, "") for dims in rows], dtype=pl.String) for name in names
    )
    return names, table


def _indicator_csv(frame: pl.DataFrame) -> pl.DataFrame:
    if "period" not in frame.columns:
        frame = frame.with_columns(period=pl.lit(""))
    names, table = _dimension_table(frame)
    frame = frame.join(table, on=["series", "period"], how="left", nulls_equal=True)
    regions = frame.get_column("region").unique().to_list()
    geocodes = {r: land_geocode(r) for r in regions}
    flags = (
        frame.get_column("flags").str.split("").list.eval(pl.element().filter(pl.element() != ""))
    )
    width: int = max(flags.list.len().to_list(), default=0)
    frame = frame.with_columns(_flags=flags).sort("series", "region", "year")
    year = pl.when(pl.col("period") != "").then(pl.col("period"))
    columns = [
        year.otherwise(pl.col("year").cast(pl.String)).alias("Year"),
        pl.col("unit").alias("Units"),
        *(pl.col(name) for name in names),
        *(
            pl.col("_flags").list.get(i, null_on_oob=True).fill_null("").alias(f"COMMENT_OBS_{i}")
            for i in range(width)
        ),
        pl.col("region").replace_strict(geocodes, return_dtype=pl.String).alias("GeoCode"),
        pl.col("value").alias("Value"),
    ]
    return frame.select(columns)


def write_opensdg(
    frame: pl.DataFrame, root: Path, metadata: dict[str, dict[str, Any]] | None = None
) -> list[str]:
    """Write ``data/indicator_<id>.csv`` per indicator and ``meta/<id>.md`` front matter.

    ``metadata`` maps an indicator code to front-matter fields. Returns the ids written.
    """
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "meta").mkdir(parents=True, exist_ok=True)
    written = []
    for (code,), part in frame.partition_by("indicator", as_dict=True, maintain_order=True).items():
        ident = file_id(str(code))
        formula_safe(_indicator_csv(part)).write_csv(root / "data" / f"indicator_{ident}.csv")
        fields = {"indicator": str(code), "permalink": f"/{ident}/"} | (metadata or {}).get(
            str(code), {}
        )
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        (root / "meta" / f"{ident}.md").write_text(f"---\n{front}---\n", "utf-8")
        written.append(ident)
    return sorted(written)
