"""The tidy format: every kind of bad input is reported with file, line, column and value."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from zielwerk.core.observations import read_observations, read_tidy, write_tidy_csv


def _problems(path: Path) -> list[tuple[str, int | None, str | None, str | None]]:
    result = read_tidy(path)
    return [(p.code.value, p.line, p.column, p.value) for p in result.problems]


def _csv(tmp_path: Path, body: str, name: str = "obs.csv") -> Path:
    path = tmp_path / name
    path.write_text("indicator,region,series,year,value,unit,flag\n" + body, encoding="utf-8")
    return path


def test_good_file_reads_with_defaults(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        '7.2.a,,,2023,21.5,percentage,p\n7.2.a,code08,sex=female,2023,"22,5",percentage,\n',
    )
    result = read_tidy(path)
    assert result.ok
    rows = result.frame.select("region", "series", "year", "value", "flags").rows()
    assert rows == [
        ("", "", 2023, 21.5, "p"),  # no region stated: the import must name it
        ("080000000000", "sex=female", 2023, 22.5, ""),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("7.2.a,,,20x3,1,,", ("malformed_year", 2, "year", "20x3")),
        ("7.2.a,,,2023,abc,,", ("non_numeric_value", 2, "value", "abc")),
        ("7.2.a,,,2023,nan,,", ("non_numeric_value", 2, "value", "nan")),
        ("7.2.a,Bayern,,2023,1,,", ("invalid_region", 2, "region", "Bayern")),
        ("7.2.a,,sex,2023,1,,", ("invalid_series", 2, "series", "sex")),
        ("7.2.a,,,2023,1,,q", ("invalid_flag", 2, "flag", "q")),
        (",,,2023,1,,", ("missing_indicator", 2, "indicator", "")),
        ("7.2.a,,,2023,=SUM(A1:A2),,", ("formula", 2, "value", "=SUM(A1:A2)")),
    ],
)
def test_each_bad_cell_is_reported_where_it_is(tmp_path: Path, row: str, expected: tuple) -> None:
    code, _line, column, value = expected
    problems = _problems(_csv(tmp_path, "7.2.a,,,2022,1,,\n" + row + "\n"))
    assert problems[0] == (code, 3, column, value)
    assert {p[1] for p in problems} == {3}


def test_duplicates_and_unit_mismatch(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "7.2.a,,,2022,1,percentage,\n7.2.a,,,2023,2,percentage,\n7.2.a,,,2023,3,percentage,\n"
        "7.2.a,,,2024,4,tonnes,\n",
    )
    assert _problems(path) == [
        ("duplicate", 4, "year", "2023"),
        ("unit_mismatch", 5, "unit", "t"),
    ]


def test_unknown_unit_is_named_with_its_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, "7.2.a,,,2022,1,Prozent,\n7.2.a,,,2023,2,furlongs per fortnight,\n")
    assert _problems(path) == [("unknown_unit", 3, "unit", "furlongs per fortnight")]


def test_missing_column_and_ragged_rows(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("indicator,value\n7.2.a,1\n")
    assert _problems(tmp_path / "a.csv") == [("missing_column", 1, "year", None)]
    (tmp_path / "b.csv").write_text("indicator,year,value\n7.2.a,2020,1\n7.2.a,2021,1,9\n")
    assert [p[:2] for p in _problems(tmp_path / "b.csv")] == [("malformed_row", 3)]


def test_encoding_problem_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("indicator,year,value,unit\n7.2.a,2020,1,Gro\u00dfe\n".encode("latin-1"))
    assert _problems(path) == [("encoding", 2, None, "\\xdf")]


def test_xlsx_formula_cells_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "obs.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["indicator", "year", "value"])
    sheet.write_row(1, 0, ["7.2.a", 2020, 19.1])
    sheet.write_row(2, 0, ["7.2.a", 2021])
    sheet.write_formula(2, 2, "=C2*2")
    workbook.close()
    assert _problems(path) == [("formula", 3, "value", "=")]


def test_xlsx_and_parquet_read_like_csv(tmp_path: Path) -> None:
    csv_path = _csv(
        tmp_path, "7.2.a,,,2023,21.5,percentage,p\n7.2.a,code01,,2024,22.75,percentage,\n"
    )
    from_csv = read_tidy(csv_path).frame
    pl.read_csv(csv_path, infer_schema=False).with_columns(
        pl.col("year").cast(pl.Int32), pl.col("value").cast(pl.Float64)
    ).write_parquet(tmp_path / "obs.parquet")
    from zielwerk.core.observations import write_tidy_xlsx

    write_tidy_xlsx(from_csv, tmp_path / "obs.xlsx")
    cols = ["indicator", "region", "series", "year", "value", "unit", "flags"]
    for other in ("obs.parquet", "obs.xlsx"):
        result = read_observations(tmp_path / other)
        assert result.ok, result.problems
        assert result.frame.select(cols).equals(from_csv.select(cols))


def test_tidy_csv_round_trip(tmp_path: Path) -> None:
    path = _csv(tmp_path, "7.2.a,,age=65+|sex=female,2023,21.5,percentage,pr\n")
    first = read_tidy(path).frame
    write_tidy_csv(first, tmp_path / "again.csv")
    again = read_tidy(tmp_path / "again.csv").frame
    cols = ["indicator", "region", "series", "year", "value", "unit", "flags"]
    assert again.select(cols).equals(first.select(cols))
