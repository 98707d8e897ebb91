"""Blank lines in delimited files are no rows; problems name the real line of the file."""

from __future__ import annotations

from pathlib import Path

from zielwerk.core.observations import InputFormat, SkipCode, read_observations


def _tidy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "obs.csv"
    path.write_bytes(text.encode())
    return path


def _found(result) -> list[tuple[str, int | None, str | None]]:
    return [(p.code.value, p.line, p.value) for p in result.problems]


def test_leading_blank_line_before_the_header_is_accepted(tmp_path: Path) -> None:
    path = _tidy(tmp_path, "\nindicator,year,value\n7.2.a,2023,21.5\n7.2.a,2024,x\n")
    result = read_observations(path, InputFormat.TIDY)
    assert _found(result) == [("non_numeric_value", 4, "x")]
    assert result.frame.select("year", "line").rows() == [(2023, 3)]


def test_leading_blank_line_is_detected_as_tidy(tmp_path: Path) -> None:
    path = _tidy(tmp_path, "\nindicator,year,value\n7.2.a,2023,21.5\n")
    assert read_observations(path).ok


def test_blank_lines_anywhere_are_ignored_and_not_counted_as_missing(tmp_path: Path) -> None:
    text = "indicator;year;value\n7.2.a;2021;1\n\n   \n7.2.a;2022;\n7.2.a;2023;3\n\n\n"
    result = read_observations(_tidy(tmp_path, text))
    assert result.ok, result.problems
    assert result.frame.select("year", "line").rows() == [(2021, 2), (2023, 6)]
    assert [(s.code, s.rows) for s in result.skips] == [(SkipCode.EMPTY_VALUE, 1)]


def test_problems_after_blank_lines_name_the_file_line(tmp_path: Path) -> None:
    text = "indicator,year,value\r\n\r\n7.2.a,20x5,1\r\n\r\n\r\n7.2.a,2024,1,9\r\n"
    assert _found(read_observations(_tidy(tmp_path, text))) == [
        ("malformed_row", 6, "7.2.a,2024,1,9")
    ]
    text = "indicator,year,value\n\n7.2.a,20x5,1\n"
    assert _found(read_observations(_tidy(tmp_path, text))) == [("malformed_year", 3, "20x5")]


def test_blank_line_inside_a_quoted_field_is_content(tmp_path: Path) -> None:
    text = 'indicator,year,value,unit\n\n7.2.a,2023,1,"Pro-\n\nzent"\n\n7.2.a,20x5,2,\n'
    result = read_observations(_tidy(tmp_path, text))
    assert sorted(_found(result)) == [
        ("malformed_year", 7, "20x5"),
        ("unknown_unit", 3, "Pro-\n\nzent"),
    ]


def test_open_sdg_file_starting_with_a_blank_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "indicator_7-2-a.csv").write_text(
        "\nYear,Units,GeoCode,Value\n2020,percentage,,19.1\n\n2021,percentage,,\n"
        "2021-13,percentage,,20\n"
    )
    result = read_observations(tmp_path)
    assert [(p.code.value, p.line, p.column, p.value) for p in result.problems] == [
        ("malformed_year", 6, "Year", "2021-13")
    ]
    assert [(s.code, s.rows) for s in result.skips] == [(SkipCode.TARGET_ROW, 1)]
    assert result.frame.select("year", "value", "line").rows() == [(2020, 19.1, 3)]
