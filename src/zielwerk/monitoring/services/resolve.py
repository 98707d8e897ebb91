"""Mapping file codes to catalogue indicators and regions (one query each, no loops)."""

from __future__ import annotations

import polars as pl

from zielwerk.catalogue.models import Indicator
from zielwerk.core.observations import Problem, ProblemCode, ProblemLog, Skip, SkipCode
from zielwerk.regions.models import Region


def indicator_ids() -> dict[str, int]:
    """Catalogue code → primary key."""
    return dict(Indicator.objects.values_list("code", "id"))


def _region_table() -> pl.DataFrame:
    rows = list(Region.objects.values_list("ars", "ags", "id"))
    table = pl.DataFrame(
        rows, schema={"ars": pl.String, "ags": pl.String, "id": pl.Int64}, orient="row"
    )
    by_ags = table.filter(pl.col("ags").is_unique()).select(pl.col("ags").alias("code"), "id")
    return pl.concat([table.select(pl.col("ars").alias("code"), "id"), by_ags]).unique("code")


def _report(log: ProblemLog, bad: pl.DataFrame, code: ProblemCode, field: str, column: str) -> None:
    log.add_counted(
        (
            Problem(code, row["file"], row["line"], column, field, row[field])
            for row in bad.head(200).iter_rows(named=True)
        ),
        bad.height,
    )


def resolve(
    frame: pl.DataFrame,
    codes: dict[str, int],
    log: ProblemLog,
    *,
    unknown_regions: str = "error",
) -> tuple[pl.DataFrame, list[Skip]]:
    """Add ``indicator_id`` and ``region_id``; unknown codes become problems (or skips)."""
    indicators = pl.DataFrame(
        {"indicator": list(codes), "indicator_id": list(codes.values())},
        schema={"indicator": pl.String, "indicator_id": pl.Int64},
    )
    frame = frame.join(indicators, on="indicator", how="left")
    frame = frame.join(
        _region_table().rename({"code": "region", "id": "region_id"}), on="region", how="left"
    )
    _report(
        log,
        frame.filter(pl.col("indicator_id").is_null()),
        ProblemCode.UNKNOWN_INDICATOR,
        "indicator",
        "indicator",
    )
    unknown = frame.filter(pl.col("region_id").is_null() & pl.col("indicator_id").is_not_null())
    skips: list[Skip] = []
    if unknown_regions == "skip":
        skips = [
            Skip(SkipCode.UNKNOWN_REGION, file, n)
            for file, n in unknown.group_by("file").len().sort("file").iter_rows()
        ]
    else:
        _report(log, unknown, ProblemCode.UNKNOWN_REGION, "region", "region")
    return frame.filter(
        pl.col("indicator_id").is_not_null() & pl.col("region_id").is_not_null()
    ), skips
