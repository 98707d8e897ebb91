"""The bundled political targets of the DNS indicators (data/catalogue/dns_targets.csv).

The expected codes below were checked by hand against the ``weather_indicator_N`` fields of the
DNS metadata (dns-indicators/meta/*.md): 68 indicator pages/data files, 82 indicator codes (a page
such as ``1-1-ab`` describes 1.1.a and 1.1.b). The metadata are not bundled, so the lists are
written out here; ``scripts/check_dns_targets.py`` compares the file with the metadata itself.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

import zielwerk
from zielwerk.core.targets import TargetSpec, read_targets

PACKAGE = Path(zielwerk.__file__).resolve().parent
TARGETS = PACKAGE / "data" / "catalogue" / "dns_targets.csv"
DEMO_DATA = PACKAGE / "data" / "demo" / "dns-indicators" / "data"

DNS_FILES = {
    "1-1-ab": ["1.1.a", "1.1.b"],
    "2-1-a": ["2.1.a"],
    "2-1-b": ["2.1.b"],
    "2-2": ["2.2"],
    "3-1-a": ["3.1.a"],
    "3-1-cd": ["3.1.c", "3.1.d"],
    "3-1-e": ["3.1.e"],
    "3-1-f": ["3.1.f"],
    "3-2-a": ["3.2.a"],
    "3-2-b": ["3.2.b"],
    "3-3": ["3.3"],
    "4-1-a": ["4.1.a"],
    "4-1-b": ["4.1.b"],
    "4-1-c": ["4.1.c"],
    "4-2-ab": ["4.2.a", "4.2.b"],
    "4-3-a": ["4.3.a"],
    "4-3-b": ["4.3.b"],
    "5-1-a": ["5.1.a"],
    "5-1-bc": ["5.1.b", "5.1.c"],
    "5-1-d": ["5.1.d"],
    "5-1-e": ["5.1.e"],
    "5-1-f": ["5.1.f"],
    "5-1-g": ["5.1.g"],
    "6-1-a": ["6.1.a"],
    "6-1-b": ["6.1.b"],
    "6-2-ab": ["6.2.a", "6.2.b"],
    "7-1-ab": ["7.1.a", "7.1.b"],
    "7-2-a": ["7.2.a"],
    "7-2-b": ["7.2.b"],
    "8-1": ["8.1"],
    "8-2-ab": ["8.2.a", "8.2.b"],
    "8-2-c": ["8.2.c"],
    "8-3": ["8.3"],
    "8-4": ["8.4"],
    "8-5-ab": ["8.5.a", "8.5.b"],
    "8-5-c": ["8.5.c"],
    "8-6": ["8.6"],
    "9-1-a": ["9.1.a"],
    "9-1-b": ["9.1.b"],
    "10-1": ["10.1"],
    "10-2": ["10.2"],
    "11-1-a": ["11.1.a"],
    "11-1-c": ["11.1.c"],
    "11-2-a": ["11.2.a"],
    "11-2-b": ["11.2.b"],
    "11-2-c": ["11.2.c"],
    "11-3-a": ["11.3.a"],
    "11-3-b": ["11.3.b"],
    "12-1-a": ["12.1.a"],
    "12-1-b": ["12.1.ba", "12.1.bb", "12.1.bc"],
    "12-2-a": ["12.2.a"],
    "12-2-b": ["12.2.b"],
    "12-3-abc": ["12.3.a", "12.3.b", "12.3.c"],
    "12-4": ["12.4"],
    "13-1-a": ["13.1.a"],
    "13-1-b": ["13.1.b"],
    "14-1-a": ["14.1.aa", "14.1.ab"],
    "14-1-b": ["14.1.b"],
    "15-1": ["15.1"],
    "15-2": ["15.2"],
    "15-3": ["15.3"],
    "15-4": ["15.4"],
    "16-2": ["16.2"],
    "16-3-ab": ["16.3.a", "16.3.b"],
    "16-4": ["16.4"],
    "17-1": ["17.1"],
    "17-2": ["17.2"],
    "17-3": ["17.3"],
}
DNS_CODES = {code for codes in DNS_FILES.values() for code in codes}


@pytest.fixture(scope="module")
def specs() -> list[TargetSpec]:
    return read_targets(TARGETS)


@pytest.fixture(scope="module")
def by_indicator(specs: list[TargetSpec]) -> dict[str, list[TargetSpec]]:
    grouped: dict[str, list[TargetSpec]] = defaultdict(list)
    for spec in specs:
        grouped[spec.indicator].append(spec)
    return grouped


def only(by_indicator: dict[str, list[TargetSpec]], code: str) -> TargetSpec:
    found = by_indicator[code]
    assert len(found) == 1, found
    return found[0]


def test_expected_lists_are_complete() -> None:
    assert len(DNS_FILES) == 68
    assert len(DNS_CODES) == 82


def test_file_parses_with_the_contract_reader(specs: list[TargetSpec]) -> None:
    assert len(specs) >= 82
    header = TARGETS.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:14] == [
        "indicator", "region", "series", "kind", "direction", "target_value", "target_year",
        "base_year", "limit", "unit", "label_de", "valid_from", "note", "source_text",
    ]  # fmt: skip


def test_every_dns_indicator_has_a_target(by_indicator: dict[str, list[TargetSpec]]) -> None:
    assert set(by_indicator) == DNS_CODES


def test_every_indicator_file_is_covered_and_named_right(specs: list[TargetSpec]) -> None:
    files = {spec.extra["data_file"] for spec in specs}
    assert files == {f"indicator_{name}.csv" for name in DNS_FILES}
    for spec in specs:
        name = spec.extra["data_file"].removeprefix("indicator_").removesuffix(".csv")
        assert spec.indicator in DNS_FILES[name]


def test_rows_are_complete_and_consistent(specs: list[TargetSpec]) -> None:
    for spec in specs:
        where = f"{spec.indicator} {spec.series}"
        assert spec.region == "", where
        assert spec.direction in ("increase", "decrease"), where
        assert spec.extra.get("label_de"), where
        assert spec.extra.get("source_text"), where
        if spec.kind == "year":
            assert spec.target_value is not None, where
            assert spec.target_year is not None, where
        if spec.kind == "direction":
            assert spec.target_value is None, where
            assert spec.target_year is None, where
        if spec.kind == "annual":
            assert spec.target_year is None, where
        valid_from = spec.extra.get("valid_from", "")
        assert valid_from == "" or re.fullmatch(r"20\d\d", valid_from), where
        if spec.limit is not None and spec.target_value is not None:
            assert spec.target_value <= spec.limit, where
        for text in (spec.extra["label_de"], spec.extra["source_text"], spec.extra.get("note", "")):
            assert not re.search(r"<[a-z/]|&[a-z]+;|&#\d+;|\xa0", text), where


def test_series_keys_are_well_formed(specs: list[TargetSpec]) -> None:
    for spec in specs:
        for key in (spec.series, spec.extra.get("reference_series", "")):
            if not key:
                continue
            pairs = [part.split("=", 1) for part in key.split("|")]
            columns = [column for column, _ in pairs]
            assert all(len(pair) == 2 and pair[1] for pair in pairs), key
            assert columns == sorted(columns), key
            assert not {"Year", "Units", "GeoCode", "Value"} & set(columns), key
            assert not any(column.startswith("COMMENT_") for column in columns), key


def test_7_2_a_renewable_energy(by_indicator: dict[str, list[TargetSpec]]) -> None:
    targets = sorted(by_indicator["7.2.a"], key=lambda s: s.target_year or 0)
    assert [(s.kind, s.direction, s.target_value, s.target_year) for s in targets] == [
        ("year", "increase", 41.0, 2030),
        ("year", "increase", 45.0, 2040),
        ("year", "increase", 60.0, 2050),
    ]
    assert all(s.series == "" and s.limit == 100.0 for s in targets)
    assert targets[0].extra["valid_from"] == "2025"  # raised from 30 % in 2025


def test_13_1_a_greenhouse_gases_relative_to_1990(
    by_indicator: dict[str, list[TargetSpec]],
) -> None:
    targets = sorted(by_indicator["13.1.a"], key=lambda s: s.target_year or 0)
    # -65 %, -88 % and neutrality, on the index 1990 = 100
    assert [(s.target_value, s.target_year, s.base_year) for s in targets] == [
        (35.0, 2030, 1990),
        (12.0, 2040, 1990),
        (0.0, 2045, 1990),
    ]
    assert all(s.kind == "year" and s.direction == "decrease" for s in targets)


def test_3_1_a_avoidable_mortality(by_indicator: dict[str, list[TargetSpec]]) -> None:
    # The former premature-mortality indicators 3.1.a/b (men 190, women 100 per 100 000) were
    # replaced by 3.1.a "vermeidbare Sterblichkeit"; the current metadata have no 3.1.b.
    spec = only(by_indicator, "3.1.a")
    assert (spec.kind, spec.direction, spec.target_value, spec.target_year) == (
        "year", "decrease", 200.0, 2030,
    )  # fmt: skip
    assert "3.1.b" not in by_indicator


def test_8_5_employment_rates_per_series(by_indicator: dict[str, list[TargetSpec]]) -> None:
    total = only(by_indicator, "8.5.a")
    older = only(by_indicator, "8.5.b")
    assert (total.target_value, total.target_year, total.series) == (
        83.0, 2030, "Series=a) total (20 to 64-year-olds)",
    )  # fmt: skip
    assert (older.target_value, older.target_year, older.series) == (
        77.0, 2030, "Series=b) older people (55 to 64-year-olds)",
    )  # fmt: skip
    assert total.direction == older.direction == "increase"


def test_annual_and_converted_targets(by_indicator: dict[str, list[TargetSpec]]) -> None:
    deficit = only(by_indicator, "8.2.a")  # financing balance, negative = deficit
    assert (deficit.kind, deficit.direction, deficit.target_value) == ("annual", "increase", -3.0)
    debt = only(by_indicator, "8.2.c")
    assert (debt.kind, debt.direction, debt.target_value) == ("annual", "decrease", 60.0)
    students = only(by_indicator, "17.2")  # 1.1 x 215 258 (2015), kept every year
    assert (students.kind, students.base_year) == ("annual", 2015)
    assert students.target_value == pytest.approx(1.1 * 215258)
    imports = only(by_indicator, "17.3")  # +100 % against 2014 (0.714 %)
    assert imports.target_value == pytest.approx(2 * 0.714)
    assert imports.base_year == 2014
    freight = only(by_indicator, "11.2.a")  # -15 to -20 %: weakest requirement, index 2015 = 100
    assert (freight.target_value, freight.target_year, freight.base_year) == (85.0, 2030, 2015)
    primary = only(by_indicator, "7.1.b")
    assert (primary.target_value, primary.base_year) == (60.7, 2008)


def test_eu_relative_targets_are_directions_with_a_reference(
    by_indicator: dict[str, list[TargetSpec]],
) -> None:
    for code in ("1.1.a", "1.1.b", "10.2"):
        spec = only(by_indicator, code)
        assert (spec.kind, spec.direction) == ("direction", "decrease")
        assert spec.series.startswith("area=germany|")
        assert spec.extra["reference_series"].startswith("area=european union|")


def test_targets_no_longer_in_force_are_left_out(by_indicator: dict[str, list[TargetSpec]]) -> None:
    values = {
        (s.indicator, s.target_value, s.target_year) for v in by_indicator.values() for s in v
    }
    for old in [
        ("7.2.a", 30.0, 2030),
        ("7.2.a", 18.0, 2020),
        ("7.2.b", 65.0, 2030),
        ("13.1.a", 45.0, 2030),
        ("8.5.a", 78.0, 2030),
        ("8.5.b", 60.0, 2030),
        ("5.1.b", 30.0, 2030),
        ("2.1.b", 20.0, 2030),
        ("4.1.a", 10.0, 2020),
    ]:
        assert old not in values
    assert all(
        s.target_year is None or s.target_year > 2020 for v in by_indicator.values() for s in v
    )


def _series_keys(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = [
            c
            for c in (reader.fieldnames or [])
            if c not in ("Year", "Units", "GeoCode", "Value") and not c.startswith("COMMENT_")
        ]
        return {"|".join(f"{c}={row[c]}" for c in sorted(columns) if row[c]) for row in reader}


@pytest.mark.skipif(
    not DEMO_DATA.is_dir(),
    reason=f"bundled DNS data not found at {DEMO_DATA} (bundled by the DNS data import)",
)
def test_series_exist_in_the_bundled_data(specs: list[TargetSpec]) -> None:
    keys: dict[str, set[str]] = {}
    for spec in specs:
        name = spec.extra["data_file"]
        if name not in keys:
            path = DEMO_DATA / name
            assert path.is_file(), f"{name} missing in {DEMO_DATA}"
            keys[name] = _series_keys(path)
        for key in (spec.series, spec.extra.get("reference_series", "")):
            if key:
                assert key in keys[name], f"{spec.indicator}: {key!r} not in {name}"
