"""Files that hold several catalogue indicators (DNS ``1-1-ab`` → 1.1.a and 1.1.b).

The parts are told apart by a disaggregation whose values start with the part's letters:
``a) material and social deprivation`` belongs to 1.1.a, ``ba) direct and indirect use of
raw materials`` (file ``12-1-b``) to 12.1.ba. The series key keeps that dimension, so the
observations of 1.1.a have the series ``time series=a) material and social deprivation``.
"""

from __future__ import annotations

import polars as pl

from ..problems import Skip, SkipCode


def part_codes(code: str, known: set[str]) -> list[str]:
    """Catalogue codes that are parts of a file's combined code.

    >>> part_codes("1.1.ab", {"1.1.a", "1.1.b", "1.2.a"})
    ['1.1.a', '1.1.b']
    >>> part_codes("12.1.b", {"12.1.ba", "12.1.bb", "12.1.a"})
    ['12.1.ba', '12.1.bb']
    >>> part_codes("7.2.a", {"7.2.b"})
    []
    """
    base, _, suffix = code.rpartition(".")
    if not base or not suffix.isalpha():
        return []
    parts = []
    for candidate in known:
        head, _, last = candidate.rpartition(".")
        if head != base or candidate == code:
            continue
        if (len(suffix) > 1 and last in suffix) or (last.startswith(suffix) and last != suffix):
            parts.append(candidate)
    return sorted(parts)


def _prefix(value: str, lasts: list[str]) -> str | None:
    text = value.strip().lower()
    for last in sorted(lasts, key=len, reverse=True):
        if text.startswith(f"{last})"):
            return last
    return None


def split_parts(
    table: pl.DataFrame, dims: list[str], code: str, parts: list[str], file: str
) -> tuple[list[tuple[str, pl.DataFrame]], list[Skip]]:
    """Route the rows of a combined file to its part indicators by a prefixed dimension."""
    lasts = {p.rpartition(".")[2]: p for p in parts}
    for column in dims:
        values = table.get_column(column).unique().to_list()
        owner = {v: _prefix(v, list(lasts)) for v in values}
        if not any(owner.values()):
            continue
        mapping = {v: (lasts[o] if o else "") for v, o in owner.items()}
        routed = table.with_columns(
            _part=pl.col(column).replace_strict(mapping, return_dtype=pl.String)
        )
        found = [
            (lasts[last], routed.filter(pl.col("_part") == lasts[last]).drop("_part"))
            for last in sorted(lasts)
        ]
        left = routed.filter(pl.col("_part") == "").height
        skips = [Skip(SkipCode.UNASSIGNED_ROWS, file, left, code)] if left else []
        return [(c, f) for c, f in found if not f.is_empty()], skips
    # The file's code names known parts, but no column marks its rows with "a)", "b)" …:
    # say so, rather than claim the indicator is unknown.
    return [], [Skip(SkipCode.PARTS_NOT_MARKED, file, table.height, ", ".join(parts))]
