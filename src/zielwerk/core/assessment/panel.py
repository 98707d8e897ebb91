"""The observation panel: all series of an observation table, prepared once for every method.

Every method needs, per series, values at a few positions: the latest value, the value five
values back, the first value from a base year on. Sorting 22 million rows by three string
columns takes seconds; instead the three key columns are turned into dictionary codes, combined
into one integer per series and sorted as one integer column (skipped when the table is
already in order). Each series then occupies a contiguous block of rows with years ascending,
and "the value k rows back" is a plain gather — no loop over series, no group-by.

The series are numbered (``sid``) in the order of their keys, so results sorted by ``sid``
come out sorted by indicator, region and series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

KEYS = ("indicator", "region", "series")
REQUIRED = ("indicator", "year", "value")


class DuplicateObservationError(ValueError):
    """Two observations share indicator, region, series and year."""


@dataclass(frozen=True)
class Panel:
    """Observations grouped into series.

    ``rows``: ``sid, year, value`` — each series a contiguous block, years ascending.
    ``series``: one row per series, row ``i`` has ``sid == i``; columns ``sid, indicator,
    region, series, first, last`` (row positions in ``rows``), ``n``, ``year`` and ``value``
    (the latest observation).

    >>> p = build_panel(pl.DataFrame({"indicator": ["a", "a", "b"], "year": [2021, 2020, 2020],
    ...                               "value": [2.0, 1.0, 5.0]}))
    >>> p.series.select("indicator", "n", "year", "value").rows()
    [('a', 2, 2021, 2.0), ('b', 1, 2020, 5.0)]
    """

    rows: pl.DataFrame
    series: pl.DataFrame

    @property
    def n_series(self) -> int:
        """Number of series."""
        return self.series.height


def normalise_observations(observations: pl.DataFrame) -> pl.DataFrame:
    """The observation columns with their contract types; missing values dropped.

    ``region`` and ``series`` may be missing or null: national / headline (``""``).

    >>> normalise_observations(pl.DataFrame({"indicator": ["x"], "year": [2020],
    ...                                      "value": [1]})).row(0)
    ('x', '', '', 2020, 1.0)
    """
    missing = [c for c in REQUIRED if c not in observations.columns]
    if missing:
        raise ValueError(f"observations lack the column(s) {', '.join(missing)}")
    keys = [
        (pl.col(k) if k in observations.columns else pl.lit(""))
        .cast(pl.String)
        .fill_null("")
        .alias(k)
        for k in KEYS
    ]
    value = pl.col("value").cast(pl.Float64)
    return (
        observations.lazy()
        .select(*keys, pl.col("year").cast(pl.Int32), value)
        .filter(
            pl.col("value").is_not_null()
            & pl.col("value").is_finite()
            & pl.col("year").is_not_null()
        )
        .collect()
    )


def _run_starts(frame: pl.DataFrame) -> pl.Series:
    """Boolean per row: the keys differ from the previous row's (a new run starts)."""
    change = pl.any_horizontal([pl.col(k) != pl.col(k).shift(1) for k in KEYS])
    return frame.select(change.fill_null(True)).to_series()


LARGE = 4_000_000
"""Above this many runs of equal keys (a shuffled table), rows are sorted by integer codes."""


def _codes(frame: pl.DataFrame) -> pl.Series:
    """One integer per (indicator, region, series) of each row (equal keys, equal codes)."""
    codes = [frame.get_column(k).cast(pl.Categorical).to_physical().cast(pl.UInt64) for k in KEYS]
    sizes = [int(c.max() or 0) + 1 for c in codes]  # type: ignore[arg-type]
    if math.prod(sizes) >= 2**40:
        # Global dictionaries can hand out large codes: compact them first.
        codes = [c.rank("dense").cast(pl.UInt64) - 1 for c in codes]
        sizes = [int(c.max() or 0) + 1 for c in codes]  # type: ignore[arg-type]
    return (codes[0] * sizes[1] + codes[1]) * sizes[2] + codes[2]


def _number_in_key_order(runs: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """Sort runs by key; equal keys share a number. Returns each run's number and the keys."""
    ranked = runs.with_row_index("run").sort(list(KEYS))
    new = ranked.select(
        pl.any_horizontal([pl.col(k) != pl.col(k).shift(1) for k in KEYS]).fill_null(True)
    ).to_series()
    sid_sorted = new.cast(pl.UInt32).cum_sum() - 1
    run_sid = _scatter(runs.height, ranked.get_column("run"), sid_sorted)
    return run_sid, ranked.filter(new).select(KEYS)


def _refuse_duplicates(frame: pl.DataFrame, key: pl.Series, order: pl.Series) -> None:
    """Raise if two sorted keys are equal (one series, one year, twice)."""
    duplicate = key.slice(1) == key.slice(0, key.len() - 1)
    if duplicate.any():
        row = frame.row(int(order[int(duplicate.arg_true()[0]) + 1]), named=True)
        raise DuplicateObservationError(
            "two observations for indicator {indicator!r}, region {region!r}, "
            "series {series!r}, year {year}".format(**row)
        )


def _sorted_by(frame: pl.DataFrame, code: pl.Series) -> pl.DataFrame:
    """Rows ``code, year, value`` sorted by one integer key (code, year); no duplicates."""
    year = frame.get_column("year")
    year_min = int(year.min() or 0)  # type: ignore[arg-type]
    span = int(year.max() or 0) - year_min + 1  # type: ignore[arg-type]
    key = code.cast(pl.UInt64) * span + (year - year_min).cast(pl.UInt64)
    order = key.arg_sort()
    key = key.gather(order)
    _refuse_duplicates(frame, key, order)
    return pl.DataFrame(
        {
            "code": key // span,
            "year": year.gather(order),
            "value": frame.get_column("value").gather(order),
            "position": order,
        }
    )


def _grouped_rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows as ``sid, year, value`` with every series contiguous and years ascending.

    Tables written series by series (the usual case) are taken as they are; otherwise the
    rows are sorted by one integer key. Two observations of a series in one year are refused.
    """
    starts = _run_starts(frame)
    first_of_run = starts.arg_true()
    if first_of_run.len() > LARGE:
        ordered = _sorted_by(frame, _codes(frame))
        first, _last = _blocks(ordered.get_column("code"))
        block_sid, keys = _number_in_key_order(
            frame.select(KEYS).gather(ordered.get_column("position").gather(first))
        )
        block = _scatter(ordered.height, first, pl.Series([1] * first.len(), dtype=pl.UInt32))
        sid = block_sid.gather(block.fill_null(0).cum_sum() - 1)
        return ordered.select(sid=sid, year="year", value="value"), keys
    run_sid, keys = _number_in_key_order(frame.select(KEYS).gather(first_of_run))
    sid = run_sid.gather(starts.cast(pl.UInt32).cum_sum() - 1)
    year = frame.get_column("year")
    ascending = (starts | (year.diff().fill_null(1) > 0)).all()
    if ascending and first_of_run.len() == keys.height:
        return pl.DataFrame({"sid": sid, "year": year, "value": frame.get_column("value")}), keys
    ordered = _sorted_by(frame, sid)
    return ordered.select(sid=pl.col("code").cast(pl.UInt32), year="year", value="value"), keys


def build_panel(observations: pl.DataFrame, as_of: int | None = None) -> Panel:
    """Prepare observations (``indicator, region, series, year, value``) for assessment.

    ``as_of`` ignores observations after that year. Null or non-finite values are dropped.
    """
    frame = normalise_observations(observations)
    if as_of is not None:
        frame = frame.filter(pl.col("year") <= as_of)
    if frame.is_empty():
        return _empty_panel()
    rows, keys = _grouped_rows(frame)
    sid = rows.get_column("sid")
    first, last = _blocks(sid)
    block_sid = sid.gather(first)
    series = keys.with_columns(
        sid=_arange(keys.height),
        first=_scatter(keys.height, block_sid, first),
        last=_scatter(keys.height, block_sid, last),
    ).select("sid", *KEYS, "first", "last")
    series = series.with_columns(n=(pl.col("last") - pl.col("first") + 1).cast(pl.Int32))
    return Panel(rows=rows, series=_with_latest(series, rows))


def _with_latest(series: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    last = series.get_column("last")
    return series.with_columns(
        year=rows.get_column("year").gather(last), value=rows.get_column("value").gather(last)
    )


def _empty_panel() -> Panel:
    rows = pl.DataFrame(schema={"sid": pl.UInt32, "year": pl.Int32, "value": pl.Float64})
    series = pl.DataFrame(
        schema={
            "sid": pl.UInt32,
            **{k: pl.String for k in KEYS},
            "first": pl.UInt32,
            "last": pl.UInt32,
            "n": pl.Int32,
            "year": pl.Int32,
            "value": pl.Float64,
        }
    )
    return Panel(rows=rows, series=series)


def as_panel(observations: pl.DataFrame | Panel, as_of: int | None = None) -> Panel:
    """A panel from observations; a ready panel is restricted to years up to ``as_of``."""
    if isinstance(observations, Panel):
        if as_of is None:
            return observations
        return restrict(observations, pl.col("year") <= as_of)
    return build_panel(observations, as_of=as_of)


def restrict(panel: Panel, row_filter: pl.Expr) -> Panel:
    """A panel of the rows matching ``row_filter`` (on ``sid, year, value``), renumbered."""
    rows = panel.rows.filter(row_filter)
    if rows.height == panel.rows.height:
        return panel
    old_sid = rows.get_column("sid")
    kept = old_sid.unique().sort()
    remap = _scatter(panel.n_series, kept, _arange(kept.len()))
    sid = remap.gather(old_sid)
    first, last = _blocks(sid)
    block_sid = sid.gather(first)
    series = panel.series.gather(kept).with_columns(
        sid=_arange(kept.len()),
        first=_scatter(kept.len(), block_sid, first),
        last=_scatter(kept.len(), block_sid, last),
    )
    series = series.with_columns(n=(pl.col("last") - pl.col("first") + 1).cast(pl.Int32))
    rows = rows.with_columns(sid=sid)
    return Panel(rows=rows, series=_with_latest(series, rows))


def _arange(n: int) -> pl.Series:
    return pl.arange(0, n, eager=True).cast(pl.UInt32)


def _scatter(n: int, at: pl.Series, values: pl.Series) -> pl.Series:
    """A UInt32 series of length ``n``, null except ``values`` at positions ``at``."""
    return pl.Series(dtype=pl.UInt32).extend_constant(None, n).scatter(at, values)


def _blocks(codes: pl.Series) -> tuple[pl.Series, pl.Series]:
    """First and last positions of the runs of equal codes."""
    if codes.is_empty():
        return pl.Series(dtype=pl.UInt32), pl.Series(dtype=pl.UInt32)
    change = codes.slice(1) != codes.slice(0, codes.len() - 1)
    first = pl.concat([pl.Series([0], dtype=pl.UInt32), change.arg_true().cast(pl.UInt32) + 1])
    last = pl.concat([first[1:] - 1, pl.Series([codes.len() - 1], dtype=pl.UInt32)])
    return first, last


def first_row_from(panel: Panel, min_year: pl.Series) -> pl.Series:
    """Per series, the row position of the first observation in or after ``min_year``.

    ``min_year`` has one entry per series (null: no row). Null where the series has none.
    """
    threshold = min_year.cast(pl.Int32).gather(panel.rows.get_column("sid"))
    hits = panel.rows.select(
        sid="sid",
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        ok=(pl.col("year") >= threshold).fill_null(False),
        start=pl.col("sid").diff().fill_null(1) != 0,
    ).filter(pl.col("ok") & (pl.col("start") | ~pl.col("ok").shift(1).fill_null(False)))
    out = pl.Series("row", dtype=pl.UInt32).extend_constant(None, panel.n_series)
    return out.scatter(hits.get_column("sid"), hits.get_column("row"))


def value_at(panel: Panel, row: pl.Series) -> pl.Series:
    """Values at row positions (null positions give null)."""
    return panel.rows.get_column("value").gather(row)


def year_at(panel: Panel, row: pl.Series) -> pl.Series:
    """Years at row positions (null positions give null)."""
    return panel.rows.get_column("year").gather(row)
