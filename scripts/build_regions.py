"""Build Zielwerk's region directory from the shared public data.

Usage (re-runnable; writes only under src/zielwerk/data/regions/)::

    uv run python scripts/build_regions.py [DATA_DIR] [--output OUT_DIR]

DATA_DIR defaults to /work/shared/data and must hold ``regions/localzero`` (names, population
and area by AGS, as of 31.12.2021), ``regions/vg5000-2021`` (BKG shapefiles, as of 01.01.2021)
and ``regions/zensus-2022`` (12-digit ARS of Gemeinden created during 2021).

Writes ``regions.csv`` and one GeoJSON FeatureCollection per level (``bund``, ``laender``,
``regierungsbezirke``, ``kreise``, ``gemeinden``) with simplified outlines in WGS84. The
territorial status follows localzero (31.12.2021) because its population belongs to that
status; VG5000 supplies ARS, names, kinds, NUTS codes and geometry. See docs/regions.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyproj
import shapefile
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zielwerk.core.regions import (  # noqa: E402 (after the path set-up)
    BUND_AGS,
    BUND_ARS,
    Level,
    ags_from_ars,
    fold_name,
    level_of_ars,
    parent_ars,
    validate_ags,
)

log = logging.getLogger("build_regions")

OUTPUT_DIR = ROOT / "src" / "zielwerk" / "data" / "regions"
COLUMNS = ["ars", "ags", "name", "kind", "level", "parent_ars", "population", "area_ha", "nuts"]
GEMEINDEFREI = "Gemeindefreies Gebiet"
# Simplification tolerance in metres (EPSG:31467) and decimals kept in WGS84 per level file.
OUTLINE_FILES = {
    Level.BUND: ("bund.geojson", 1000.0, 3),
    Level.LAND: ("laender.geojson", 600.0, 3),
    Level.RBZ: ("regierungsbezirke.geojson", 500.0, 3),
    Level.KREIS: ("kreise.geojson", 300.0, 4),
    Level.GEMEINDE: ("gemeinden.geojson", 120.0, 4),
}


@dataclass
class Region:
    ars: str
    name: str
    kind: str
    nuts: str = ""
    population: int | None = None
    area_ha: int | None = None
    geometry: Any = None  # shapely geometry in EPSG:31467

    @property
    def ags(self) -> str:
        return ags_from_ars(self.ars)

    @property
    def level(self) -> Level:
        return level_of_ars(self.ars)


@dataclass
class Report:
    """What the build did, for the log and docs/regions.md."""

    facts: dict[str, Any] = field(default_factory=dict)

    def note(self, key: str, value: Any) -> None:
        self.facts[key] = value
        log.info("%s: %s", key, value)


def read_layer(vg5000: Path, layer: str) -> list[tuple[dict[str, Any], Any]]:
    """Records and geometries of one VG5000 layer, land areas only (GF 9, no sea or lake)."""
    reader = shapefile.Reader(str(vg5000 / f"VG5000_{layer}"), encoding="utf-8")
    rows = []
    for item in reader.iterShapeRecords():
        record = item.record.as_dict()
        if record["GF"] == 9:
            rows.append((record, shape(item.shape.__geo_interface__)))
    return rows


def read_localzero(localzero: Path) -> pl.DataFrame:
    """ags, description, population, area_ha from localzero, Germany as BUND_AGS."""
    text_ags = {"ags": pl.Utf8}
    names = pl.read_csv(localzero / "ags" / "2021.csv", schema_overrides=text_ags)
    population = pl.read_csv(localzero / "population" / "2021.csv", schema_overrides=text_ags)
    area = pl.read_csv(localzero / "area" / "2021.csv", schema_overrides=text_ags).select(
        "ags", pl.col("land_total").alias("area_ha")
    )
    frame = (
        names.join(population.rename({"total": "population"}), on="ags", how="full", coalesce=True)
        .join(area, on="ags", how="full", coalesce=True)
        .with_columns(pl.col("ags").map_elements(validate_ags, return_dtype=pl.Utf8))
    )
    if frame["description"].null_count() or frame["population"].null_count():
        raise SystemExit("localzero: names and population do not cover the same AGS")
    return frame


def read_zensus_ars(zensus: Path) -> dict[str, str]:
    """AGS → ARS of every Gemeinde in the Zensus 2022 flat file."""
    frame = pl.read_csv(
        zensus / "1000A-0000_de_flat.csv", separator=";", infer_schema=False, encoding="utf8-lossy"
    )
    codes = frame["1_variable_attribute_code"].unique().to_list()
    return {ags_from_ars(ars): ars for ars in codes if len(ars) == 12}


def split_description(description: str) -> tuple[str, str]:
    """'Langelsheim, Stadt' → ('Langelsheim', 'Stadt'); without a comma the kind is Gemeinde."""
    name, _, kind = description.partition(",")
    return name.strip(), kind.strip(" ()") or "Gemeinde"


def vg_region(record: dict[str, Any], geometry: Any) -> Region:
    return Region(
        ars=record["ARS_0"], name=record["GEN"], kind=record["BEZ"], nuts=record["NUTS"],
        geometry=geometry,
    )  # fmt: skip


def collect_vg5000(vg5000: Path) -> dict[str, Region]:
    """Every VG5000 region by ARS; a kreisfreie Stadt (same ARS as its Kreis) stays a Kreis,
    Hamburg and Berlin (same ARS as Land, Kreis and Gemeinde) stay a Land."""
    regions: dict[str, Region] = {}
    for layer in ("LAN", "RBZ", "KRS", "GEM"):
        for record, geometry in read_layer(vg5000, layer):
            region = vg_region(record, geometry)
            if layer == "GEM":
                region.nuts = ""  # Gemeinden are LAU, not NUTS regions
            regions.setdefault(region.ars, region)
    sta = read_layer(vg5000, "STA")
    sta_record = sta[0][0]
    bund_shapes = [geometry for _, geometry in sta]
    regions[BUND_ARS] = Region(
        ars=BUND_ARS, name=sta_record["GEN"], kind=sta_record["BEZ"], nuts=sta_record["NUTS"],
        geometry=shapely.union_all(bund_shapes),
    )  # fmt: skip
    return regions


def successor_of(
    old: Region, new_by_kreis: dict[str, list[str]], new_names: dict[str, str]
) -> str | None:
    """The localzero Gemeinde that absorbed a VG5000 Gemeinde during 2021: the only new
    Gemeinde in the same Kreis, else the new Gemeinde of the same name in the same Land."""
    candidates = new_by_kreis.get(old.ars[:5], [])
    if len(candidates) == 1:
        return candidates[0]
    same_name = [
        ags
        for ags, name in new_names.items()
        if ags[:2] == old.ars[:2] and fold_name(name) == fold_name(old.name)
    ]
    return same_name[0] if len(same_name) == 1 else None


def reconcile(
    vg: dict[str, Region], localzero: pl.DataFrame, zensus_ars: dict[str, str], report: Report
) -> dict[str, Region]:
    """Regions in localzero's territorial status, keyed by ARS, with population and area."""
    rows = {row["ags"]: row for row in localzero.iter_rows(named=True)}
    vg_by_ags = {region.ags: region for region in vg.values()}
    new_ags = sorted(set(rows) - set(vg_by_ags))
    new_names = {ags: split_description(rows[ags]["description"])[0] for ags in new_ags}
    new_by_kreis: dict[str, list[str]] = defaultdict(list)
    for ags in new_ags:
        new_by_kreis[ags[:5]].append(ags)
    regions: dict[str, Region] = {}
    for ags in new_ags:
        if ags not in zensus_ars:
            raise SystemExit(f"{ags}: in localzero, not in VG5000 and without ARS in Zensus 2022")
        name, kind = split_description(rows[ags]["description"])
        regions[zensus_ars[ags]] = Region(ars=zensus_ars[ags], name=name, kind=kind)
    merged: dict[str, list[str]] = defaultdict(list)
    unmatched_gemeindefrei = 0
    for region in vg.values():
        if region.ags in rows or region.level is Level.RBZ:
            regions[region.ars] = region  # RBZ are not in localzero: their sums are derived
        elif region.kind == GEMEINDEFREI:
            regions[region.ars] = region  # uninhabited, so not in the statistics
            unmatched_gemeindefrei += 1
        else:
            target = successor_of(region, new_by_kreis, new_names)
            if target is None:
                raise SystemExit(f"{region.ars} {region.name}: no successor in localzero")
            merged[zensus_ars[target]].append(region.ars)
    attach_merged_geometry(regions, vg, merged, report)
    for region in regions.values():
        row = rows.get(region.ags)
        if row is not None:
            region.population, region.area_ha = row["population"], row["area_ha"]
    report.note("localzero rows", len(rows))
    report.note("VG5000 regions (LAN, RBZ, KRS, GEM, STA; distinct ARS)", len(vg))
    report.note("Gemeinden new in 2021 (ARS from Zensus 2022)", new_ags)
    report.note("gemeindefreie Gebiete only in VG5000 (no population)", unmatched_gemeindefrei)
    return regions


def attach_merged_geometry(
    regions: dict[str, Region], vg: dict[str, Region], merged: dict[str, list[str]], report: Report
) -> None:
    """Outline of a Gemeinde formed in 2021 = union of its predecessors; a dissolved
    kreisfreie Stadt also joins the outline of the Kreis it became part of."""
    for target, sources in merged.items():
        regions[target].geometry = shapely.union_all([vg[ars].geometry for ars in sources])
        kreis = regions[target[:5].ljust(12, "0")]
        for ars in sources:
            if level_of_ars(ars) is Level.KREIS:
                kreis.geometry = shapely.union_all([kreis.geometry, vg[ars].geometry])
                report.note(f"Kreis {ars} {vg[ars].name} dissolved into", kreis.name)
        report.note(f"merged into {target} {regions[target].name}", sources)


def check_sums(regions: dict[str, Region], rbz: set[str], report: Report) -> None:
    """Population must add up from Gemeinde to Bund; RBZ population and area are derived."""
    children: dict[str, list[Region]] = defaultdict(list)
    for region in regions.values():
        parent = parent_ars(region.ars, regierungsbezirke=rbz)
        if parent is not None:
            children[parent].append(region)
    for ars in sorted(rbz):
        region = regions[ars]
        region.population = sum(child.population or 0 for child in children[ars])
        region.area_ha = sum(child.area_ha or 0 for child in children[ars])
    wrong = []
    area_off = 0
    for ars, kids in children.items():
        total = sum(kid.population or 0 for kid in kids)
        if total != regions[ars].population:
            wrong.append((ars, regions[ars].population, total))
        area_off += sum(kid.area_ha or 0 for kid in kids) != regions[ars].area_ha
    if wrong:
        raise SystemExit(f"population does not add up (ars, stated, sum of children): {wrong}")
    report.note("regions whose children's population adds up", len(children))
    report.note("regions whose children's area (ha) differs from the stated area", area_off)


def to_wgs84(geometry: Any, tolerance: float, decimals: int, transformer: Any) -> dict[str, Any]:
    simple = shapely.simplify(geometry, tolerance, preserve_topology=True)

    def project(coords: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.round(np.column_stack([lon, lat]), decimals)

    projected = shapely.transform(simple, project)
    parts = getattr(projected, "geoms", [projected])
    # Exterior rings clockwise: the winding d3-geo (Vega-Lite geoshape) expects.
    oriented = shapely.MultiPolygon([orient(p, sign=-1.0) for p in parts if not p.is_empty])
    result = mapping(oriented if len(oriented.geoms) > 1 else oriented.geoms[0])
    geojson: dict[str, Any] = json.loads(json.dumps(result))  # tuples → lists
    return geojson


def write_outlines(regions: dict[str, Region], out: Path, report: Report) -> None:
    transformer = pyproj.Transformer.from_crs("EPSG:31467", "EPSG:4326", always_xy=True)
    by_level: dict[Level, list[Region]] = defaultdict(list)
    for region in sorted(regions.values(), key=lambda r: r.ars):
        if region.geometry is not None:
            by_level[region.level].append(region)
    for level, (filename, tolerance, decimals) in OUTLINE_FILES.items():
        features = [
            {
                "type": "Feature",
                "properties": {"ars": r.ars, "name": r.name},
                "geometry": to_wgs84(r.geometry, tolerance, decimals, transformer),
            }
            for r in by_level[level]
        ]
        collection = {"type": "FeatureCollection", "features": features}
        path = out / filename
        with path.open("w", encoding="utf-8") as handle:
            handle.write('{"type":"FeatureCollection","features":[\n')
            handle.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                                    for f in collection["features"]))  # fmt: skip
            handle.write("\n]}\n")
        report.note(f"{filename} ({len(features)} outlines), bytes", path.stat().st_size)


def write_table(regions: dict[str, Region], rbz: set[str], out: Path, report: Report) -> None:
    path = out / "regions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for region in sorted(regions.values(), key=lambda r: r.ars):
            writer.writerow([
                region.ars, region.ags, region.name, region.kind, region.level.value,
                parent_ars(region.ars, regierungsbezirke=rbz) or "",
                "" if region.population is None else region.population,
                "" if region.area_ha is None else region.area_ha, region.nuts,
            ])  # fmt: skip
    counts: dict[str, int] = defaultdict(int)
    for region in regions.values():
        counts[region.level.value] += 1
    report.note("regions by level", dict(counts))
    report.note("regions.csv bytes", path.stat().st_size)


def build(data_dir: Path, out: Path) -> Report:
    """Read the sources, reconcile them, check sums and write the package data."""
    report = Report()
    vg = collect_vg5000(data_dir / "regions" / "vg5000-2021")
    localzero = read_localzero(data_dir / "regions" / "localzero")
    zensus_ars = read_zensus_ars(data_dir / "regions" / "zensus-2022")
    regions = reconcile(vg, localzero, zensus_ars, report)
    if regions[BUND_ARS].ags != BUND_AGS:
        raise SystemExit("Bund missing")
    rbz = {ars for ars in regions if level_of_ars(ars) is Level.RBZ}
    check_sums(regions, rbz, report)
    out.mkdir(parents=True, exist_ok=True)
    write_table(regions, rbz, out, report)
    write_outlines(regions, out, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.data_dir, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
