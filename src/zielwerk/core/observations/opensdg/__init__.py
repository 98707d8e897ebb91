"""Open SDG data repositories: read and write ``data/indicator_<id>.csv`` and ``meta/``."""

from .meta import file_id, indicator_code, parse_front_matter
from .read import read_opensdg

__all__ = ["file_id", "indicator_code", "parse_front_matter", "read_opensdg"]
