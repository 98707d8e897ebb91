"""Reference periods as published, mapped onto the integer year the data model uses.

Open SDG and statistics files write more than plain years. Every label that is not a plain
year is kept as ``period``; the year is decided as follows (docs/data-import.md, "Reference
periods"):

- ``2024``: the year.
- Periods spanning years — ranges ``2003-2006``, ``2000 - 02``, ``2001–2005``, spans
  ``2018/2019``, fiscal or school years ``2009/10`` and ``2010-11``, ranges of fiscal years
  ``2007/08 to 2008/09``, ``2002/03-2007/08``, date ranges ``01.03.2023 - 30.08.2024``: the
  **last** year of the period (the year the period ends, so a series stays in order).
- Dates ``2021-07-27``, ``27.07.2021``: their calendar year (a reference date, *Stichtag*);
  two dates of one year in one series are duplicates.
- Sub-annual values — half years ``2019/1``, ``2019H1``; quarters ``2010 1Q``, ``2021Q3``,
  ``2021-Q3``; months ``2021-07``, ``2021M07``, ``1993 01``: the calendar year, and the part
  of the year becomes a series dimension (``period=H1``, ``period=Q3``, ``period=M07``) so
  that the parts of a year are several series, not duplicates.
- A year with a small letter ``1974a`` (a revised or alternative figure): that year, with the
  letter as the series dimension (``period=a``), so it never collides with ``1974``.
- A trailing note in brackets, ``2001-2005 (baseline)``: ignored for the year.

``YYYY-NN`` without spaces is ambiguous. It is a fiscal year when ``NN`` is the next year's
last two digits (``2010-11``, ``2019-20``, ``1999-00``), otherwise a month when ``NN`` is
01–12 (``2021-07``), otherwise malformed (``2021-13``). So ``2011-12`` is the fiscal year
2011/12, never December 2011: write ``2011M12`` for that month. With spaces or an en dash
(``2000 - 02``, ``2000–02``) it is a range of years.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

PERIOD_DIMENSION = "period"

MIN_YEAR = 1000
MAX_YEAR = 2999

_YEAR = re.compile(r"^(\d{4})$")
_YEAR_FLOAT = re.compile(r"^(\d{4})\.0+$")
_NOTE = re.compile(r"^(.*?\S)\s*\([^()]*\)$")
_SPAN = re.compile(r"^(\d{4})/(\d{4}|\d{2})$")
_FISCAL = re.compile(r"^(\d{4})-(\d{2})$")
_HALF = re.compile(r"^(\d{4})(?:/([12])|\s*-?\s*H([12]))$", re.I)
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*(?:([1-4])Q|Q([1-4]))$", re.I)
_MONTH = re.compile(r"^(\d{4})(?:\s*-?\s*M(\d{1,2})|\s+(\d{2}))$", re.I)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATES = re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{4})\s*-\s*\d{1,2}\.\d{1,2}\.(\d{4})$")
_SUFFIX = re.compile(r"^(\d{4})([a-z])$")
_TWO_DIGITS = re.compile(r"^\d{2}$")
_RANGE = re.compile(r"^(\S+?)(\s*[-–]\s*|\s+(?:to|bis)\s+)(\S+)$", re.I)


@dataclass(frozen=True)
class Period:
    """A parsed reference period: the year, the published label, a sub-annual part."""

    year: int
    label: str = ""
    part: str = ""


_Parsed = tuple[int, str] | None
"""A year and the part of the year (``""``: the whole year), or ``None``: malformed."""


def _span_end(start: str, end: str) -> int:
    if len(end) == 2:
        end = start[:2] + end
        if int(end) < int(start):
            end = str(int(end) + 100)
    return int(end)


def _next_year_digits(year: str, digits: str) -> bool:
    return int(digits) == (int(year) + 1) % 100


def _bounds(text: str, *, dash_fiscal: bool) -> tuple[int, int] | None:
    """First and last year of a range's end point: ``2007``, ``2007/08``, ``2007-08``."""
    if _YEAR.match(text):
        return int(text), int(text)
    if match := _SPAN.match(text):
        last = _span_end(match.group(1), match.group(2))
        return (int(match.group(1)), last) if last >= int(match.group(1)) else None
    match = _FISCAL.match(text) if dash_fiscal else None
    if match and _next_year_digits(match.group(1), match.group(2)):
        return int(match.group(1)), int(match.group(1)) + 1
    return None


def _range(match: re.Match[str]) -> _Parsed:
    """``2003-2006``, ``2000 - 02``, ``2007/08 to 2008/09``: the year the range ends.

    A bare ``-`` between a year and two digits is no range (see ``_fiscal_or_month``).
    """
    first, separator, last = match.groups()
    spaced = separator != "-"
    start = _bounds(first, dash_fiscal=spaced)
    if start is None:
        return None
    end: tuple[int, int] | None
    if spaced and _TWO_DIGITS.match(last) and _YEAR.match(first):
        end = _span_end(first, last), _span_end(first, last)
    else:
        end = _bounds(last, dash_fiscal=spaced)
    if end is None or end[0] < start[0] or end[1] < start[1]:
        return None
    return end[1], ""


def _fiscal_or_month(match: re.Match[str]) -> _Parsed:
    """``2010-11`` is the fiscal year 2010/11, ``2021-07`` July 2021, ``2021-13`` nothing."""
    year, digits = match.groups()
    if _next_year_digits(year, digits):
        return int(year) + 1, ""
    return _month(year, digits)


def _month(year: str, month: str) -> _Parsed:
    return (int(year), f"M{int(month):02d}") if 1 <= int(month) <= 12 else None


def _date(year: str, month: str, day: str) -> _Parsed:
    try:
        return datetime.date(int(year), int(month), int(day)).year, ""
    except ValueError:
        return None


def _span(m: re.Match[str]) -> _Parsed:
    bounds = _bounds(m.group(0), dash_fiscal=False)
    return None if bounds is None else (bounds[1], "")


def _dates(m: re.Match[str]) -> _Parsed:
    return (int(m.group(2)), "") if int(m.group(2)) >= int(m.group(1)) else None


# The first pattern that matches decides: a label shaped like a month but invalid
# (``2021-13``) is malformed, it is not tried as a range.
_KINDS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Parsed]], ...] = (
    (_YEAR, lambda m: (int(m.group(1)), "")),
    (_HALF, lambda m: (int(m.group(1)), f"H{m.group(2) or m.group(3)}")),
    (_QUARTER, lambda m: (int(m.group(1)), f"Q{m.group(2) or m.group(3)}")),
    (_MONTH, lambda m: _month(m.group(1), m.group(2) or m.group(3))),
    (_FISCAL, _fiscal_or_month),
    (_ISO_DATE, lambda m: _date(m.group(1), m.group(2), m.group(3))),
    (_DATE, lambda m: _date(m.group(3), m.group(2), m.group(1))),
    (_SUFFIX, lambda m: (int(m.group(1)), m.group(2))),
    (_SPAN, _span),
    (_DATES, _dates),
    (_RANGE, _range),
)


def _parse_label(text: str) -> _Parsed:
    for pattern, parse in _KINDS:
        if match := pattern.match(text):
            return parse(match)
    return None


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
    """Parse a published reference period; ``None`` when it is not one (never raises).

    The label is kept unless the text is a plain year; see the module docstring for the
    year each kind of period maps to.

    >>> parse_period("2025/1")
    Period(year=2025, label='2025/1', part='H1')
    >>> parse_period("2009/10")
    Period(year=2010, label='2009/10', part='')
    >>> parse_period("2003-2006").year, parse_period("2013 4Q").part
    (2006, 'Q4')
    >>> parse_period("2010-11"), parse_period("2021-07")
    (Period(year=2011, label='2010-11', part=''), Period(year=2021, label='2021-07', part='M07'))
    >>> parse_period("2001-2005 (baseline)")
    Period(year=2005, label='2001-2005 (baseline)', part='')
    >>> parse_period("2021-13") is None, parse_period("2021-02-30") is None
    (True, True)
    """
    text = text.strip()
    year = parse_year(text)
    if year is not None:
        return Period(year)
    parsed = _parse_label(text)
    if parsed is None and (note := _NOTE.match(text)):
        parsed = _parse_label(note.group(1))
    if parsed is None or not MIN_YEAR <= parsed[0] <= MAX_YEAR:
        return None
    return Period(parsed[0], text, parsed[1])
