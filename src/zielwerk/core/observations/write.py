"""Writing observations: tidy CSV and XLSX (ARCHITECTURE.md) and SDMX-CSV.

Writers take an observation frame with at least ``indicator, region, series, year,
value, unit, flags`` (``period`` optional) and write plain files.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..formulas import formula_safe
from .periods import PERIOD_DIMENSION
from .series import parse_series_key

TIDY_EXPORT_COLUMNS = ("indicator", "region", "series", "year", "value", "unit", "flag")
SDMX_DATAFLOW = "ZIELWERK:DF_SDG_DE(1.0)"
_SDMX_STATUS = {"p": "P", "s": "E", "|": "B"}


def tidy_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The tidy columns in contract order, sorted for stable output."""
    return frame.sort("indicator", "region", "series", "year").select(
        "indicator", "region", "series", "year", "value", "unit", pl.col("flags").alias("flag")
    )


def write_tidy_csv(frame: pl.DataFrame, path: Path) -> int:
    """Write tidy CSV (UTF-8, comma, header); returns the number of rows.

    >>> import tempfile, pathlib
    >>> f = pl.DataFrame({"indicator": ["7.2.a"], "region": ["000000000000"], "series": [""],
    ...     "year": [2024], "value": [22.4], "unit": ["percentage"], "flags": ["p"]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = write_tidy_csv(f, pathlib.Path(tmp, "o.csv"))
    ...     print(pathlib.Path(tmp, "o.csv").read_text().splitlines()[1])
    7.2.a,000000000000,"",2024,22.4,percentage,p
    """
    out = tidy_frame(frame)
    formula_safe(out).write_csv(path)
    return out.height


def write_tidy_xlsx(frame: pl.DataFrame, path: Path) -> int:
    """Write tidy XLSX: one sheet ``observations``, text cells for codes, numbers for values
    (text cells neutralised like CSV: a copy into a CSV must not carry a formula either)."""
    import xlsxwriter  # type: ignore[import-untyped]

    out = formula_safe(tidy_frame(frame))
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet("observations")
        sheet.write_row(0, 0, TIDY_EXPORT_COLUMNS)
        for row_number, row in enumerate(out.iter_rows(), start=1):
            indicator, region, series, year, value, unit, flag = row
            sheet.write_string(row_number, 0, indicator)
            sheet.write_string(row_number, 1, region)
            sheet.write_string(row_number, 2, series)
            sheet.write_number(row_number, 3, year)
            sheet.write_number(row_number, 4, value)
            sheet.write_string(row_number, 5, unit)
            sheet.write_string(row_number, 6, flag)
    finally:
        workbook.close()
    return out.height


def _sdmx_id(name: str) -> str:
    cleaned = "".join(c if c.isalnum() else "_" for c in name.upper())
    return "_".join(part for part in cleaned.split("_") if part) or "DIM"


def sdmx_frame(frame: pl.DataFrame, targets: pl.DataFrame | None = None) -> pl.DataFrame:
    """SDMX-CSV 1.0 columns: one dimension column per disaggregation (``_T`` = total).

    ``targets`` (``indicator, region, series`` and text columns such as ``TARGET_VALUE``)
    adds series-level attributes: the targets that apply to each series, empty elsewhere.
    """
    if targets is not None and targets.height:
        frame = frame.join(targets, on=["indicator", "region", "series"], how="left")
    extra = [c for c in (targets.columns if targets is not None else []) if c.isupper()]
    series = frame.get_column("series").unique().to_list()
    parsed = {s: parse_series_key(s) for s in series}
    names = sorted({_sdmx_id(k) for dims in parsed.values() for k in dims})
    dims = {
        name: {
            s: next((v for k, v in d.items() if _sdmx_id(k) == name), "_T")
            for s, d in parsed.items()
        }
        for name in names
    }
    period = pl.col("period") if "period" in frame.columns else pl.lit("")
    flags = pl.col("flags")
    status = pl.lit("A")
    for sign, code in reversed(_SDMX_STATUS.items()):
        status = (
            pl.when(flags.str.contains(sign, literal=True)).then(pl.lit(code)).otherwise(status)
        )
    return frame.sort("indicator", "region", "series", "year").select(
        DATAFLOW=pl.lit(SDMX_DATAFLOW),
        FREQ=pl.lit("A"),
        INDICATOR=pl.col("indicator"),
        REF_AREA=pl.col("region"),
        **{
            f"DIM_{name}" if name in ("FREQ", "INDICATOR", "REF_AREA") else name: pl.col(
                "series"
            ).replace_strict(mapping, return_dtype=pl.String)
            for name, mapping in dims.items()
            if name != PERIOD_DIMENSION.upper()
        },
        TIME_PERIOD=pl.when(period != "").then(period).otherwise(pl.col("year").cast(pl.String)),
        OBS_VALUE=pl.col("value"),
        UNIT_MEASURE=pl.col("unit"),
        OBS_STATUS=status,
        COMMENT_OBS=flags,
        **{
            c: (pl.col(c) if c in frame.columns else pl.lit(None)).cast(pl.String).fill_null("")
            for c in extra
        },
    )


def write_sdmx_csv(frame: pl.DataFrame, path: Path, targets: pl.DataFrame | None = None) -> int:
    """Write SDMX-CSV (version 1.0 layout); returns the number of rows."""
    out = sdmx_frame(frame, targets)
    formula_safe(out).write_csv(path)
    return out.height
