"""Loading the Wikidata twin-town pairs into ``Partnership`` (``zielwerk load_partnerships``).

The German side of each pair is resolved to an ARS by ``zielwerk.core.partnerships`` (name
*and* coordinates; never guessed). The load is all-or-nothing (one transaction), idempotent
(a second run changes nothing) and keeps one partnership per (ARS, partner name, country).
Rows left without ARS are written with their reason and evidence to a CSV report.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.partnerships import (
    ORIGIN_COLUMNS,
    PARTNER_COLUMNS,
    MatchedPair,
    PartnershipMatch,
    Unmatched,
    municipalities,
    partnerships_match,
)
from zielwerk.regions.models import Region, RegionOutline

from .models import Partnership

SOURCE = "Wikidata (2017), germany-sister-cities-wikidata-2017.tsv"
REQUIRED = ("origincityLabel", "sistercityLabel", "destination_countryLabel")
COORDINATES = ("originlat", "originlong", "destinationlat", "destinationlong")
GERMANY = "Germany"
REPORT_COLUMNS = ("line", "reason", "origin", "partner", "country", "evidence")


class PartnershipFileError(ValueError):
    """The file cannot be loaded; ``line`` and ``field`` name the place (line 1 = header)."""

    def __init__(self, message: str, *, line: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.field = field


@dataclass(frozen=True)
class PartnershipLoad:
    """What a load did: rows per outcome of the matcher, and what changed in the database."""

    counts: dict[str, int]
    rows: int
    created: int
    updated: int
    unchanged: int
    duplicates: int
    report: Path

    @property
    def matched(self) -> int:
        return self.counts["matched"]

    @property
    def ambiguous(self) -> int:
        return self.counts["ambiguous"]

    @property
    def unmatched(self) -> int:
        return self.rows - self.matched - self.ambiguous


def partnership_pairs_read(*, path: Path) -> pl.DataFrame:
    """The pairs table of the TSV, checked: the columns the matcher needs, non-empty names
    and country, coordinates that are numbers. A bad row raises ``PartnershipFileError``."""
    try:
        frame = pl.read_csv(path, separator="\t", quote_char=None, infer_schema_length=0)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise PartnershipFileError(
            _("Die Datei %(file)s ist keine lesbare TSV-Datei: %(detail)s")
            % {"file": path.name, "detail": error}
        ) from error
    missing = [c for c in (*ORIGIN_COLUMNS, *PARTNER_COLUMNS) if c not in frame.columns]
    if missing:
        raise PartnershipFileError(
            _("In %(file)s fehlt die Spalte %(field)s.") % {"file": path.name, "field": missing[0]},
            line=1,
            field=missing[0],
        )
    for field in REQUIRED:
        _refuse_first(frame, path, field, frame[field].str.strip_chars().fill_null("") == "")
    for field in COORDINATES:
        number = frame[field].cast(pl.Float64, strict=False)
        _refuse_first(frame, path, field, frame[field].is_not_null() & number.is_null())
        frame = frame.with_columns(number.alias(field))
    return frame


def _refuse_first(frame: pl.DataFrame, path: Path, field: str, bad: pl.Series) -> None:
    rows = bad.arg_true()
    if rows.len():
        row = int(rows[0])
        value = frame[field][row]
        raise PartnershipFileError(
            _("%(file)s, Zeile %(line)s, Spalte %(field)s: ungültiger Wert „%(value)s“.")
            % {"file": path.name, "line": row + 2, "field": field, "value": value or ""},
            line=row + 2,
            field=field,
        )


def municipality_table() -> pl.DataFrame:
    """The matcher's regions table from the database: Gemeinden, kreisfreie Städte and the
    city states, located by the centroids of their stored outlines."""
    regions = Region.objects.filter(
        country="DE", level__in=[Region.Level.GEMEINDE, Region.Level.KREIS, Region.Level.LAND]
    )
    rows = pl.DataFrame(
        list(regions.values("ars", "name", "kind", "level")),
        schema={"ars": pl.String, "name": pl.String, "kind": pl.String, "level": pl.String},
    )
    outlines = RegionOutline.objects.filter(region__in=regions).values_list(
        "region__ars", "geojson"
    )
    features = [{"properties": {"ars": ars}, "geometry": json.loads(g)} for ars, g in outlines]
    return municipalities(rows, features)


def _partners_in_germany(pairs: pl.DataFrame, regions: pl.DataFrame) -> dict[int, str]:
    """Row → ARS of the partner, for partners in Germany matched by the same rules."""
    german = pairs.with_row_index("source_row").filter(
        pl.col("destination_countryLabel") == GERMANY
    )
    swapped = german.select(
        "source_row",
        pl.col("sistercityLabel").alias("origincityLabel"),
        pl.col("destinationlat").alias("originlat"),
        pl.col("destinationlong").alias("originlong"),
        pl.col("origincityLabel").alias("sistercityLabel"),
        "destinationlat",
        "destinationlong",
        "destination_countryLabel",
    )
    found = partnerships_match(swapped.drop("source_row"), regions)
    source_rows = swapped["source_row"].to_list()
    return {int(source_rows[m.row]): m.ars for m in found.matched}


def _report_write(path: Path, pairs: pl.DataFrame, unmatched: tuple[Unmatched, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    countries = pairs["destination_countryLabel"].to_list()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for item in unmatched:
            evidence = "; ".join(f"{c.ars} {c.name} {c.distance_km:.2f} km" for c in item.evidence)
            writer.writerow(
                (
                    item.row + 2,
                    item.reason.value,
                    item.origin_name,
                    item.partner_name,
                    countries[item.row],
                    evidence,
                )
            )


def _wanted(
    matched: tuple[MatchedPair, ...], partners: dict[int, str], region_ids: dict[str, int]
) -> tuple[dict[tuple[int, str, str], dict[str, object]], int]:
    """One record per (region, partner, country): the first row wins; duplicates counted."""
    wanted: dict[tuple[int, str, str], dict[str, object]] = {}
    duplicates = 0
    for pair in matched:
        key = (region_ids[pair.ars], pair.partner_name, pair.country)
        if key in wanted:
            duplicates += 1
            continue
        partner_ars = partners.get(pair.row)
        wanted[key] = {
            "partner_lat": pair.lat,
            "partner_lon": pair.lon,
            "partner_region_id": region_ids.get(partner_ars) if partner_ars else None,
        }
    return wanted, duplicates


def partnerships_load(
    *, path: Path, report: Path, source: str = SOURCE, regions: pl.DataFrame | None = None
) -> PartnershipLoad:
    """Load the twin-town pairs of ``path`` (all-or-nothing, idempotent); write the rows
    without ARS (reason, evidence) to ``report``. Raises ``PartnershipFileError``."""
    pairs = partnership_pairs_read(path=path)
    table = municipality_table() if regions is None else regions
    result: PartnershipMatch = partnerships_match(pairs, table)
    partners = _partners_in_germany(pairs, table)
    region_ids = dict(
        Region.objects.filter(ars__in=table["ars"].to_list()).values_list("ars", "pk")
    )
    wanted, duplicates = _wanted(result.matched, partners, region_ids)
    fields = ("partner_lat", "partner_lon", "partner_region_id")
    with transaction.atomic():
        existing = {
            (p.region_id, p.partner_name, p.partner_country): p for p in Partnership.objects.all()
        }
        new, changed = [], []
        for (region_id, name, country), values in wanted.items():
            found = existing.get((region_id, name, country))
            if found is None:
                new.append(
                    Partnership(
                        region_id=region_id,
                        partner_name=name,
                        partner_country=country,
                        source=source,
                        **values,
                    )
                )
            elif found.source == source and any(getattr(found, f) != values[f] for f in fields):
                # a record of another source (entered by hand) is kept as it is
                for f in fields:
                    setattr(found, f, values[f])
                changed.append(found)
        Partnership.objects.bulk_create(new, batch_size=500)
        Partnership.objects.bulk_update(changed, fields, batch_size=500)
    _report_write(report, pairs, result.unmatched)
    return PartnershipLoad(
        counts=result.counts(),
        rows=pairs.height,
        created=len(new),
        updated=len(changed),
        unchanged=len(wanted) - len(new) - len(changed),
        duplicates=duplicates,
        report=report,
    )


def partnership_create(*, region: Region, user: Any, data: dict[str, Any]) -> Partnership:
    """A partnership entered by hand, attributed to ``user`` (the caller checked the
    permission ``hub.change_partnership`` on ``region``)."""
    return Partnership.objects.create(region=region, created_by=user, **data)
