"""GENESIS flat exports with a mapping file, on the real Zensus 2022 export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zielwerk.core.observations import (
    InputFormat,
    detect_format,
    parse_mapping,
    read_genesis,
)

from .conftest import ZENSUS

EXAMPLE = (
    Path(__file__).resolve().parents[3] / "docs" / "examples" / "zensus-2022-bevoelkerung.yaml"
)
pytestmark = pytest.mark.skipif(not ZENSUS.exists(), reason="Zensus export not available")


def test_zensus_export_reads_every_municipality_with_the_example_mapping() -> None:
    mapping = parse_mapping(EXAMPLE.read_text())
    assert not hasattr(mapping, "code")
    result = read_genesis(ZENSUS, mapping)  # type: ignore[arg-type]
    assert result.ok, result.problems
    with ZENSUS.open(encoding="utf-8-sig", newline="") as handle:
        published = {
            (
                "000000000000"
                if r["1_variable_attribute_code"] == "DG"
                else r["1_variable_attribute_code"]
            ): float(r["value"])
            for r in csv.DictReader(handle, delimiter=";")
        }
    frame = result.frame
    assert dict(zip(frame["region"], frame["value"], strict=True)) == published
    assert set(frame["year"]) == {2022}
    assert set(frame["unit"]) == {"number"}  # "Anzahl", as a code of the unit vocabulary
    assert set(frame["indicator"]) == {"bev.zensus"}
    assert detect_format(ZENSUS) is InputFormat.GENESIS


def test_mapping_filter_fixed_year_and_series(tmp_path: Path) -> None:
    path = tmp_path / "flat.csv"
    path.write_bytes(
        "\ufeffstatistics_code;time;1_variable_attribute_code;2_variable_attribute_label;value;value_q\n"
        "X;2021;01;männlich;10;e\nX;2021;01;weiblich;12,5;p\nX;2021;02;männlich;-;e\n".encode()
    )
    mapping = parse_mapping(
        "indicator: x.1\nyear: 2020\nseries: {sex: 2_variable_attribute_label}\n"
        "flag_column: value_q\nunit: Personen\n"
    )
    result = read_genesis(path, mapping)  # type: ignore[arg-type]
    assert result.ok
    rows = result.frame.select("region", "series", "year", "value", "flags").rows()
    assert rows == [
        ("010000000000", "sex=männlich", 2020, 10.0, ""),
        ("010000000000", "sex=weiblich", 2020, 12.5, "p"),
    ]
    assert sum(s.rows for s in result.skips) == 1  # "-" = no value


@pytest.mark.parametrize(
    "text",
    ["year: 2022\n", "- a\n- b\n", "indicator: [\n", "indicator: x\nunknown_regions: maybe\n"],
)
def test_broken_mappings_are_problems(text: str) -> None:
    problem = parse_mapping(text)
    assert getattr(problem, "code", None) is not None
    assert problem.code.value == "invalid_mapping"  # type: ignore[union-attr]
