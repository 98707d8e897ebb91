"""Benchmark of peer standings and bands on a synthetic frame shaped like the municipal kit.

    uv run python benchmarks/bench_peers.py [--indicators 65 --gemeinde-indicators 25
                                             --gemeinden 10888 --kreise 400 --years 20]

Every indicator has values for all Kreise, the first ``--gemeinde-indicators`` also for all
Gemeinden, every year (default: 65 × 400 + 25 × 10,888 series × 20 years ≈ 6 million rows).
Gemeinden fall into 7 peer types and Kreise into 4 with the real type shares; a few percent of
values are missing. ``peer_standings`` and ``peer_bands`` run once over everything. Peak memory
is the process's maximum resident set size (``resource.getrusage``), polars' native allocations
included.
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

from zielwerk.core.peers import peer_bands, peer_standings

FIRST_YEAR = 2003
# Counts per type in src/zielwerk/data/municipal/region_types.csv (typed Gemeinden, Kreise).
GEMEINDE_SHARES = {"gt1": 14, "gt2": 66, "gt3": 113, "gt4": 505, "gt5": 904, "gt6": 2365}
GEMEINDE_SHARES["gt7"] = 6819
KREIS_SHARES = {"kt1": 67, "kt2": 132, "kt3": 101, "kt4": 100}


def groups(gemeinden: int, kreise: int, seed: int = 1) -> pl.DataFrame:
    """One peer type per region, drawn with the real type shares."""
    rng = np.random.default_rng(seed)
    frames = []
    for prefix, count, shares in (("g", gemeinden, GEMEINDE_SHARES), ("k", kreise, KREIS_SHARES)):
        weights = np.array(list(shares.values()), dtype=float)
        drawn = rng.choice(list(shares), size=count, p=weights / weights.sum())
        frames.append(
            pl.DataFrame({"region": [f"{prefix}{i:011d}" for i in range(count)], "group": drawn})
        )
    return pl.concat(frames)


def observations(
    indicators: int,
    gemeinde_indicators: int,
    gemeinden: int,
    kreise: int,
    years: int,
    seed: int = 2,
) -> pl.DataFrame:
    """One row per indicator, region and year; 3 % of the values missing."""
    rng = np.random.default_rng(seed)
    codes = [f"{i // 6 + 1}.{i % 6 + 1}.x{i}" for i in range(indicators)]
    parts = []
    for prefix, count, used in (("k", kreise, indicators), ("g", gemeinden, gemeinde_indicators)):
        names = pl.Series([f"{prefix}{i:011d}" for i in range(count)])
        n_series = count * used
        parts.append(
            pl.DataFrame(
                {
                    "indicator": pl.Series(codes[:used]).gather(
                        np.repeat(np.arange(n_series) % used, years)
                    ),
                    "region": names.gather(np.repeat(np.arange(n_series) // used, years)),
                    "year": np.tile(
                        np.arange(FIRST_YEAR, FIRST_YEAR + years, dtype=np.int32), n_series
                    ),
                }
            )
        )
    frame = pl.concat(parts)
    values = np.round(rng.lognormal(3, 1, frame.height), 1)  # rounded: ties as in real data
    values[rng.random(frame.height) < 0.03] = np.nan
    return frame.with_columns(series=pl.lit(""), value=pl.Series(values).fill_nan(None))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=65)
    parser.add_argument("--gemeinde-indicators", type=int, default=25)
    parser.add_argument("--gemeinden", type=int, default=10_888)
    parser.add_argument("--kreise", type=int, default=400)
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()

    peers = groups(args.gemeinden, args.kreise)
    obs, build = timed(
        lambda: observations(
            args.indicators, args.gemeinde_indicators, args.gemeinden, args.kreise, args.years
        )
    )
    directions = pl.DataFrame(
        {
            "indicator": obs.get_column("indicator").unique(maintain_order=True),
        }
    ).with_columns(
        direction=pl.when(pl.int_range(pl.len()) % 3 == 0)
        .then(pl.lit("decrease"))
        .otherwise(pl.lit("increase"))
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"polars {pl.__version__}, {pl.thread_pool_size()} threads"
    )
    print(
        f"observations: {obs.height:,} ({args.indicators} indicators × {args.kreise:,} Kreise + "
        f"{args.gemeinde_indicators} × {args.gemeinden:,} Gemeinden × {args.years} years), "
        f"generated in {build:.1f} s, {obs.estimated_size() / 1e6:,.0f} MB"
    )
    standings, standing_seconds = timed(lambda: peer_standings(obs, peers, directions))
    bands, band_seconds = timed(lambda: peer_bands(obs, peers))
    print("\n| step | rows out | seconds |\n|---|---:|---:|")
    print(f"| peer_standings | {standings.height:,} | {standing_seconds:.2f} |")
    print(f"| peer_bands | {bands.height:,} | {band_seconds:.2f} |")
    print(f"| **total** | | **{standing_seconds + band_seconds:.2f}** |")
    print(f"\npeak memory (max RSS): {peak_memory_mb():,.0f} MB")


if __name__ == "__main__":
    main()
