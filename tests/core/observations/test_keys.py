"""Series keys, periods, flags and region codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.observations import (
    parse_flags,
    parse_period,
    parse_series_key,
    region_ars,
    series_key,
)
from zielwerk.core.observations.series import SeriesKeyError

names = st.text(min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s and not any(c in s for c in "=|\\")
)
values = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)


@given(st.dictionaries(names, values, max_size=5))
def test_series_key_round_trips_any_dimensions(dims: dict[str, str]) -> None:
    key = series_key(dims)
    assert parse_series_key(key) == dims
    assert series_key(parse_series_key(key)) == key


def test_series_key_sorts_keys_and_escapes_separators() -> None:
    key = series_key({"sex": "female", "age": "a|b"})
    assert key == "age=a\\|b|sex=female"
    assert parse_series_key(key) == {"age": "a|b", "sex": "female"}


@pytest.mark.parametrize("bad", ["sex", "=x", "a=1|a=2", "a=1||b=2"])
def test_malformed_series_keys_are_rejected(bad: str) -> None:
    with pytest.raises(SeriesKeyError):
        parse_series_key(bad)


@pytest.mark.parametrize(
    ("label", "year", "part"),
    [
        ("2024", 2024, ""),
        ("2025/1", 2025, "H1"),
        ("2018/2", 2018, "H2"),
        ("2013 4Q", 2013, "Q4"),
        ("2009/10", 2010, ""),
        ("2018/2019", 2019, ""),
        ("2003-2006", 2006, ""),
        ("01.09.2023 - 30.08.2024", 2024, ""),
        ("1999/00", 2000, ""),
    ],
)
def test_published_periods_map_to_a_year(label: str, year: int, part: str) -> None:
    period = parse_period(label)
    assert period is not None
    assert (period.year, period.part) == (year, part)


@pytest.mark.parametrize("label", ["", "20x5", "2025/3", "2006-2003", "12345", "Jahr"])
def test_non_periods_are_rejected(label: str) -> None:
    assert parse_period(label) is None


def test_flags_accept_signs_words_and_aliases() -> None:
    assert parse_flags("p") == "p"
    assert parse_flags("r, p") == "pr"
    assert parse_flags("‒") == "-"
    assert parse_flags("vorläufig") == "p"
    assert parse_flags("provisional estimated") == "ps"
    assert parse_flags("zz") is None


def test_region_codes_normalise_to_ars() -> None:
    assert region_ars("code16") == "160000000000"
    assert region_ars("DG") == "000000000000"
    assert region_ars("05315") == "053150000000"
    assert region_ars("1234") is None
