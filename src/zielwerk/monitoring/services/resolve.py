"""Mapping file codes to catalogue indicators and regions (one query each, no loops)."""

from __future__ import annotations

import polars as pl

from zielwerk.catalogue.models import Indicator
from zielwerk.core.observations import Problem, ProblemCode, ProblemLog, Skip, SkipCode
from zielwerk.regions.models import Region

CODE_FRAMEWORKS = {
    "catalogue": None,  # codes as Zielwerk writes them: UN, DNS, K… and own-… never collide
    "un": Indicator.Framework.UN,
    "dns": Indicator.Framework.DNS,
    "kom": Indicator.Framework.KIT,
}


def indicator_ids(codes: str = "catalogue") -> dict[str, int]:
    """Code → primary key of the indicators of one code framework (``CODE_FRAMEWORKS``).

    A file's codes are matched only within the framework it names: a local "8.1" is never
    taken for DNS 8.1 unless the import says the codes are DNS codes."""
    found = Indicator.objects.all()
    framework = CODE_FRAMEWORKS[codes]
    if framework is not None:
        found = found.filter(framework=framework)
    return dict(found.values_list("code", "id"))


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


def region_filled(frame: pl.DataFrame, log: ProblemLog, region: str | None) -> pl.DataFrame:
    """Rows without a region get ``region`` (the one the user named), or are problems."""
    missing = pl.col("region") == ""
    if region:
        return frame.with_columns(region=pl.when(missing).then(pl.lit(region)).otherwise("region"))
    _report(log, frame.filter(missing), ProblemCode.MISSING_REGION, "region", "region")
    return frame


def resolve(
    frame: pl.DataFrame,
    codes: dict[str, int],
    log: ProblemLog,
    *,
    unknown_regions: str = "error",
    region: str | None = None,
) -> tuple[pl.DataFrame, list[Skip]]:
    """Add ``indicator_id`` and ``region_id``; unknown codes become problems (or skips).

    ``region`` (an ARS) is the region of rows that name none; without it such rows are
    problems: nothing defaults to Germany."""
    frame = region_filled(frame, log, region)
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
    unknown = frame.filter(
        pl.col("region_id").is_null()
        & pl.col("indicator_id").is_not_null()
        & (pl.col("region") != "")  # already reported as missing
    )
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
