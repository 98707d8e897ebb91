"""Twin-town pairs matched to German municipalities by name *and* coordinates.

The source is a Wikidata extract (``germany-sister-cities-wikidata-2017.tsv``: one row per
pair, columns ``origincityLabel``, ``originlat``, ``originlong``, ``sistercityLabel``,
``destinationlat``, ``destinationlong``, ``destination_countryLabel`` …). Labels are
Wikidata's English labels, so "Munich" and "Cologne" stand beside "Bad Kötzting".

Rules (docs/hub-data.md):

1. Names are compared as keys: ``fold_name`` of the name, of the name without a trailing
   qualifier ("Friedberg (Hessen)" → "friedberg", "Köln, Stadt" → "koeln") and with
   "b." spelled "bei"; an English label is first replaced by its German name
   (``EXONYMS``).
2. Candidates are the municipalities passed in (Gemeinden, kreisfreie Städte, the city
   states) that share a key with the row.
3. The candidate within ``threshold_km`` (haversine, default 15 km) of the Wikidata
   coordinates is the match; none within → unmatched (the nearest candidate and its
   distance as evidence); several within → ambiguous (all listed). Never guessed.
4. The partner abroad keeps its name, country and coordinates as given.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polars as pl

from zielwerk.core.regions.codes import fold_name
from zielwerk.core.regions.maps import polygon_rings

THRESHOLD_KM = 15.0
"""Largest distance between the Wikidata point and a region's centroid for a match. The
centroid of a large Gemeinde lies up to ~10 km from its town centre (Wikidata's point)."""
EARTH_RADIUS_KM = 6371.0088

EXONYMS: Mapping[str, str] = {
    "munich": "München",
    "cologne": "Köln",
    "nuremberg": "Nürnberg",
    "hanover": "Hannover",
    "brunswick": "Braunschweig",
    "frankfurt": "Frankfurt am Main",
    "hamelin": "Hameln",
}
"""Wikidata's English labels of German municipalities that differ from the German name
(folded English label → German name). Only names seen in the source belong here."""

ORIGIN_COLUMNS = ("origincityLabel", "originlat", "originlong")
PARTNER_COLUMNS = (
    "sistercityLabel",
    "destinationlat",
    "destinationlong",
    "destination_countryLabel",
)
REGION_COLUMNS = ("ars", "name", "level", "lat", "lon")

_QUALIFIER = re.compile(r"\s*[(,/].*$")
_LOCATING = re.compile(
    r"\s+(?:an der|an|am|auf der|in der|in|im|ob der|vor der|bei|b\.|a\.|i\.|v\.)(?:\s|$)"
    r"|\s+[aiv]\."
)
_SAINT = re.compile(r"\bst\. ?")
_TITLES = re.compile(r"^lutherstadt ")


class UnmatchedReason(StrEnum):
    """Why a row has no ARS."""

    NO_CANDIDATE = "no_candidate"  # no municipality of that name
    TOO_FAR = "too_far"  # candidates, none within the threshold
    AMBIGUOUS = "ambiguous"  # several within the threshold
    NO_COORDINATES = "no_coordinates"  # the row has no usable origin coordinates


@dataclass(frozen=True)
class Candidate:
    """A municipality of the row's name and its distance from the row's point."""

    ars: str
    name: str
    distance_km: float


@dataclass(frozen=True)
class MatchedPair:
    """A pair with its German side resolved to an ARS; the partner as given."""

    ars: str
    origin_name: str
    partner_name: str
    country: str
    lat: float | None
    lon: float | None
    distance_km: float
    row: int
    """Index of the row in the pairs table (0-based; the TSV line is ``row + 2``)."""


@dataclass(frozen=True)
class Unmatched:
    """A pair left without ARS, with the evidence (candidates sorted by distance)."""

    reason: UnmatchedReason
    row: int
    origin_name: str
    partner_name: str
    evidence: tuple[Candidate, ...]


@dataclass(frozen=True)
class PartnershipMatch:
    """The outcome of ``partnerships_match``: every row is in exactly one list."""

    matched: tuple[MatchedPair, ...]
    unmatched: tuple[Unmatched, ...]

    def counts(self) -> dict[str, int]:
        """Rows per outcome: ``matched`` and one entry per ``UnmatchedReason``."""
        result = {"matched": len(self.matched)} | {r.value: 0 for r in UnmatchedReason}
        for item in self.unmatched:
            result[item.reason.value] += 1
        return result


def name_keys(name: str) -> list[str]:
    """The keys a municipality's name is found by (rule 1): the folded name, the name
    before a qualifier in brackets, after a comma or a slash, and the name before a
    locating phrase ("an der", "a.d.", "i.d.", "bei" …); "St." is read as "Sankt" and the
    title "Lutherstadt" dropped.

    >>> name_keys("Friedberg (Hessen)")
    ['friedberg (hessen)', 'friedberg']
    >>> name_keys("Weiden i.d. OPf."), name_keys("Weiden in der Oberpfalz")
    (['weiden i.d. opf.', 'weiden'], ['weiden in der oberpfalz', 'weiden'])
    >>> name_keys("Cologne"), name_keys("St. Ingbert")
    (['koeln'], ['sankt ingbert'])
    """
    folded = fold_name(name)
    folded = fold_name(EXONYMS.get(folded, folded))
    folded = _TITLES.sub("", _SAINT.sub("sankt ", folded))
    base = _QUALIFIER.sub("", folded)
    keys = [folded, base, _LOCATING.split(base, maxsplit=1)[0]]
    return [key for i, key in enumerate(keys) if key and key not in keys[:i]]


def _keyed(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """One row per (row, key): the name's keys exploded (computed once per distinct name)."""
    names = frame[name].drop_nulls().unique().to_list()
    table = pl.DataFrame(
        {name: names, "key": [name_keys(n) for n in names]},
        schema={name: pl.String, "key": pl.List(pl.String)},
    )
    return frame.join(table, on=name).explode("key").drop_nulls("key")


def _haversine(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Great-circle distance in km (the haversine formula)."""
    p1, p2 = lat1.radians(), lat2.radians()
    dlat, dlon = p2 - p1, (lon2 - lon1).radians()
    a = (dlat / 2).sin() ** 2 + p1.cos() * p2.cos() * (dlon / 2).sin() ** 2
    return 2 * EARTH_RADIUS_KM * a.sqrt().arcsin()


def _candidates(pairs: pl.DataFrame, regions: pl.DataFrame) -> pl.DataFrame:
    """Every (row, candidate) with the same key, with its distance, nearest first."""
    rows = _keyed(
        pairs.select("row", "origincityLabel", "originlat", "originlong"), "origincityLabel"
    )
    places = _keyed(regions.select("ars", "name", "lat", "lon"), "name")
    joined = rows.join(places, on="key").unique(["row", "ars"])
    distance = _haversine(pl.col("originlat"), pl.col("originlong"), pl.col("lat"), pl.col("lon"))
    return joined.with_columns(distance_km=distance).sort("row", "distance_km", "ars")


def _float(value: Any) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def partnerships_match(
    pairs: pl.DataFrame, regions: pl.DataFrame, *, threshold_km: float = THRESHOLD_KM
) -> PartnershipMatch:
    """Match each pair's German city to one municipality (rules in the module docstring).

    ``pairs`` has the columns of the Wikidata extract (coordinates as floats);
    ``regions`` has ``ars``, ``name``, ``level``, ``lat``, ``lon`` — the municipalities
    that may be matched (the caller chooses them; see ``municipalities``).

    >>> regions = pl.DataFrame({"ars": ["064400008008", "097710130130"],
    ...     "name": ["Friedberg (Hessen)", "Friedberg"], "level": ["gemeinde"] * 2,
    ...     "lat": [50.33, 48.35], "lon": [8.76, 10.98]})
    >>> pairs = pl.DataFrame({"origincityLabel": ["Friedberg"], "originlat": [50.335],
    ...     "originlong": [8.755], "sistercityLabel": ["Bishop's Stortford"],
    ...     "destinationlat": [51.87], "destinationlong": [0.16],
    ...     "destination_countryLabel": ["United Kingdom"]})
    >>> result = partnerships_match(pairs, regions)
    >>> result.matched[0].ars, result.counts()["matched"]
    ('064400008008', 1)
    """
    pairs = pairs.with_row_index("row").with_columns(
        pl.col("row").cast(pl.Int64),
        pl.col("originlat", "originlong", "destinationlat", "destinationlong").cast(pl.Float64),
    )
    regions = regions.select(REGION_COLUMNS).with_columns(pl.col("lat", "lon").cast(pl.Float64))
    candidates = _candidates(pairs.drop_nulls(["originlat", "originlong"]), regions)
    within = candidates.filter(pl.col("distance_km") <= threshold_km)
    counted = within.group_by("row").agg(pl.len().alias("n_within"))
    evidence: dict[int, list[Candidate]] = {}
    for row, ars, name, distance in candidates.select(
        "row", "ars", "name", "distance_km"
    ).iter_rows():
        evidence.setdefault(row, []).append(Candidate(ars, name, round(distance, 2)))
    summary = pairs.join(counted, on="row", how="left").sort("row")
    matched: list[MatchedPair] = []
    unmatched: list[Unmatched] = []
    for record in summary.iter_rows(named=True):
        found = evidence.get(record["row"], [])
        outcome = _outcome(record, found)
        if isinstance(outcome, UnmatchedReason):
            shown = (
                found[: record["n_within"]] if outcome is UnmatchedReason.AMBIGUOUS else found[:1]
            )
            unmatched.append(
                Unmatched(
                    outcome,
                    record["row"],
                    record["origincityLabel"],
                    record["sistercityLabel"],
                    tuple(shown),
                )
            )
        else:
            matched.append(_matched(record, outcome))
    return PartnershipMatch(tuple(matched), tuple(unmatched))


def _outcome(record: Mapping[str, Any], found: list[Candidate]) -> UnmatchedReason | Candidate:
    if record["originlat"] is None or record["originlong"] is None:
        return UnmatchedReason.NO_COORDINATES
    if not found:
        return UnmatchedReason.NO_CANDIDATE
    if record["n_within"] is None:
        return UnmatchedReason.TOO_FAR
    if record["n_within"] > 1:
        return UnmatchedReason.AMBIGUOUS
    return found[0]


def _matched(record: Mapping[str, Any], candidate: Candidate) -> MatchedPair:
    return MatchedPair(
        ars=candidate.ars,
        origin_name=record["origincityLabel"],
        partner_name=record["sistercityLabel"],
        country=record["destination_countryLabel"] or "",
        lat=_float(record["destinationlat"]),
        lon=_float(record["destinationlong"]),
        distance_km=candidate.distance_km,
        row=record["row"],
    )


# -- region points ---------------------------------------------------------------------


def centroid(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid ``(lat, lon)`` of a Polygon or MultiPolygon (planar formula
    in degrees: at the size of a German municipality the error is metres; holes subtract).

    >>> square = [[[8, 50], [10, 50], [10, 52], [8, 52], [8, 50]]]
    >>> centroid({"type": "Polygon", "coordinates": square})
    (51.0, 9.0)
    """
    area = cx = cy = 0.0
    for ring in polygon_rings(geometry):
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if area == 0:
        raise ValueError("degenerate geometry")
    return round(cy / (3 * area), 5), round(cx / (3 * area), 5)


def municipalities(rows: pl.DataFrame, features: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """The regions table for ``partnerships_match``: Gemeinden, kreisfreie Städte and the
    city states (Berlin, Hamburg) from ``rows`` (``ars``, ``name``, ``kind``, ``level`` as
    in the bundled ``regions.csv``), located by the centroids of ``features`` (GeoJSON
    features with ``properties.ars``). Rows without an outline are left out.
    """
    points = [(f["properties"]["ars"], *centroid(f["geometry"])) for f in features]
    located = pl.DataFrame(points, schema=["ars", "lat", "lon"], orient="row")
    chosen = rows.filter(
        ((pl.col("level") == "gemeinde") & (pl.col("kind") != "Gemeindefreies Gebiet"))
        | pl.col("kind").is_in(["Kreisfreie Stadt", "Stadtkreis"])
        | ((pl.col("level") == "land") & pl.col("name").is_in(["Berlin", "Hamburg"]))
    )
    return chosen.join(located, on="ars").select(REGION_COLUMNS).sort("ars")
