"""Open SDG observation attributes are no disaggregations (files shaped like the UK's)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from zielwerk.api.services import opensdg_site as site
from zielwerk.core.observations import SkipCode, read_opensdg

# The layout of the UK's Open SDG data files (sdgdata.gov.uk): Series, Units and the three
# SDMX-style attribute columns before GeoCode; national rows have an empty GeoCode.
UK_STYLE = """\
Year,Series,Units,Unit multiplier,Unit measure,Observation status,sex,GeoCode,Value
2019,Proportion of adults,Percentage,Units,Percent,Normal value,,,71.2
2020,Proportion of adults,Percentage,Units,Percent,Normal value,,,72.0
2021,Proportion of adults,Percentage,Units,Percent,Provisional,,,73.4
2021,Proportion of adults,Percentage,Units,Percent,Estimated value,female,,74.1
2021,Proportion of adults,Percentage,Units,Percent,Normal value,male,,72.6
2021,Proportion of adults,Percentage,Units,Percent,Normal value,,code08,70.0
"""


def _repository(tmp_path: Path, text: str, ident: str = "3-4-1") -> Path:
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "data" / f"indicator_{ident}.csv").write_text(text, "utf-8")
    return tmp_path


def _site_table(frame: pl.DataFrame) -> pl.DataFrame:
    national = pl.col("region").fill_null("") == ""  # no GeoCode: the national rows
    region = pl.when(national).then(pl.lit("000000000000")).otherwise(pl.col("region"))
    return site.data_tables(frame.with_columns(region=region))["3-4-1"]


def test_attribute_columns_are_not_part_of_the_series_key(tmp_path: Path) -> None:
    result = read_opensdg(_repository(tmp_path, UK_STYLE))
    assert result.ok, result.problems
    series = set(result.frame.get_column("series").unique())
    assert series == {
        "Series=Proportion of adults",
        "Series=Proportion of adults|sex=female",
        "Series=Proportion of adults|sex=male",
    }
    assert not any("status" in s.lower() or "unit" in s.lower() for s in series)


def test_observation_status_becomes_flags(tmp_path: Path) -> None:
    frame = read_opensdg(_repository(tmp_path, UK_STYLE)).frame
    flags = dict(
        frame.filter(pl.col("year") == 2021)
        .select(pl.col("series").str.replace("Series=Proportion of adults", ""), "flags")
        .filter(pl.col("flags") != "")
        .iter_rows()
    )
    assert flags == {"": "p", "|sex=female": "s"}  # provisional, estimated; normal: no flag
    assert set(frame.get_column("unit").unique()) == {"percent"}


def test_headline_is_filled_and_no_attribute_edges(tmp_path: Path) -> None:
    table = _site_table(read_opensdg(_repository(tmp_path, UK_STYLE)).frame)
    assert not {"Observation status", "Unit multiplier", "Unit measure"} & set(table.columns)
    headline = site.headline(table)
    assert [(r["Year"], r["Value"]) for r in headline] == [(2019, 71.2), (2020, 72.0), (2021, 73.4)]
    assert site.edges_json(table) == {"From": [], "To": []}


def test_attribute_columns_in_a_table_are_no_disaggregations() -> None:
    # A data table that still carries the attributes (as sdg-build passes them through):
    table = pl.DataFrame(
        {
            "Year": [2020, 2021, 2021],
            "Observation status": ["A", "P", "A"],
            "Unit multiplier": ["0", "0", "0"],
            "sex": [None, None, "female"],
            "Value": [1.0, 2.0, 3.0],
        }
    )
    assert site.disaggregations(table) == ["sex"]
    assert site.edges(table) == []
    assert [r["Value"] for r in site.headline(table)] == [1.0, 2.0]


def test_unit_measure_is_the_unit_only_where_it_names_one(tmp_path: Path) -> None:
    text = "Year,Unit measure,Unit multiplier,Value\n2020,percentage,Thousands,5\n"
    frame = read_opensdg(_repository(tmp_path, text)).frame
    assert frame.select("series", "unit").row(0) == ("", "percent")
    sdmx = "Year,Unit measure,Value\n2020,PT,5\n"  # an SDMX code: no unit of the vocabulary
    other = read_opensdg(_repository(tmp_path / "b", sdmx)).frame
    assert other.select("series", "unit").row(0) == ("", "")


def test_unknown_observation_status_is_counted_not_a_dimension(tmp_path: Path) -> None:
    text = "Year,Observation status,Value\n2020,Forecast,5\n2021,Normal value,6\n"
    result = read_opensdg(_repository(tmp_path, text))
    assert set(result.frame.get_column("series")) == {""}
    unknown = [s for s in result.skips if s.code is SkipCode.UNKNOWN_COMMENT]
    assert [s.rows for s in unknown] == [1]
