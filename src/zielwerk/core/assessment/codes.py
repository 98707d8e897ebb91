"""Status codes of the assessment methods (ARCHITECTURE.md, "Stable command-line contracts").

The core returns codes only; the web layer translates them into words and symbols.
"""

from __future__ import annotations

from typing import Final

# DNS weather symbols, best first.
SUN: Final = "sun"
SUN_CLOUD: Final = "sun_cloud"
CLOUD: Final = "cloud"
THUNDERSTORM: Final = "thunderstorm"
NOT_ASSESSED: Final = "not_assessed"
DNS_STATUSES: Final = (SUN, SUN_CLOUD, CLOUD, THUNDERSTORM, NOT_ASSESSED)

# Open SDG progress statuses, best first.
TARGET_ACHIEVED: Final = "target_achieved"
SUBSTANTIAL_PROGRESS: Final = "substantial_progress"
MODERATE_PROGRESS: Final = "moderate_progress"
LIMITED_PROGRESS: Final = "limited_progress"
DETERIORATION: Final = "deterioration"
NOT_AVAILABLE: Final = "not_available"
OPENSDG_STATUSES: Final = (
    TARGET_ACHIEVED,
    SUBSTANTIAL_PROGRESS,
    MODERATE_PROGRESS,
    LIMITED_PROGRESS,
    DETERIORATION,
    NOT_AVAILABLE,
)

# Eurostat trend categories, best first (with and without a quantitative target).
SIGNIFICANT_PROGRESS: Final = "significant_progress"
MODERATE_PROGRESS_EU: Final = "moderate_progress"
INSUFFICIENT_PROGRESS: Final = "insufficient_progress"
MOVEMENT_AWAY: Final = "movement_away"
MODERATE_MOVEMENT_AWAY: Final = "moderate_movement_away"
SIGNIFICANT_MOVEMENT_AWAY: Final = "significant_movement_away"
EUROSTAT_STATUSES: Final = (
    SIGNIFICANT_PROGRESS,
    MODERATE_PROGRESS_EU,
    INSUFFICIENT_PROGRESS,
    MOVEMENT_AWAY,
    MODERATE_MOVEMENT_AWAY,
    SIGNIFICANT_MOVEMENT_AWAY,
    NOT_ASSESSED,
)

# SDG Index dashboard colours and trend arrows, best first.
GREEN: Final = "green"
YELLOW: Final = "yellow"
ORANGE: Final = "orange"
RED: Final = "red"
GREY: Final = "grey"
COLOURS: Final = (GREEN, YELLOW, ORANGE, RED, GREY)
ON_TRACK: Final = "on_track"
MODERATELY_IMPROVING: Final = "moderately_improving"
STAGNATING: Final = "stagnating"
DECREASING: Final = "decreasing"
TRENDS: Final = (ON_TRACK, MODERATELY_IMPROVING, STAGNATING, DECREASING)

# Why a series got no regular result (column ``note``).
TOO_FEW_VALUES: Final = "too_few_values"
NO_BASE_YEAR: Final = "no_data_from_base_year"
TOO_SHORT: Final = "period_too_short"
SIGN_CHANGE: Final = "sign_change"
NON_POSITIVE: Final = "non_positive_value"
TARGET_YEAR_NOT_AFTER_BASE: Final = "target_year_not_after_base"
NO_REQUIRED_GROWTH: Final = "required_growth_zero"
TARGET_MET: Final = "target_met"
TARGET_LOST: Final = "target_lost"
