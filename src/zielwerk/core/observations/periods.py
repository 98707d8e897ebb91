"""Reference periods as published, mapped onto the integer year the data model uses.

Open SDG files write more than plain years. Decisions (documented in docs/data-import.md):

- ``2024``: the year.
- ``2003-2006``, ``2018/2019``, ``2009/10``, ``01.03.2023 - 30.08.2024``: a period spanning
  years; the observation belongs to the **last** year of the period (the year the period
  ends, so a series stays in order), and the published label is kept as ``period``.
- ``2019/1`` (half year) and ``2010 1Q`` (quarter): sub-annual values; the year is kept and the
  part of the year becomes a series dimension (``period=H1``, ``period=Q1``) so that the two
  halves of a year are two series, not duplicates. The label is kept as ``period``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERIOD_DIMENSION = "period"

_YEAR = re.compile(r"^(\d{4})$")
_YEAR_FLOAT = re.compile(r"^(\d{4})\.0+$")
_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_SPAN = re.compile(r"^(\d{4})/(\d{4}|\d{2})$")
_HALF = re.compile(r"^(\d{4})/([12])$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:([1-4])Q|Q([1-4]))$")
_DATES = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{4})\s*-\s*\d{1,2}\.\d{1,2}\.(\d{4})$")

MIN_YEAR = 1000
MAX_YEAR = 2999


@dataclass(frozen=True)
class Period:
    """A parsed reference period: the year, the published label, a sub-annual part."""

    year: int
    label: str = ""
    part: str = ""


def _span_end(start: str, end: str) -> int:
    if len(end) == 2:
        end = start[:2] + end
        if int(end) < int(start):
            end = str(int(end) + 100)
    return int(end)


def _checked(period: Period) -> Period | None:
    return period if MIN_YEAR <= period.year <= MAX_YEAR else None


def parse_year(text: str) -> int | None:
    """A plain calendar year, or ``None``.

    >>> parse_year("2024"), parse_year("2024.0"), parse_year("20x4")
    (2024, 2024, None)
    """
    text = text.strip()
    match = _YEAR.match(text) or _YEAR_FLOAT.match(text)
    if not match:
        return None
    year = int(match.group(1))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_period(text: str) -> Period | None:
    """Parse a published reference period; ``None`` when it is not one.

    >>> parse_period("2025/1")
    Period(year=2025, label='2025/1', part='H1')
    >>> parse_period("2009/10")
    Period(year=2010, label='2009/10', part='')
    >>> parse_period("2003-2006").year
    2006
    >>> parse_period("2013 4Q").part
    'Q4'
    """
    text = text.strip()
    year = parse_year(text)
    if year is not None:
        return Period(year)
    if match := _HALF.match(text):
        return _checked(Period(int(match.group(1)), text, f"H{match.group(2)}"))
    if match := _QUARTER.match(text):
        return _checked(Period(int(match.group(1)), text, f"Q{match.group(2) or match.group(3)}"))
    for pattern in (_RANGE, _SPAN, _DATES):
        if match := pattern.match(text):
            start, end = match.group(1), match.group(2)
            last = _span_end(start, end)
            if last < int(start):
                return None
            return _checked(Period(last, text))
    return None
