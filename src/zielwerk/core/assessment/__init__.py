"""Assessment methods: DNS weather symbols, Open SDG progress, Eurostat trends, SDG Index.

Every method is vectorised over all series at once (polars) and returns status *codes* with
the numbers they were computed from, so a result can be reproduced by hand. Methods accept an
observation frame (``indicator, region, series, year, value``) or a :class:`Panel` built once
with :func:`build_panel` and shared between methods. Formulas: docs/methods/.
"""

from __future__ import annotations

from .codebook import parse_codebook, read_codebook
from .dashboard import GOAL_COLOUR_RULES, GoalColourRule
from .dns import assess_dns
from .eurostat import assess_eurostat
from .index import SdgIndex, sdg_index
from .matching import normalise_targets
from .methods import METHODS, Method, assess
from .opensdg import assess_opensdg, opensdg_indicators
from .panel import DuplicateObservationError, Panel, build_panel

__all__ = [
    "GOAL_COLOUR_RULES",
    "METHODS",
    "DuplicateObservationError",
    "GoalColourRule",
    "Method",
    "Panel",
    "SdgIndex",
    "assess",
    "assess_dns",
    "assess_eurostat",
    "assess_opensdg",
    "build_panel",
    "normalise_targets",
    "opensdg_indicators",
    "parse_codebook",
    "read_codebook",
    "sdg_index",
]
