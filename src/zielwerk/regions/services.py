"""Loading the bundled region directory (package data) into the database."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import zielwerk
from zielwerk.core.regions import Level, RegionCodeError, fold_name, level_of_ars, validate_ags
from zielwerk.core.regions.abroad import abroad_key
from zielwerk.messages import region_code_text
from zielwerk.regions.models import Region, RegionOutline

PACKAGE_DATA_DIR = Path(zielwerk.__file__).resolve().parent / "data" / "regions"
OUTLINE_FILES = (
    "bund.geojson",
    "laender.geojson",
    "regierungsbezirke.geojson",
    "kreise.geojson",
    "gemeinden.geojson",
)
REGION_FIELDS = ("ags", "name", "name_folded", "kind", "level", "parent_id", "population",
                 "area_ha", "nuts", "peer_type", "size_class", "central_function")  # fmt: skip
TYPES_FILE = "region_types.csv"
"""BBSR settlement-structure types (scripts/build_peer_types.py), beside the municipal data."""
BATCH = 500


@dataclass(frozen=True)
class LoadSummary:
    """Counts of what a load did; a repeated load has only unchanged rows."""

    created: int
    updated: int
    unchanged: int
    outlines_created: int
    outlines_updated: int
    outlines_unchanged: int
    not_in_data: int


def _optional_int(text: str) -> int | None:
    return int(text) if text else None


def read_region_types(path: Path) -> dict[str, dict[str, str]]:
    """ARS → peer type, size class and central function, for the region's own level.

    A kreisfreie Stadt is stored once, as a Kreis, and compared with Kreise; Berlin and
    Hamburg (stored as Länder) likewise take their Kreis type.
    """
    if not path.exists():
        return {}
    types: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "kreis" or row["ars"] not in types:
                types[row["ars"]] = {
                    "peer_type": row["peer_type"],
                    "size_class": row["size_class"],
                    "central_function": row["central_function"],
                }
    return types


def read_region_table(data_dir: Path) -> list[dict[str, Any]]:
    """Rows of regions.csv, validated and typed, parents before children."""
    types = read_region_types(data_dir.parent / "municipal" / TYPES_FILE)
    empty = {"peer_type": "", "size_class": "", "central_function": ""}
    rows = []
    with (data_dir / "regions.csv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                level = level_of_ars(row["ars"])
                validate_ags(row["ags"])
            except RegionCodeError as exc:
                place = _("regions.csv, Zeile %(line)s") % {"line": line}
                raise ValueError(f"{place}: {region_code_text(exc)}") from exc
            if level.value != row["level"]:
                place = _("regions.csv, Zeile %(line)s") % {"line": line}
                raise ValueError(place + ": " + _("Ebene passt nicht zum ARS"))
            rows.append({
                "ars": row["ars"], "ags": row["ags"], "name": row["name"],
                "name_folded": fold_name(row["name"]), "kind": row["kind"],
                "level": row["level"], "parent_ars": row["parent_ars"] or None,
                "population": _optional_int(row["population"]),
                "area_ha": _optional_int(row["area_ha"]), "nuts": row["nuts"],
                **types.get(row["ars"], empty),
            })  # fmt: skip
    rank = {level.value: index for index, level in enumerate(Level)}
    return sorted(rows, key=lambda r: (rank[r["level"]], r["ars"]))


def read_outlines(data_dir: Path) -> dict[str, str]:
    """ARS → compact GeoJSON geometry text, from the per-level FeatureCollections."""
    outlines: dict[str, str] = {}
    for filename in OUTLINE_FILES:
        with (data_dir / filename).open(encoding="utf-8") as handle:
            for feature in json.load(handle)["features"]:
                geometry = json.dumps(feature["geometry"], separators=(",", ":"))
                outlines[feature["properties"]["ars"]] = geometry
    return outlines


def _sync_regions(rows: list[dict[str, Any]]) -> tuple[int, int, int, dict[str, int]]:
    existing = {region.ars: region for region in Region.objects.all()}
    ids = {ars: region.pk for ars, region in existing.items()}
    by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_level[row["level"]].append(row)
    created = 0
    changed: list[Region] = []
    for level in Level:  # parents first, so their ids are known
        new: list[Region] = []
        for row in by_level[level.value]:
            values = {k: v for k, v in row.items() if k != "parent_ars"}
            parent_ars = row["parent_ars"]
            if parent_ars is not None and parent_ars not in ids:
                raise ValueError(f"{row['ars']}: übergeordnete Region {parent_ars} fehlt")
            values["parent_id"] = ids.get(parent_ars) if parent_ars else None
            region = existing.get(row["ars"])
            if region is None:
                new.append(Region(**values))
            elif any(getattr(region, f) != values[f] for f in REGION_FIELDS):
                for name in REGION_FIELDS:
                    setattr(region, name, values[name])
                changed.append(region)
        Region.objects.bulk_create(new, batch_size=BATCH)
        created += len(new)
        if any(region.pk is None for region in new):  # backends without RETURNING
            new_ars = [region.ars for region in new]
            ids.update(Region.objects.filter(ars__in=new_ars).values_list("ars", "pk"))
        else:
            ids.update((region.ars, region.pk) for region in new)
    Region.objects.bulk_update(changed, REGION_FIELDS, batch_size=BATCH)
    unchanged = len(rows) - created - len(changed)
    return created, len(changed), unchanged, ids


def _sync_outlines(outlines: dict[str, str], ids: dict[str, int]) -> tuple[int, int, int]:
    existing = dict(RegionOutline.objects.values_list("region_id", "geojson"))
    new: list[RegionOutline] = []
    changed: list[RegionOutline] = []
    for ars, geojson in outlines.items():
        region_id = ids[ars]
        if region_id not in existing:
            new.append(RegionOutline(region_id=region_id, geojson=geojson))
        elif existing[region_id] != geojson:
            changed.append(RegionOutline(region_id=region_id, geojson=geojson))
    RegionOutline.objects.bulk_create(new, batch_size=BATCH)
    RegionOutline.objects.bulk_update(changed, ["geojson"], batch_size=BATCH)
    return len(new), len(changed), len(outlines) - len(new) - len(changed)


def regions_load(*, data_dir: Path = PACKAGE_DATA_DIR) -> LoadSummary:
    """Create or update every region and outline of the package data, in one transaction.

    Idempotent: a second run finds everything unchanged. Regions in the database that the
    data no longer has are kept (observations may refer to them) and counted.
    """
    rows = read_region_table(data_dir)
    outlines = read_outlines(data_dir)
    unknown = set(outlines) - {row["ars"] for row in rows}
    if unknown:
        raise ValueError(f"Umrisse ohne Region: {sorted(unknown)[:5]}")
    with transaction.atomic():
        created, updated, unchanged, ids = _sync_regions(rows)
        outlines_counts = _sync_outlines(outlines, ids)
        not_in_data = len(ids) - len(rows)
    return LoadSummary(created, updated, unchanged, *outlines_counts, not_in_data=not_in_data)


def region_abroad_add(
    *,
    country: str,
    scheme: str,
    code: str,
    name: str,
    kind: str = "",
    population: int | None = None,
) -> Region:
    """Add (or update the name of) a region abroad, keyed ``<country>-<code>``.

    Raises ``ValueError`` naming the field and value that are not acceptable."""
    key = abroad_key(country, code)
    scheme = scheme.strip().upper()
    if not scheme or not scheme.replace("-", "").isalnum() or len(scheme) > 10:
        raise ValueError(f'"{scheme}" ist kein Codesystem (z. B. GSS, NUTS, LAU)')
    if not name.strip():
        raise ValueError("Name fehlt")
    region, _created = Region.objects.update_or_create(
        ars=key,
        defaults={
            "ags": "",
            "name": name.strip(),
            "name_folded": fold_name(name),
            "kind": kind.strip(),
            "level": Region.Level.ABROAD,
            "parent": None,
            "population": population,
            "country": key[:2],
            "scheme": scheme,
            "code": key[3:],
        },
    )
    return region
