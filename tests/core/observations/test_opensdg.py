"""Reading the bundled Open SDG repositories (real DNS and Destatis data)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from zielwerk.core.observations import SkipCode, read_opensdg, write_opensdg

from .conftest import DESTATIS, DNS

KEY = ["indicator", "region", "series", "year", "period", "value", "unit", "flags"]


def _rows_in_indicator_files(root: Path) -> int:
    total = 0
    for path in (root / "data").glob("indicator_*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            total += sum(1 for row in csv.reader(handle) if row) - 1
    return total


def _accounted(result) -> int:  # every row is an observation or a counted skip
    return result.frame.height + sum(s.rows for s in result.skips)


@pytest.fixture(scope="module")
def dns(dns_codes: set[str]):
    return read_opensdg(DNS, known=dns_codes)


@pytest.fixture(scope="module")
def destatis(un_codes: set[str]):
    return read_opensdg(DESTATIS, known=un_codes)


def test_dns_repository_reads_completely(dns, dns_codes: set[str]) -> None:
    assert dns.ok, dns.problems[:5]
    assert _accounted(dns) == _rows_in_indicator_files(DNS)
    assert set(dns.frame.get_column("indicator").unique()) == dns_codes
    skipped = Counter(s.code for s in dns.skips)
    assert skipped[SkipCode.TARGET_ROW] > 0
    assert skipped[SkipCode.IDENTICAL_DUPLICATE] == 1  # indicator_16-2.csv repeats 2025 rows


def test_destatis_repository_reads_completely(destatis, un_codes: set[str]) -> None:
    assert destatis.ok, destatis.problems[:5]
    assert _accounted(destatis) == _rows_in_indicator_files(DESTATIS)
    odd = {s.file for s in destatis.skips if s.code is SkipCode.NOT_AN_INDICATOR_FILE}
    assert odd == {"8E824100", "BA048000", "demo_indicator.csv"}
    unknown = {s.detail for s in destatis.skips if s.code is SkipCode.UNKNOWN_INDICATOR}
    assert unknown
    assert not unknown & un_codes
    assert set(destatis.frame.get_column("indicator").unique()) <= un_codes


def _published(path: Path, year: str, **where: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            row["Value"]
            for row in csv.DictReader(handle)
            if row["Year"] == year and all(row.get(k, "") == v for k, v in where.items())
        ]


def test_combined_file_is_split_into_its_indicators(dns) -> None:
    frame = dns.frame.filter(pl.col("file") == "indicator_1-1-ab.csv")
    assert set(frame.get_column("indicator").unique()) == {"1.1.a", "1.1.b"}
    a = frame.filter(
        (pl.col("indicator") == "1.1.a")
        & (pl.col("series") == "area=germany|time series=a) material and social deprivation")
        & (pl.col("year") == 2024)
    )
    expected = _published(
        DNS / "data" / "indicator_1-1-ab.csv",
        "2024",
        area="germany",
        sex="",
        **{"time series": "a) material and social deprivation"},
    )
    assert a.get_column("value").to_list() == [float(v) for v in expected]


def test_land_geocodes_become_land_ars_and_name_columns_are_dropped(dns) -> None:
    frame = dns.frame.filter(pl.col("indicator") == "7.2.a")
    regions = set(frame.get_column("region").unique())
    with (DNS / "data" / "indicator_7-2-a.csv").open(encoding="utf-8-sig") as handle:
        published = {r["GeoCode"] for r in csv.DictReader(handle) if r["Value"]}
    # National rows have no GeoCode: the region is not stated (the import names it).
    expected = {g[4:].ljust(12, "0") if g else "" for g in published}
    assert len(expected) > 10
    assert regions == expected
    assert not frame.get_column("series").str.contains("länder").any()


def test_half_years_become_series_and_keep_their_label(dns) -> None:
    frame = dns.frame.filter(pl.col("period") == "2025/1")
    assert frame.height > 0
    assert frame.get_column("year").unique().to_list() == [2025]
    assert frame.get_column("series").str.contains("period=H1").all()


def test_flags_come_from_comment_columns(dns) -> None:
    flags = set(dns.frame.get_column("flags").unique())
    assert {"p", "r"} <= {f for f in flags for f in f}


def test_round_trip_export_then_import_gives_the_same_observations(
    dns, tmp_path: Path, dns_codes: set[str]
) -> None:
    write_opensdg(dns.frame, tmp_path)
    again = read_opensdg(tmp_path, known=dns_codes)
    assert again.ok
    assert again.frame.select(KEY).sort(KEY).equals(dns.frame.select(KEY).sort(KEY))


def test_conflicting_duplicate_rows_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "indicator_7-2-a.csv").write_text(
        "Year,Units,GeoCode,Value\n2020,percentage,,19.1\n2020,percentage,,19.3\n"
    )
    result = read_opensdg(tmp_path)
    assert [(p.code.value, p.line, p.detail) for p in result.problems] == [("duplicate", 3, "2")]


def test_combined_file_without_part_letters_names_the_real_cause(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "indicator_1-1-ab.csv").write_text(
        "Year,time series,Value\n2020,material and social deprivation,6.1\n"
    )
    result = read_opensdg(tmp_path, known={"1.1.a", "1.1.b"})
    assert [(s.code.value, s.detail) for s in result.skips] == [
        ("parts_not_marked", "1.1.a, 1.1.b")
    ]
