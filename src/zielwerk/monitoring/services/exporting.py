"""``observations_export``: observations of a selection to tidy CSV/XLSX, Open SDG, SDMX-CSV."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import polars as pl

from zielwerk.catalogue.models import Indicator
from zielwerk.core.observations import (
    write_opensdg,
    write_sdmx_csv,
    write_tidy_csv,
    write_tidy_xlsx,
)

from ..frames import observations_frame_of
from ..models import Observation

EXPORT_COLUMNS = ("indicator", "region", "series", "year", "period", "value", "unit", "flags")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    OPENSDG = "opensdg"
    SDMX = "sdmx"


def observations_frame(
    *,
    indicators: Sequence[str] = (),
    regions: Sequence[str] = (),
    years: tuple[int | None, int | None] = (None, None),
) -> pl.DataFrame:
    """The selected observations as a frame (codes, not ids), one query."""
    queryset = Observation.objects.all()
    if indicators:
        queryset = queryset.filter(indicator__code__in=indicators)
    if regions:
        queryset = queryset.filter(region__ars__in=regions)
    if years[0] is not None:
        queryset = queryset.filter(year__gte=years[0])
    if years[1] is not None:
        queryset = queryset.filter(year__lte=years[1])
    return observations_frame_of(queryset, EXPORT_COLUMNS)


def _metadata(codes: list[str]) -> dict[str, dict[str, Any]]:
    found = Indicator.objects.filter(code__in=codes).values_list("code", "title_de", "unit")
    return {
        code: {"indicator_name": title, "computation_units": unit} for code, title, unit in found
    }


def observations_export(
    *,
    path: Path,
    export_format: ExportFormat,
    indicators: Sequence[str] = (),
    regions: Sequence[str] = (),
    years: tuple[int | None, int | None] = (None, None),
) -> int:
    """Write the selection to ``path`` (a folder for Open SDG); returns the row count."""
    frame = observations_frame(indicators=indicators, regions=regions, years=years)
    if export_format is ExportFormat.OPENSDG:
        codes = frame.get_column("indicator").unique().to_list()
        write_opensdg(frame, path, _metadata(codes))
        return frame.height
    if export_format is ExportFormat.SDMX:
        from .assessing import series_targets  # assessing reads observations through here

        codes = frame.get_column("indicator").unique().to_list()
        return write_sdmx_csv(frame, path, series_targets(codes))
    writers = {ExportFormat.CSV: write_tidy_csv, ExportFormat.XLSX: write_tidy_xlsx}
    return writers[export_format](frame, path)
