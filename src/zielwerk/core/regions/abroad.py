"""Regions abroad: partner municipalities with their country and their own code scheme.

City partnerships and urban diplomacy bring data of places outside Germany (a UK city's
Voluntary Local Review, a twin town). Such a region is keyed ``<country>-<code>``: the ISO
3166-1 alpha-2 country code and the region's code in its national scheme (GSS, NUTS, LAU,
INSEE …), e.g. ``GB-E08000035`` (Leeds, GSS). The key never looks like an ARS (12 digits).

>>> abroad_key("gb", "e08000035"), is_abroad_key("GB-E08000035"), is_abroad_key("010010000000")
('GB-E08000035', True, False)
>>> abroad_key("DE", "01001")
Traceback (most recent call last):
...
ValueError: "DE" ist Deutschland: deutsche Regionen haben einen ARS
"""

from __future__ import annotations

import re

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CODE = re.compile(r"^[A-Z0-9]{1,16}$")
_KEY = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,16}$")
KEY_LENGTH = 19


def abroad_key(country: str, code: str) -> str:
    """The directory key of a region abroad; ValueError names what is wrong."""
    country, code = country.strip().upper(), code.strip().upper()
    if not _COUNTRY.match(country):
        raise ValueError(f'"{country}" ist kein Ländercode (ISO 3166-1, zwei Buchstaben)')
    if country == "DE":
        raise ValueError('"DE" ist Deutschland: deutsche Regionen haben einen ARS')
    if not _CODE.match(code):
        raise ValueError(f'"{code}" ist kein Regionscode (1 bis 16 Buchstaben oder Ziffern)')
    return f"{country}-{code}"


def is_abroad_key(text: str) -> bool:
    """Whether ``text`` is the key of a region abroad."""
    return bool(_KEY.match(text))
