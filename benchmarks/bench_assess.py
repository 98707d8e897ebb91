"""Benchmark of the assessment engine on synthetic national data.

    uv run python benchmarks/bench_assess.py [--regions 11000 --indicators 100 --years 20]
                                             [--sample 2000] [--markdown]

Builds regions × indicators × years observations (default 22 million) with one target per
indicator, prepares the observation panel once, then times the DNS, Open SDG, Eurostat and
SDG Index computations on it. Beside them, the per-series loop implementation
(``zielwerk.core.assessment.reference``) runs on a random sample of series; its time is
extrapolated to all series and the ratio reported. Peak memory is the process's maximum
resident set size (``resource.getrusage``), which includes polars' native allocations.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from zielwerk.core.assessment import (
    assess_dns,
    assess_eurostat,
    assess_opensdg,
    build_panel,
    sdg_index,
)
from zielwerk.core.assessment.reference import (
    reference_dns,
    reference_eurostat,
    reference_opensdg,
)

FIRST_YEAR = 2005


def observations(regions: int, indicators: int, years: int, seed: int = 1) -> pl.DataFrame:
    """Random walks with a drift per series: one row per region, indicator and year."""
    rng = np.random.default_rng(seed)
    n_series = regions * indicators
    level = rng.uniform(20, 200, n_series)
    drift = rng.normal(0, 0.02, n_series)
    steps = rng.normal(0, 0.015, (n_series, years)) + drift[:, None]
    values = level[:, None] * np.exp(np.cumsum(steps, axis=1))
    codes = pl.Series([f"{i // 6 + 1}.{i % 6 + 1}.x{i}" for i in range(indicators)])
    names = pl.Series([f"{r:012d}" for r in range(regions)])
    series = np.arange(n_series)
    return pl.DataFrame(
        {
            "indicator": codes.gather(np.repeat(series % indicators, years)),
            "region": names.gather(np.repeat(series // indicators, years)),
            "series": pl.repeat("", n_series * years, eager=True),
            "year": np.tile(np.arange(FIRST_YEAR, FIRST_YEAR + years, dtype=np.int32), n_series),
            "value": values.ravel(),
        }
    )


def targets(indicators: pl.Series) -> pl.DataFrame:
    """One target per indicator, kinds in turn: year (2030), annual, direction."""
    rows = []
    for i, code in enumerate(indicators.to_list()):
        kind = ("year", "annual", "direction")[i % 3]
        rows.append(
            {
                "indicator": code,
                "kind": kind,
                "direction": "increase" if i % 2 else "decrease",
                "target_value": None if kind == "direction" else 60.0 + i,
                "target_year": 2030 if kind == "year" else None,
                "limit": 100.0 if i % 5 == 0 else None,
            }
        )
    return pl.DataFrame(rows, schema_overrides={"target_year": pl.Int32})


def codebook(indicators: pl.Series) -> pl.DataFrame:
    """Bounds and dashboard thresholds for every indicator, spread over 17 goals."""
    rows = []
    for i, code in enumerate(indicators.to_list()):
        best, worst = (250.0, 10.0) if i % 2 else (10.0, 250.0)
        span = best - worst
        rows.append(
            {
                "indicator": code,
                "goal": str(i % 17 + 1),
                "best": best,
                "worst": worst,
                "green": worst + 0.7 * span,
                "yellow": worst + 0.55 * span,
                "orange": worst + 0.4 * span,
            }
        )
    return pl.DataFrame(rows)


def peak_memory_mb() -> float:
    """Maximum resident set size so far, in MB."""
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 if sys.platform != "darwin" else usage / 1024 / 1024


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    """The result and the wall-clock seconds of one call."""
    gc.collect()
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def loop_comparison(
    obs: pl.DataFrame, goals: pl.DataFrame, sample: int, total: int
) -> list[dict[str, Any]]:
    """The per-series loop on ``sample`` series, extrapolated to ``total`` series."""
    keys = obs.select("indicator", "region").unique(maintain_order=True)
    chosen = keys.sample(n=min(sample, keys.height), seed=2)
    part = obs.join(chosen, on=["indicator", "region"])
    rows = []
    for name, loop, fast in (
        ("dns", reference_dns, assess_dns),
        ("opensdg", reference_opensdg, assess_opensdg),
        ("eurostat", reference_eurostat, assess_eurostat),
    ):
        slow, loop_seconds = timed(lambda loop=loop: loop(part, goals))
        quick = fast(part, goals).select("indicator", "region", "series", "status")
        agree = quick.equals(slow.select("indicator", "region", "series", "status"))
        rows.append(
            {
                "method": name,
                "sample": chosen.height,
                "seconds": loop_seconds,
                "extrapolated": loop_seconds * total / chosen.height,
                "agree": agree,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=11_000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--sample", type=int, default=2_000, help="series for the loop")
    args = parser.parse_args()

    obs, build = timed(lambda: observations(args.regions, args.indicators, args.years))
    indicator_codes = obs.get_column("indicator").unique(maintain_order=True)
    goals, book = targets(indicator_codes), codebook(indicator_codes)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"polars {pl.__version__}, {pl.thread_pool_size()} threads"
    )
    print(
        f"observations: {obs.height:,} ({args.regions:,} regions × {args.indicators} "
        f"indicators × {args.years} years), generated in {build:.1f} s, "
        f"{obs.estimated_size() / 1e6:,.0f} MB"
    )
    panel, prepare = timed(lambda: build_panel(obs))
    times = {"prepare (once, shared)": prepare}
    steps: dict[str, Callable[[], Any]] = {
        "dns": lambda: assess_dns(panel, goals),
        "opensdg": lambda: assess_opensdg(panel, goals),
        "eurostat (5 years)": lambda: assess_eurostat(panel, goals, horizon=5),
        "sdg index": lambda: sdg_index(panel, book),
    }
    for name, step in steps.items():
        _result, times[name] = timed(step)
    total = sum(times.values())
    print("\n| step | seconds |\n|---|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **total** | **{total:.2f}** |")
    print(f"\npeak memory (max RSS): {peak_memory_mb():,.0f} MB")

    n_series = panel.n_series
    rows = loop_comparison(obs, goals, args.sample, n_series)
    print(f"\nper-series loop on a sample, extrapolated to {n_series:,} series:\n")
    print(
        "| method | sample series | loop s (sample) | loop s (all, extrapolated) | "
        "vectorised s | ratio | same statuses |\n|---|---:|---:|---:|---:|---:|---|"
    )
    vector = {
        "dns": times["dns"],
        "opensdg": times["opensdg"],
        "eurostat": times["eurostat (5 years)"],
    }
    for row in rows:
        fast = vector[row["method"]] + prepare
        print(
            f"| {row['method']} | {row['sample']:,} | {row['seconds']:.2f} | "
            f"{row['extrapolated']:,.0f} | {fast:.2f} | {row['extrapolated'] / fast:,.0f}× | "
            f"{'yes' if row['agree'] else 'NO'} |"
        )
    print(
        "\n(vectorised s = the method plus the shared preparation, as a single call on a "
        "raw frame would cost)"
    )


if __name__ == "__main__":
    main()
