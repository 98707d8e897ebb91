"""Observations in and out, without Django: readers, validation, series keys, writers.

Readers return a ``ReadResult``: a polars frame (``OBSERVATION_SCHEMA``) plus structured
``Problem``s (an import with problems writes nothing) and ``Skip``s (rows left out on
purpose, reported in the summary).
"""

from .detect import InputFormat, detect_format, read_observations
from .flags import FLAG_MEANINGS, parse_flags
from .genesis import GenesisMapping, parse_mapping, read_genesis
from .opensdg import file_id, indicator_code, read_opensdg
from .opensdg.write import write_opensdg
from .periods import Period, parse_period
from .problems import Problem, ProblemCode, ProblemLog, Skip, SkipCode
from .regions import GERMANY_ARS, land_geocode, region_ars
from .result import OBSERVATION_SCHEMA, ReadResult, empty_observations
from .series import normalise_series_key, parse_series_key, series_key
from .tidy import read_tidy
from .validate import unit_mismatches
from .write import write_sdmx_csv, write_tidy_csv, write_tidy_xlsx

__all__ = [
    "FLAG_MEANINGS",
    "GERMANY_ARS",
    "OBSERVATION_SCHEMA",
    "GenesisMapping",
    "InputFormat",
    "Period",
    "Problem",
    "ProblemCode",
    "ProblemLog",
    "ReadResult",
    "Skip",
    "SkipCode",
    "detect_format",
    "empty_observations",
    "file_id",
    "indicator_code",
    "land_geocode",
    "normalise_series_key",
    "parse_flags",
    "parse_mapping",
    "parse_period",
    "parse_series_key",
    "read_genesis",
    "read_observations",
    "read_opensdg",
    "read_tidy",
    "region_ars",
    "series_key",
    "unit_mismatches",
    "write_opensdg",
    "write_sdmx_csv",
    "write_tidy_csv",
    "write_tidy_xlsx",
]
