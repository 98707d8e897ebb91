"""Series keys: the disaggregation of an observation as one string.

A key is ``key=value|key=value`` with the keys sorted; the empty string is the headline
series. A ``|`` or ``\\`` inside a value is escaped with a backslash so every key can be
parsed back. Keys must not contain ``=``, ``|`` or ``\\``.
"""

from __future__ import annotations

from collections.abc import Mapping

HEADLINE = ""


class SeriesKeyError(ValueError):
    """A series key or dimension cannot be represented."""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def series_key(dimensions: Mapping[str, str]) -> str:
    """Build the key of a disaggregation; empty values are left out.

    >>> series_key({"sex": "female", "age": "65+", "area": ""})
    'age=65+|sex=female'
    >>> series_key({})
    ''
    >>> series_key({"unit": "1990 = 100"})
    'unit=1990 = 100'
    """
    parts = []
    for key in sorted(dimensions):
        value = dimensions[key].strip()
        if not value:
            continue
        name = key.strip()
        if not name or any(c in name for c in "=|\\"):
            raise SeriesKeyError(name)
        parts.append(f"{name}={_escape(value)}")
    return "|".join(parts)


def _split_parts(key: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    chars = iter(key)
    for char in chars:
        if char == "\\":
            current.append(char)
            current.append(next(chars, ""))
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        out.append(next(chars, "") if char == "\\" else char)
    return "".join(out)


def parse_series_key(key: str) -> dict[str, str]:
    """Split a series key into its dimensions; raises ``SeriesKeyError`` when malformed.

    >>> parse_series_key("age=65+|sex=female")
    {'age': '65+', 'sex': 'female'}
    >>> parse_series_key("")
    {}
    """
    if not key.strip():
        return {}
    dimensions: dict[str, str] = {}
    for part in _split_parts(key):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name or name in dimensions:
            raise SeriesKeyError(key)
        dimensions[name] = _unescape(value).strip()
    return dimensions


def normalise_series_key(key: str) -> str:
    """Rewrite a user-written key in canonical form (sorted keys, no empty values).

    >>> normalise_series_key(" sex=female | age=65+ ")
    'age=65+|sex=female'
    """
    return series_key(parse_series_key(key))
