"""Observation flags, written with the signs of German official statistics.

A flag string holds one character per flag in a fixed order, e.g. ``"pr"``.
"""

from __future__ import annotations

FLAG_MEANINGS: dict[str, str] = {
    "p": "provisional",
    "s": "estimated",
    "r": "revised",
    "|": "break",
    "0": "less_than_half_unit",
    "-": "nil",
    ".": "unknown",
    "…": "later",
    "x": "not_applicable",
}
"""Flag sign → meaning code (Zeichenerklärung der amtlichen Statistik)."""

_ORDER = "".join(FLAG_MEANINGS)
_ALIASES = {
    "‒": "-",  # figure dash, used by Destatis
    "–": "-",
    "...": "…",
    "e": "s",  # SDMX/Eurostat: estimated
}
_WORDS = {meaning: sign for sign, meaning in FLAG_MEANINGS.items()} | {
    "vorläufig": "p",
    "geschätzt": "s",
    "berichtigt": "r",
    "zeitreihenbruch": "|",
}


def flag_sign(text: str) -> str | None:
    """The sign of one flag written as a sign, an alias or a word; ``None`` if unknown.

    >>> flag_sign("p"), flag_sign("‒"), flag_sign("Provisional"), flag_sign("xyz")
    ('p', '-', 'p', None)
    """
    text = text.strip()
    if text in FLAG_MEANINGS:
        return text
    if text in _ALIASES:
        return _ALIASES[text]
    return _WORDS.get(text.lower())


def canonical_flags(signs: set[str]) -> str:
    """Join flag signs in the fixed order.

    >>> canonical_flags({"r", "p"})
    'pr'
    """
    return "".join(sign for sign in _ORDER if sign in signs)


def parse_flags(text: str) -> str | None:
    """Parse a ``flag`` cell: signs, words, separated by spaces or commas or run together.

    Returns the canonical flag string, or ``None`` if any part is unknown.

    >>> parse_flags("r p"), parse_flags("pr"), parse_flags("estimated"), parse_flags("q")
    ('pr', 'pr', 's', None)
    >>> parse_flags("")
    ''
    """
    signs: set[str] = set()
    for token in text.replace(",", " ").split():
        sign = flag_sign(token)
        if sign is not None:
            signs.add(sign)
            continue
        for char in token:
            char_sign = flag_sign(char)
            if char_sign is None:
                return None
            signs.add(char_sign)
    return canonical_flags(signs)
