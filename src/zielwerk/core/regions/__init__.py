"""German regions: official codes (ARS, AGS, Open SDG GeoCodes), hierarchy and outline maps.

Pure Python; the Django app ``zielwerk.regions`` stores and serves what is computed here.
"""

from zielwerk.core.regions.codes import (
    BUND_AGS,
    BUND_ARS,
    LEVEL_RANK,
    Level,
    RegionCode,
    RegionCodeError,
    RegionProblem,
    ags_from_ars,
    ancestors,
    ars_from_ags,
    ars_from_geocode,
    fold_name,
    land_ars_from_geocode,
    level_of_ars,
    parent_ars,
    parse_ars,
    validate_ags,
    validate_ars,
)
from zielwerk.core.regions.maps import MapShape, bounds, outline_svg, polygon_rings

__all__ = [
    "BUND_AGS",
    "BUND_ARS",
    "LEVEL_RANK",
    "Level",
    "MapShape",
    "RegionCode",
    "RegionCodeError",
    "RegionProblem",
    "ags_from_ars",
    "ancestors",
    "ars_from_ags",
    "ars_from_geocode",
    "bounds",
    "fold_name",
    "land_ars_from_geocode",
    "level_of_ars",
    "outline_svg",
    "parent_ars",
    "parse_ars",
    "polygon_rings",
    "validate_ags",
    "validate_ars",
]
