"""German and English column names of the tidy format, AGS columns and per-row sources
(pure core: no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.observations import read_observations, read_tidy
from zielwerk.core.observations.detect import InputFormat, detect_format
from zielwerk.core.observations.headers import ALIASES, Header, field_of, header_map


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Indikator", "indicator"),
        (" indikator ", "indicator"),
        ("REGION", "region"),
        ("Gebiet", "region"),
        ("ARS", "region"),
        ("ags", "region"),
        ("Reihe", "series"),
        ("Jahr", "year"),
        ("Wert", "value"),
        ("Einheit", "unit"),
        ("Quelle", "source"),
        ("Kennzeichen", "flag"),
        ("flag", "flag"),
        ("Bemerkung", None),
        ("Indikatortitel", None),
    ],
)
def test_field_of(column: str, field: str | None) -> None:
    assert field_of(column) == field


@given(
    st.sampled_from(sorted({n for names in ALIASES.values() for n in names})),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.text(" \t", max_size=3),
)
def test_any_case_and_surrounding_spaces(name: str, case: object, pad: str) -> None:
    assert callable(case)
    assert field_of(pad + case(name) + pad) == field_of(name) is not None


@pytest.mark.parametrize(
    ("columns", "duplicate", "first"),
    [
        (["indicator", "region", "Region", "year", "value"], "Region", "region"),
        (["Indikator", "Gebiet", "AGS", "Jahr", "Wert"], "AGS", "Gebiet"),
        (["Jahr", "year", "value", "indicator"], "year", "Jahr"),
        (["source", "Quelle"], "Quelle", "source"),
        # exact repetitions, as the readers rename them
        (["indicator", "year", "value", "year_duplicated_0"], "year", "year"),
        (["indicator", "Wert", "year", "Wert_1"], "Wert", "Wert"),
    ],
)
def test_two_columns_for_one_field_are_refused(
    columns: list[str], duplicate: str, first: str
) -> None:
    problem = header_map(columns, "x.csv")
    assert not isinstance(problem, Header)
    assert (problem.code.value, problem.line, problem.column, problem.detail) == (
        "duplicate_column",
        1,
        duplicate,
        first,
    )


def test_other_numbered_columns_are_no_duplicates() -> None:
    header = header_map(["Indikator", "Jahr", "Wert", "Notiz", "Notiz_1", "Jahr2"], "x.csv")
    assert isinstance(header, Header)
    assert header.columns == {"indicator": "Indikator", "year": "Jahr", "value": "Wert"}


def _write(tmp_path: Path, text: str, name: str = "werte.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_german_file_reads_like_the_english_one(tmp_path: Path) -> None:
    german = _write(
        tmp_path,
        " Indikator ;GEBIET;Reihe;Jahr;Wert;Einheit;Kennzeichen;Quelle;Titel\n"
        "7.2.a;code08;sex=female;2023;21,5;Prozent;p;Amt 32;Erneuerbare\n",
    )
    english = _write(
        tmp_path,
        "indicator,region,series,year,value,unit,flag\n"
        "7.2.a,code08,sex=female,2023,21.5,Prozent,p\n",
        "english.csv",
    )
    assert detect_format(german) is InputFormat.TIDY
    read_de, read_en = read_observations(german), read_observations(english)
    assert read_de.ok and read_en.ok
    fields = ["indicator", "region", "series", "year", "value", "unit", "flags"]
    assert read_de.frame.select(fields).rows() == read_en.frame.select(fields).rows()
    assert read_de.frame.get_column("source").to_list() == ["Amt 32"]
    assert read_en.frame.get_column("source").to_list() == [""]


def test_problems_name_the_column_as_written(tmp_path: Path) -> None:
    path = _write(tmp_path, "Indikator,Jahr,Wert,Quelle\n7.2.a,20x3,zehn,=HYPERLINK(1)\n")
    found = {(p.code.value, p.line, p.column) for p in read_tidy(path).problems}
    assert found == {
        ("malformed_year", 2, "Jahr"),
        ("non_numeric_value", 2, "Wert"),
        ("formula", 2, "Quelle"),
    }


def test_ags_column_takes_gemeinde_keys_only(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Indikator,AGS,Jahr,Wert\n"
        "7.2.a,05154004,2023,1\n"
        "7.2.a,051540004004,2023,2\n"
        "7.2.a,DG,2023,3\n"
        "7.2.a,,2023,4\n",
    )
    result = read_tidy(path)
    problems = [(p.code.value, p.line, p.column, p.value) for p in result.problems]
    assert problems == [
        ("not_an_ags", 3, "AGS", "051540004004"),
        ("not_an_ags", 4, "AGS", "DG"),
    ]
    # the same keys in a Region/ARS column are fine
    path = _write(tmp_path, "Indikator,ARS,Jahr,Wert\n7.2.a,051540004004,2023,2\n7.2.a,DG,2023,3\n")
    assert read_tidy(path).ok


def test_duplicate_columns_refused_in_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "werte.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for row, values in enumerate([["Indikator", "Jahr", "Wert", "Jahr"], ["7.2.a", 2023, 1, 2024]]):
        sheet.write_row(row, 0, values)
    book.close()
    result = read_tidy(path)
    assert [(p.code.value, p.column) for p in result.problems] == [("duplicate_column", "Jahr")]


def test_missing_required_column_still_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "Indikator;Jahr\n7.2.a;2023\n")
    result = read_tidy(path)
    assert [(p.code.value, p.column) for p in result.problems] == [("missing_column", "value")]
