"""Official German region codes: the 12-digit ARS and the 8-digit AGS.

ARS layout (Amtlicher Regionalschlüssel)::

    LL R KK VVVV GGG
    |  |  |  |    +-- Gemeinde (3)
    |  |  |  +------- Gemeindeverband (4)
    |  |  +---------- Kreis (2)
    |  +------------- Regierungsbezirk (1)
    +---------------- Land (2)

The AGS (Amtlicher Gemeindeschlüssel) is the ARS without the Gemeindeverband part, so an
AGS can be turned into an ARS only where the Verband part is zero (Bund to Kreis) or known.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from enum import StrEnum

BUND_ARS = "000000000000"
BUND_AGS = "00000000"
# localzero writes Germany as "DG000000"; accepted on input, normalised to BUND_AGS.
LOCALZERO_BUND_AGS = "DG000000"
LAND_CODES = frozenset(f"{n:02d}" for n in range(1, 17))
_GEOCODE = re.compile(r"code(\d+)")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


class RegionProblem(StrEnum):
    """Why a region code is refused; the parameters each code uses are in its comment."""

    NOT_A_STRING = "not_a_string"
    WRONG_LENGTH = "wrong_length"  # expected, found (digits)
    NOT_A_DIGIT = "not_a_digit"  # char, position
    LAND_ZERO = "land_zero"  # Land 00 is Germany only
    UNKNOWN_LAND = "unknown_land"  # land
    VERBAND_KEY = "verband_key"  # key of a Gemeindeverband, not of a region
    GEMEINDE_WITHOUT_KREIS = "gemeinde_without_kreis"
    AGS_WITHOUT_VERBAND = "ags_without_verband"  # a Gemeinde AGS needs its Verband part
    GEOCODE_FORMAT = "geocode_format"  # "code" and digits expected
    GEOCODE_LENGTH = "geocode_length"  # found
    NOT_A_LAND = "not_a_land"  # a GeoCode of a Land expected


class RegionCodeError(ValueError):
    """A region code (ARS, AGS, GeoCode) that is malformed or cannot be converted.

    Carries the value, the kind of code (``ars``, ``ags``, ``geocode``, ``verband``) and a
    problem code with parameters; ``zielwerk.messages.region_code_text`` words it.

    >>> str(RegionCodeError("01", "ars", RegionProblem.WRONG_LENGTH, expected=12, found=2))
    'ars "01": wrong_length (expected=12, found=2)'
    """

    def __init__(self, value: object, kind: str, code: RegionProblem, **params: str | int):
        self.value = value if isinstance(value, str) else repr(value)
        self.kind = kind
        self.code = code
        self.params = params
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        text = f'{kind} "{self.value}": {code.value}' + (f" ({detail})" if detail else "")
        super().__init__(text)


class Level(StrEnum):
    """Administrative level of a region, from the top down."""

    BUND = "bund"
    LAND = "land"
    RBZ = "rbz"
    KREIS = "kreis"
    GEMEINDE = "gemeinde"


LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


def _check_digits(value: object, kind: str, length: int) -> str:
    if not isinstance(value, str):
        raise RegionCodeError(value, kind, RegionProblem.NOT_A_STRING)
    if len(value) != length:
        raise RegionCodeError(
            value, kind, RegionProblem.WRONG_LENGTH, expected=length, found=len(value)
        )
    for position, char in enumerate(value, start=1):
        if not ("0" <= char <= "9"):
            raise RegionCodeError(
                value, kind, RegionProblem.NOT_A_DIGIT, char=char, position=position
            )
    return value


@dataclass(frozen=True)
class RegionCode:
    """A validated ARS split into its parts.

    >>> code = parse_ars("010590188188")
    >>> (code.land, code.kreis, code.verband, code.gemeinde, code.level)
    ('01', '059', '0188', '188', <Level.GEMEINDE: 'gemeinde'>)
    """

    land: str
    rbz: str
    kreis: str
    verband: str
    gemeinde: str

    @property
    def ars(self) -> str:
        return self.land + self.kreis + self.verband + self.gemeinde

    @property
    def ags(self) -> str:
        return self.land + self.kreis + self.gemeinde

    @property
    def level(self) -> Level:
        if self.land == "00":
            return Level.BUND
        if self.gemeinde != "000":
            return Level.GEMEINDE
        if self.kreis[1:] != "00":
            return Level.KREIS
        if self.rbz != "0":
            return Level.RBZ
        return Level.LAND


def _check_structure(value: str, kind: str, land: str, rest: str) -> None:
    if land == "00" and rest.strip("0"):
        raise RegionCodeError(value, kind, RegionProblem.LAND_ZERO)
    if land != "00" and land not in LAND_CODES:
        raise RegionCodeError(value, kind, RegionProblem.UNKNOWN_LAND, land=land)


def parse_ars(value: str) -> RegionCode:
    """Validate a 12-digit ARS and split it into its parts.

    Raises RegionCodeError naming the value and the reason. Codes of a Gemeindeverband
    (Verband part set, Gemeinde part 000) are rejected: Zielwerk does not keep them as regions.

    >>> parse_ars("010010000000").level
    <Level.KREIS: 'kreis'>
    >>> try:
    ...     parse_ars("01001")
    ... except RegionCodeError as error:
    ...     print(error)
    ars "01001": wrong_length (expected=12, found=5)
    """
    _check_digits(value, "ars", 12)
    land, kreis, verband, gemeinde = value[:2], value[2:5], value[5:9], value[9:]
    _check_structure(value, "ars", land, value[2:])
    if gemeinde == "000" and verband != "0000":
        raise RegionCodeError(value, "ars", RegionProblem.VERBAND_KEY)
    if kreis[1:] == "00" and (verband != "0000" or gemeinde != "000"):
        raise RegionCodeError(value, "ars", RegionProblem.GEMEINDE_WITHOUT_KREIS)
    return RegionCode(land, kreis[0], kreis, verband, gemeinde)


def validate_ars(value: str) -> str:
    """Return the ARS unchanged if it is valid, else raise RegionCodeError.

    >>> validate_ars("010010000000")
    '010010000000'
    """
    return parse_ars(value).ars


def validate_ags(value: str) -> str:
    """Return the AGS if valid (``DG000000`` becomes ``00000000``), else raise RegionCodeError.

    >>> validate_ags("01001000")
    '01001000'
    >>> try:
    ...     validate_ags("0100100")
    ... except RegionCodeError as error:
    ...     print(error)
    ags "0100100": wrong_length (expected=8, found=7)
    """
    if value == LOCALZERO_BUND_AGS:
        return BUND_AGS
    _check_digits(value, "ags", 8)
    land, kreis = value[:2], value[2:5]
    _check_structure(value, "ags", land, value[2:])
    if kreis[1:] == "00" and value[5:] != "000":
        raise RegionCodeError(value, "ags", RegionProblem.GEMEINDE_WITHOUT_KREIS)
    return value


def level_of_ars(ars: str) -> Level:
    """The administrative level an ARS denotes.

    A kreisfreie Stadt is a Kreis and a Gemeinde with one ARS; it counts as Kreis here.

    >>> level_of_ars("091620000000"), level_of_ars("091000000000")
    (<Level.KREIS: 'kreis'>, <Level.RBZ: 'rbz'>)
    """
    return parse_ars(ars).level


def ags_from_ars(ars: str) -> str:
    """The AGS of an ARS: the ARS without its Gemeindeverband part.

    >>> ags_from_ars("010590188188")
    '01059188'
    """
    return parse_ars(ars).ags


def ars_from_ags(ags: str, *, verband: str | None = None) -> str:
    """The ARS of an AGS. Gemeinden need their 4-digit Verband part, which the AGS lacks.

    >>> ars_from_ags("01001000")
    '010010000000'
    >>> ars_from_ags("01059188", verband="0188")
    '010590188188'
    """
    ags = validate_ags(ags)
    if verband is None:
        if ags[5:] != "000":
            raise RegionCodeError(ags, "ags", RegionProblem.AGS_WITHOUT_VERBAND)
        verband = "0000"
    _check_digits(verband, "verband", 4)
    return validate_ars(ags[:5] + verband + ags[5:])


def ars_from_geocode(geocode: str) -> str:
    """The ARS of an Open SDG GeoCode: ``code01`` (Land), ``code011`` (Regierungsbezirk),
    ``code01001`` (Kreis) or ``code`` followed by a full 12-digit ARS.

    >>> ars_from_geocode("code01"), ars_from_geocode("code16")
    ('010000000000', '160000000000')
    >>> ars_from_geocode("code01001")
    '010010000000'
    """
    match = _GEOCODE.fullmatch(geocode.strip()) if isinstance(geocode, str) else None
    if match is None:
        raise RegionCodeError(geocode, "geocode", RegionProblem.GEOCODE_FORMAT)
    digits = match.group(1)
    if len(digits) not in (2, 3, 5, 12):
        raise RegionCodeError(geocode, "geocode", RegionProblem.GEOCODE_LENGTH, found=len(digits))
    try:
        return validate_ars(digits.ljust(12, "0"))
    except RegionCodeError as exc:
        raise RegionCodeError(geocode, "geocode", exc.code, **exc.params) from exc


def land_ars_from_geocode(geocode: str) -> str:
    """The Land ARS for an Open SDG Land GeoCode ``code01`` … ``code16``.

    >>> land_ars_from_geocode("code09")
    '090000000000'
    """
    ars = ars_from_geocode(geocode)
    if level_of_ars(ars) is not Level.LAND:
        raise RegionCodeError(geocode, "geocode", RegionProblem.NOT_A_LAND)
    return ars


def parent_ars(ars: str, *, regierungsbezirke: Container[str] = frozenset()) -> str | None:
    """The ARS of the parent region, or None for the Bund.

    A Kreis belongs to its Regierungsbezirk if that exists (pass the existing ones), else
    to its Land: the Regierungsbezirk digit of a Kreis outlives abolished Bezirke.

    >>> parent_ars("010590188188")
    '010590000000'
    >>> parent_ars("091620000000", regierungsbezirke={"091000000000"})
    '091000000000'
    >>> parent_ars("031010000000")
    '030000000000'
    """
    code = parse_ars(ars)
    level = code.level
    if level is Level.BUND:
        return None
    if level is Level.LAND:
        return BUND_ARS
    if level is Level.RBZ:
        return code.land.ljust(12, "0")
    if level is Level.GEMEINDE:
        return (code.land + code.kreis).ljust(12, "0")
    rbz = (code.land + code.rbz).ljust(12, "0")
    return rbz if code.rbz != "0" and rbz in regierungsbezirke else code.land.ljust(12, "0")


def ancestors(ars: str, *, regierungsbezirke: Container[str] = frozenset()) -> list[str]:
    """The chain of parent ARS from the nearest up to the Bund.

    >>> ancestors("010590188188")
    ['010590000000', '010000000000', '000000000000']
    """
    chain: list[str] = []
    current = parent_ars(ars, regierungsbezirke=regierungsbezirke)
    while current is not None:
        chain.append(current)
        current = parent_ars(current, regierungsbezirke=regierungsbezirke)
    return chain


def fold_name(name: str) -> str:
    """A search key for a region name: case-folded, umlauts spelled out, accents dropped.

    >>> fold_name("Köln"), fold_name("KOELN"), fold_name("Straße")
    ('koeln', 'koeln', 'strasse')
    """
    folded = unicodedata.normalize("NFC", name.casefold()).translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
