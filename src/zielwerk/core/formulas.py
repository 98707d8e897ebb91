"""No formulas in files: the one place that makes text cells safe for spreadsheets.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel or LibreOffice when a CSV or XLSX file is opened (CSV injection, OWASP).
Every public file export (tidy CSV/XLSX, SDMX-CSV, the Open SDG repository, site and zip,
the portal's downloads) passes its frame through ``formula_safe``; such cells get a leading
apostrophe. Numbers stay numbers: numeric columns are never touched, and a text cell that is
a plain number (``-3.5``) is not a formula; neither is a trigger character alone (``-`` is
the statistical offices' sign for "nothing", kept as a flag in the DNS data). The database
keeps the text exactly as entered.
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$"
_NUMBER = re.compile(PLAIN_NUMBER)


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would run the cell text as a formula.

    >>> is_formula('=HYPERLINK("http://x")'), is_formula("-3.5"), is_formula("sex=female")
    (True, False, False)
    >>> is_formula("-"), is_formula("-1+1"), is_formula("--")
    (False, True, True)
    """
    return len(text) > 1 and text.startswith(FORMULA_TRIGGERS) and not _NUMBER.match(text)


def cell_safe(value: object) -> str:
    """The text of one cell, neutralised if a spreadsheet would read it as a formula.

    >>> cell_safe("@SUM(A1)"), cell_safe(-3.5), cell_safe(None)
    ("'@SUM(A1)", '-3.5', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if is_formula(text) else text


def neutralise_formulas(column: str) -> pl.Expr:
    """The column's text with formula cells neutralised (vectorised ``cell_safe``).

    >>> pl.DataFrame({"unit": ["=HYPERLINK(1)", "%", "@x", "-2", "-"]}).select(
    ...     neutralise_formulas("unit")).get_column("unit").to_list()
    ["'=HYPERLINK(1)", '%', "'@x", '-2', '-']
    """
    text = pl.col(column)
    formula = (
        text.str.contains(FORMULA_START)
        & ~text.str.contains(PLAIN_NUMBER)
        & (text.str.len_chars() > 1)
    )
    return pl.when(formula).then(pl.lit("'") + text).otherwise(text).alias(column)


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell and column name neutralised; numbers unchanged.

    >>> f = pl.DataFrame({"=x": ["-y", "z"], "value": [-3.5, 1.0]})
    >>> formula_safe(f).rows(named=True)[0]
    {"'=x": "'-y", 'value': -3.5}
    """
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    safe = frame.with_columns(neutralise_formulas(name) for name in text) if text else frame
    return safe.rename({name: cell_safe(name) for name in frame.columns if is_formula(name)})


def safe_csv(frame: pl.DataFrame) -> str:
    """CSV text of the frame (polars' defaults) with formulas neutralised."""
    return formula_safe(frame).write_csv()


def restore_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Undo ``formula_safe`` when reading a file back: the apostrophe before a formula
    character goes, so an exported file imports unchanged (the import's own formula check
    still sees the text as it was stored).

    >>> restore_formulas(pl.DataFrame({"'-x": ["'-y", "'a", "z"]})).rows(named=True)[0]
    {'-x': '-y'}
    """
    quoted = r"^'[=+\-@\t\r]"
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    frame = frame.with_columns(
        pl.when(pl.col(n).str.contains(quoted)).then(pl.col(n).str.slice(1)).otherwise(pl.col(n))
        for n in text
    )
    names = {n: n[1:] for n in frame.columns if re.match(quoted, n) and n[1:] not in frame.columns}
    return frame.rename(names) if names else frame
