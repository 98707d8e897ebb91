"""Reference periods of real Open SDG and statistics files: label → (year, part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.observations import parse_period, read_observations
from zielwerk.core.observations.periods import MAX_YEAR, MIN_YEAR, parse_year


@pytest.mark.parametrize(
    ("label", "year", "part"),
    [
        # ranges and fiscal years: the year the period ends
        ("2010-11", 2011, ""),
        ("2019-20", 2020, ""),
        ("1999-00", 2000, ""),
        ("2011-12", 2012, ""),
        ("2000 - 02", 2002, ""),
        ("2000–02", 2002, ""),
        ("1998 - 02", 2002, ""),
        ("2007/08 to 2008/09", 2009, ""),
        ("2010-11 to 2012-13", 2013, ""),
        ("2002/03-2007/08", 2008, ""),
        ("2014 bis 2017", 2017, ""),
        ("2001-2005 (baseline)", 2005, ""),
        ("2014-2017", 2017, ""),
        # dates: their calendar year
        ("2021-07-27", 2021, ""),
        ("27.07.2021", 2021, ""),
        ("2020-02-29", 2020, ""),
        # months, quarters, half years: the calendar year, the part becomes a dimension
        ("2021-07", 2021, "M07"),
        ("2010-12", 2010, "M12"),
        ("2021M07", 2021, "M07"),
        ("2021M7", 2021, "M07"),
        ("1993 01", 1993, "M01"),
        ("2021-Q3", 2021, "Q3"),
        ("2021Q3", 2021, "Q3"),
        ("2021 Q3", 2021, "Q3"),
        ("2010 1Q", 2010, "Q1"),
        ("2019/1", 2019, "H1"),
        ("2019H2", 2019, "H2"),
        ("2019-H1", 2019, "H1"),
        # a year with a letter: a figure of its own
        ("1974a", 1974, "a"),
        ("2015 (provisional)", 2015, ""),
    ],
)
def test_published_labels_map_to_a_year_and_keep_the_label(
    label: str, year: int, part: str
) -> None:
    assert parse_period(label) == parse_period(f" {label} ")
    period = parse_period(label)
    assert period is not None
    assert (period.year, period.label, period.part) == (year, label, part)


@pytest.mark.parametrize("label", ["2024", "1800", "2024.0"])
def test_plain_years_keep_no_label(label: str) -> None:
    period = parse_period(label)
    assert period is not None
    assert (period.year, period.label, period.part) == (int(float(label)), "", "")


def test_yyyy_dash_nn_is_a_fiscal_year_when_nn_is_the_next_year_else_a_month() -> None:
    fiscal, month, neither = (
        parse_period("2008-09"),
        parse_period("2008-10"),
        parse_period("2008-13"),
    )
    assert fiscal is not None and (fiscal.year, fiscal.part) == (2009, "")
    assert month is not None and (month.year, month.part) == (2008, "M10")
    assert neither is None
    # With spaces it is a range of years, never a month.
    spaced = parse_period("2008 - 10")
    assert spaced is not None and (spaced.year, spaced.part) == (2010, "")


@pytest.mark.parametrize(
    "label",
    [
        "20x5",
        "2021-13",
        "2021-00",
        "2021-02-30",
        "2021M13",
        "1993 13",
        "2021-Q5",
        "0999",
        "3000",
        "2999-00",
        "2006-2003",
        "2007/08 to 2006/07",
        "2002/03-2007-08",
        "2021-13 (baseline)",
        "1974A",
        "1974ab",
        "31.12.2024 - 01.01.2023",
        "Jahr",
        "(2020)",
        "",
    ],
)
def test_malformed_periods_are_rejected(label: str) -> None:
    assert parse_period(label) is None


@given(st.text(max_size=30))
def test_parsing_never_raises_and_keeps_the_label(text: str) -> None:
    period = parse_period(text)
    if period is None:
        return
    assert MIN_YEAR <= period.year <= MAX_YEAR
    assert period.label == ("" if parse_year(text) is not None else text.strip())


@given(st.integers(MIN_YEAR, MAX_YEAR - 1), st.integers(1, 12))
def test_every_month_spelling_gives_the_same_year_and_part(year: int, month: int) -> None:
    spellings = [f"{year}M{month:02d}", f"{year} {month:02d}", f"{year}-M{month:02d}"]
    if month != (year + 1) % 100:
        spellings.append(f"{year}-{month:02d}")
    parsed = {(p.year, p.part) for p in map(parse_period, spellings) if p}
    assert parsed == {(year, f"M{month:02d}")}


def _repo(root: Path, body: str) -> Path:
    (root / "data").mkdir()
    (root / "data" / "indicator_7-2-a.csv").write_text("Year,Units,Value\n" + body)
    return root


def test_open_sdg_file_with_months_makes_one_series_per_month(tmp_path: Path) -> None:
    body = "2021-07,percentage,1.5\n2021M08,percentage,1.6\n2010-11,percentage,2\n"
    result = read_observations(_repo(tmp_path, body))
    assert result.ok, result.problems
    rows = result.frame.sort("line").select("year", "period", "series").rows()
    assert rows == [
        (2021, "2021-07", "period=M07"),
        (2021, "2021M08", "period=M08"),
        (2011, "2010-11", ""),
    ]


def test_open_sdg_malformed_periods_are_malformed_years_at_their_line(tmp_path: Path) -> None:
    body = "2021-13,percentage,1\n2021-02-30,percentage,2\n2021-07-27,percentage,3\n"
    result = read_observations(_repo(tmp_path, body))
    found = [(p.code.value, p.line, p.column, p.value) for p in result.problems]
    assert sorted(found) == [
        ("malformed_year", 2, "Year", "2021-13"),
        ("malformed_year", 3, "Year", "2021-02-30"),
    ]
