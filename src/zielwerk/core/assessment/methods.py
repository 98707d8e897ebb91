"""One entry point for the series methods, as the ``zielwerk assess`` command offers them."""

from __future__ import annotations

from typing import Literal

import polars as pl

from .dns import assess_dns
from .eurostat import Horizon, assess_eurostat
from .matching import Targets
from .opensdg import assess_opensdg
from .panel import Panel

Method = Literal["dns", "opensdg", "eurostat"]
METHODS: tuple[Method, ...] = ("dns", "opensdg", "eurostat")


def assess(
    method: Method,
    observations: pl.DataFrame | Panel,
    targets: Targets,
    *,
    as_of: int | None = None,
    horizon: Horizon = 5,
) -> pl.DataFrame:
    """Assess every series with a target by ``method`` (``dns``, ``opensdg``, ``eurostat``).

    >>> obs = pl.DataFrame({"indicator": "x", "year": [2018, 2019, 2020, 2021],
    ...                     "value": [1.0, 2.0, 3.0, 4.0]})
    >>> targets = pl.DataFrame({"indicator": ["x"], "kind": ["direction"],
    ...                         "direction": ["increase"]})
    >>> assess("dns", obs, targets).get_column("status").to_list()
    ['sun']
    """
    if method == "dns":
        return assess_dns(observations, targets, as_of=as_of)
    if method == "opensdg":
        return assess_opensdg(observations, targets, as_of=as_of)
    if method == "eurostat":
        return assess_eurostat(observations, targets, as_of=as_of, horizon=horizon)
    raise ValueError(f"unknown method {method!r}; one of {', '.join(METHODS)}")
