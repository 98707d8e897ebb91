"""A straightforward per-series implementation of the DNS, Open SDG and Eurostat methods.

One Python loop over the series, as an Open SDG build does. It exists for two reasons only:
the benchmark compares the vectorised methods with it, and the tests check that both give the
same results on random data. Do not use it for real work.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import polars as pl

from . import codes
from .dns import CHANGES, MIN_VALUES, SUN_BELOW, SUN_CLOUD_UP_TO
from .matching import Targets, normalise_targets
from .opensdg import BASE_YEAR, LIMIT_EXPONENT, TARGET_YEAR, ZERO

Series = list[tuple[int, float]]
Key = tuple[str, str, str]
Target = Mapping[str, Any]
_WORST = {codes.SUN: 4, codes.SUN_CLOUD: 3, codes.CLOUD: 2, codes.THUNDERSTORM: 1}


def group_series(observations: pl.DataFrame, as_of: int | None = None) -> dict[Key, Series]:
    """Observations as ``{(indicator, region, series): [(year, value), …]}``, years ascending."""
    grouped: dict[Key, Series] = defaultdict(list)
    columns = observations.columns
    for row in observations.iter_rows(named=True):
        value, year = row["value"], row["year"]
        if value is None or year is None or not math.isfinite(value):
            continue
        if as_of is not None and year > as_of:
            continue
        key = (row["indicator"], row.get("region") or "", row.get("series") or "")
        if "region" not in columns:
            key = (row["indicator"], "", key[2])
        grouped[key].append((int(year), float(value)))
    return {k: sorted(v) for k, v in grouped.items()}


def applicable(key: Key, targets: Iterable[Target]) -> list[Target]:
    """The most specific targets that apply to a series, in file order."""
    indicator, region, series = key
    found = [
        t
        for t in targets
        if t["indicator"] == indicator
        and t["region"] in ("", region)
        and t["series"] in ("", series)
    ]
    if not found:
        return []
    best = max(2 * (t["region"] != "") + (t["series"] != "") for t in found)
    return [t for t in found if 2 * (t["region"] != "") + (t["series"] != "") == best]


def _sign(direction: str | None, fallback: float) -> float:
    if direction == "increase":
        return 1.0
    if direction == "decrease":
        return -1.0
    return -1.0 if fallback < 0 else 1.0


def _next_years(found: list[Target], current_year: int) -> list[Target]:
    """Of the years of one target, keep the next one after ``current_year`` (else the last)."""
    groups: dict[tuple[Any, ...], list[Target]] = defaultdict(list)
    others = []
    for t in found:
        if t["kind"] == "year":
            groups[(t["region"], t["series"], t["direction"])].append(t)
        else:
            others.append(t)
    chosen = list(others)
    for group in groups.values():
        after = [t for t in group if t["target_year"] > current_year]
        if after:
            chosen.append(min(after, key=lambda t: (t["target_year"], t["_order"])))
        else:
            chosen.append(max(group, key=lambda t: (t["target_year"], -t["_order"])))
    return sorted(chosen, key=lambda t: t["_order"])


def _dns_one(values: Series, target: Target) -> str:
    if len(values) < MIN_VALUES:
        return codes.NOT_ASSESSED
    t, xt = values[-1]
    s, xs = values[-1 - min(len(values) - 1, CHANGES)]
    tp, xp = values[-2]
    mean = (xt - xs) / (t - s)
    last = (xt - xp) / (t - tp)
    z, year = target["target_value"], target["target_year"]
    gap = (z - xt) if z is not None else mean
    d = _sign(target["direction"], gap)
    kind = target["kind"]
    if kind == "direction":
        if d * mean > 0:
            return codes.SUN if d * last > 0 else codes.SUN_CLOUD
        return codes.CLOUD if d * last > 0 else codes.THUNDERSTORM
    met = d * (xt - z) >= 0
    if kind == "annual" or year <= t or met:
        if met:
            return codes.SUN if d * mean >= 0 else codes.SUN_CLOUD
        return codes.CLOUD if d * mean > 0 else codes.THUNDERSTORM
    if d * mean <= 0:
        return codes.THUNDERSTORM
    r = (z - (xt + mean * (year - t))) / (z - xt)
    if r < SUN_BELOW:
        return codes.SUN
    return codes.SUN_CLOUD if r <= SUN_CLOUD_UP_TO else codes.CLOUD


def _target_rows(targets: Targets) -> list[dict[str, Any]]:
    rows = normalise_targets(targets).to_dicts()
    for i, row in enumerate(rows):
        row["_order"] = i
    return rows


def _assessed(
    grouped: Mapping[Key, Series], targets: Targets
) -> Iterator[tuple[Key, Series, list[Target]]]:
    rows = _target_rows(targets)
    for key in sorted(grouped):
        found = applicable(key, rows)
        if found:
            yield key, grouped[key], _next_years(found, grouped[key][-1][0])


def reference_dns(
    observations: pl.DataFrame, targets: Targets, as_of: int | None = None
) -> pl.DataFrame:
    """DNS weather symbol per series, worst over its targets.

    Columns ``indicator, region, series, status``.
    """
    out = []
    for key, values, found in _assessed(group_series(observations, as_of), targets):
        statuses = [_dns_one(values, t) for t in found]
        out.append((*key, min(statuses, key=lambda s: _WORST.get(s, 0))))
    return _frame(out)


def _one_target(found: list[Target]) -> Target:
    order = {"year": 0, "annual": 1, "direction": 2}
    return min(found, key=lambda t: (order.get(t["kind"], 3), t["_order"]))


def _cagr(a: float, b: float, ta: float, tb: float) -> float:
    return float((a / b) ** (1 / (ta - tb)) - 1)


def _opensdg_one(values: Series, target: Target) -> tuple[str, float | None]:
    t0 = target["base_year"] or BASE_YEAR
    later = [(y, v) for y, v in values if y >= t0]
    if not later or values[-1][0] - later[0][0] < 1:
        return codes.NOT_AVAILABLE, None
    (t0, raw0), (tc, rawc) = later[0], values[-1]
    y0, yc = raw0 or ZERO, rawc or ZERO
    if y0 * yc < 0:
        return codes.NOT_AVAILABLE, None
    has = target["target_value"] is not None and target["kind"] != "direction"
    d = _sign(target["direction"], (target["target_value"] - raw0) if has else 1.0)
    s = -1.0 if y0 < 0 else 1.0
    observed = _cagr(yc, y0, tc, t0)
    if has:
        yt, tt = target["target_value"] or ZERO, target["target_year"] or TARGET_YEAR
        if d * (yc - yt) >= 0:
            return codes.TARGET_ACHIEVED, 5.0
        if tt <= t0 or y0 * yt < 0 or _cagr(yt, y0, tt, t0) == 0:
            return codes.NOT_AVAILABLE, None
        p = s * d * observed / abs(_cagr(yt, y0, tt, t0))
        score = min(7.1429 * p - 4.2857, 5) if p >= 0.6 else max(4.1667 * p - 2.5, -5)
        return _band(p, (0.95, 0.60, 0.0)), score
    c = _limit_factor(abs(y0), target["limit"])
    p = s * d * observed
    return _band(p, (0.015 * c, 0.005 * c, 0.0)), _score_without(p, c)


def _limit_factor(b: float, limit: float | None) -> float:
    if limit is None:
        return 1.0
    lim = abs(limit)
    if b <= lim:
        return float(1 - (b / lim) ** LIMIT_EXPONENT)
    if b < 2 * lim:
        return float(1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT)
    return 1.0


def _score_without(p: float, c: float) -> float:
    if c == 0 and p >= 0:
        return 5.0
    if p < 0:
        return max(125 * p - 2.5, -5.0)
    if p < 0.005 * c:
        return 500 * p / c - 2.5
    if p < 0.015 * c:
        return 250 * p / c - 1.25
    return min(500 * p / c - 5, 5.0)


def _band(p: float, thresholds: tuple[float, float, float]) -> str:
    high, medium, low = thresholds
    if p >= high:
        return codes.SUBSTANTIAL_PROGRESS
    if p >= medium:
        return codes.MODERATE_PROGRESS
    return codes.LIMITED_PROGRESS if p >= low else codes.DETERIORATION


def reference_opensdg(
    observations: pl.DataFrame, targets: Targets, as_of: int | None = None
) -> pl.DataFrame:
    """Open SDG status and score per series: ``indicator, region, series, status, score``."""
    out = []
    for key, values, found in _assessed(group_series(observations, as_of), targets):
        out.append((*key, *_opensdg_one(values, _one_target(found))))
    return _frame(out, with_score=True)


def _eurostat_one(values: Series, target: Target, horizon: int) -> str:
    t, xt = values[-1]
    s, xs = next((y, v) for y, v in values if y >= t - horizon)
    if t - s < {5: 3, 15: 10}[horizon] or xs <= 0 or xt <= 0:
        return codes.NOT_ASSESSED
    has = target["target_value"] is not None and target["kind"] != "direction"
    z = target["target_value"]
    d = _sign(target["direction"], (z - xs) if has else 1.0)
    observed = _cagr(xt, xs, t, s)
    if not has:
        g = d * observed
        if g > 0.01:
            return codes.SIGNIFICANT_PROGRESS
        if g >= 0:
            return codes.MODERATE_PROGRESS_EU
        return codes.MODERATE_MOVEMENT_AWAY if g >= -0.01 else codes.SIGNIFICANT_MOVEMENT_AWAY
    year = target["target_year"] or TARGET_YEAR
    if d * (xt - z) >= 0:
        return codes.SIGNIFICANT_PROGRESS
    if z <= 0 or year <= s:
        return codes.NOT_ASSESSED
    required = _cagr(z, xs, year, s)
    if d * required <= 0:
        return codes.MOVEMENT_AWAY
    ratio = observed / required
    if ratio >= 0.95:
        return codes.SIGNIFICANT_PROGRESS
    if ratio >= 0.60:
        return codes.MODERATE_PROGRESS_EU
    return codes.INSUFFICIENT_PROGRESS if ratio >= 0 else codes.MOVEMENT_AWAY


def reference_eurostat(
    observations: pl.DataFrame, targets: Targets, as_of: int | None = None, horizon: int = 5
) -> pl.DataFrame:
    """Eurostat trend category per series: ``indicator, region, series, status``."""
    out = []
    for key, values, found in _assessed(group_series(observations, as_of), targets):
        out.append((*key, _eurostat_one(values, _one_target(found), horizon)))
    return _frame(out)


def _frame(rows: list[tuple[Any, ...]], with_score: bool = False) -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = {
        "indicator": pl.String,
        "region": pl.String,
        "series": pl.String,
        "status": pl.String,
    }
    if with_score:
        schema["score"] = pl.Float64
    return pl.DataFrame(rows, schema=schema, orient="row")
