"""Region codes as written in input files, normalised to the 12-digit ARS.

``DG`` (GENESIS: Deutschland), ``DE`` and ``0`` mean Germany. An empty cell means "not
stated": it stays empty here, and the import service fills it only with a region the user
names (``zielwerk import --region``); it never guesses Germany. Open SDG GeoCodes ``code01`` …
``code16`` are the Länder, ``code01001`` a Kreis: the digits are an ARS prefix. ARS prefixes
of 2 (Land), 3 (Regierungsbezirk), 5 (Kreis) and 9 (Gemeindeverband) digits are padded with
zeros. An 8-digit AGS is returned unchanged: only the region table can map it to an ARS.
"""

from __future__ import annotations

import re

from zielwerk.core.regions.abroad import is_abroad_key
from zielwerk.core.regions.codes import BUND_ARS as GERMANY_ARS

__all__ = ["GERMANY_ARS", "land_geocode", "region_ars"]
_NATIONAL = {"DG", "0", "00", "DE"}
NOT_STATED = ""
_PREFIX_LENGTHS = {2, 3, 5, 9, 12}
_DIGITS = re.compile(r"^\d+$")


def region_ars(code: str) -> str | None:
    """Normalise a region code to an ARS, an 8-digit AGS, or ``None`` when invalid.

    >>> region_ars(""), region_ars("DG"), region_ars("code08"), region_ars("code01001")
    ('', '000000000000', '080000000000', '010010000000')
    >>> region_ars("092760130130"), region_ars("09276130"), region_ars("Bayern")
    ('092760130130', '09276130', None)
    >>> region_ars("GB-E08000035")
    'GB-E08000035'
    """
    code = code.strip()
    if not code:
        return NOT_STATED
    if is_abroad_key(code.upper()):
        return code.upper()  # a region abroad (``GB-E08000035``), looked up as it is
    if code.upper() in _NATIONAL:
        return GERMANY_ARS
    if code.lower().startswith("code"):
        code = code[4:]
    if not _DIGITS.match(code):
        return None
    if len(code) == 8:
        return code
    if len(code) not in _PREFIX_LENGTHS:
        return None
    return code.ljust(12, "0")


def land_geocode(ars: str) -> str:
    """The Open SDG GeoCode for a region ARS (shortest prefix that keeps its level).

    >>> land_geocode("080000000000"), land_geocode("010010000000"), land_geocode(GERMANY_ARS)
    ('code08', 'code01001', '')
    """
    if ars in (GERMANY_ARS, NOT_STATED):
        return ""
    for length in sorted(_PREFIX_LENGTHS):
        if ars[length:].strip("0") == "":
            return "code" + ars[:length]
    return "code" + ars
