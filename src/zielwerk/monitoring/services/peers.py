"""``peers_refresh``: where every Kreis and Gemeinde stands among similar ones, stored.

Computed for all regions, indicators and years at once (``zielwerk.core.peers``) after
imports, never on a page view. ``PeerStanding`` keeps each region's latest year per series
(what the profile shows); ``PeerBand`` keeps the median and quartiles of each peer group for
every year (what the indicator view draws).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.db import transaction

from zielwerk.catalogue.models import Indicator
from zielwerk.core.peers import peer_bands, peer_standings
from zielwerk.regions.models import Region

from ..frames import observations_frame_of
from ..models import Observation, PeerBand, PeerStanding
from .bulk import insert_frame


@dataclass
class PeerSummary:
    indicators: int = 0
    standings: int = 0
    bands: int = 0


def _observations(indicator_ids: Sequence[int]) -> pl.DataFrame:
    found = Observation.objects.filter(indicator_id__in=indicator_ids, region__peer_type__gt="")
    columns = ("indicator_id", "region_id", "series", "year", "value")
    frame = observations_frame_of(found.order_by(), columns, chunk_size=50_000)
    return frame.rename({"indicator_id": "indicator", "region_id": "region"})


def _groups() -> pl.DataFrame:
    rows = Region.objects.exclude(peer_type="").values_list("id", "peer_type")
    return pl.DataFrame(list(rows), schema={"region": pl.Int64, "group": pl.String}, orient="row")


def peers_refresh(*, indicators: Sequence[str] = ()) -> PeerSummary:
    """Recompute standings and bands of ``indicators`` (all kit indicators when empty)."""
    queryset = Indicator.objects.all()
    if indicators:
        queryset = queryset.filter(code__in=indicators)
    else:
        queryset = queryset.filter(framework=Indicator.Framework.KIT)
    directions = dict(queryset.values_list("id", "direction"))
    ids = list(directions)
    observations = _observations(ids)
    groups = _groups()
    direction_frame = pl.DataFrame(
        {"indicator": list(directions), "direction": list(directions.values())},
        schema={"indicator": pl.Int64, "direction": pl.String},
    )
    standings = peer_standings(observations, groups, direction_frame).filter(
        pl.col("rank").is_not_null()
    )
    latest = standings.filter(
        pl.col("year") == pl.col("year").max().over("indicator", "region", "series")
    )
    bands = peer_bands(observations, groups)
    standing_rows = latest.select(
        pl.col("indicator").alias("indicator_id"),
        pl.col("region").alias("region_id"),
        "series",
        "year",
        "value",
        "group",
        "n",
        "rank",
        "percentile",
    )
    band_rows = bands.select(
        pl.col("indicator").alias("indicator_id"),
        "series",
        "year",
        "group",
        "n",
        "median",
        "q1",
        "q3",
        pl.col("min").alias("minimum"),
        pl.col("max").alias("maximum"),
    )
    with transaction.atomic():
        PeerStanding.objects.filter(indicator_id__in=ids).delete()
        PeerBand.objects.filter(indicator_id__in=ids).delete()
        insert_frame(PeerStanding, standing_rows)
        insert_frame(PeerBand, band_rows)
    return PeerSummary(indicators=len(ids), standings=latest.height, bands=bands.height)
