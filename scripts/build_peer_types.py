"""Build the BBSR peer types of every Kreis and Gemeinde (data/municipal/region_types.csv).

Usage (re-runnable; writes only region_types.csv)::

    uv run python scripts/build_peer_types.py [--inkar DIR] [--unit gemeinde|verband]
                                              [--output FILE]

Inputs: the region directory ``src/zielwerk/data/regions/regions.csv`` (population and area as of
31.12.2021) and INKAR 2024 (``_regionen.parquet`` for the central-place function per Gemeinde,
``siedlungsstruktur.parquet`` for the published type aggregates the result is checked against).
The type rules live in ``zielwerk.core.peers``; docs/methods/peers.md describes them and the
measured agreement with INKAR, which this script prints as Markdown tables.

Kreisfreie Städte (including Berlin and Hamburg, stored once as Land in regions.csv) are both a
Kreis and a Gemeinde: they get one row with level ``kreis`` and one with level ``gemeinde``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from zielwerk.core.peers import (  # noqa: E402 (after the path set-up)
    CITY_TYPES,
    GEMEINDE_TYPES,
    KREIS_TYPES,
    gemeinde_size_class,
    gemeinde_type,
    kreis_size_class,
    kreis_type,
)

log = logging.getLogger("build_peer_types")

REGIONS = ROOT / "src" / "zielwerk" / "data" / "regions" / "regions.csv"
OUTPUT = ROOT / "src" / "zielwerk" / "data" / "municipal" / "region_types.csv"
INKAR = Path("/work/shared/data/municipal/inkar-2024")
CITY_STATES = ("020000000000", "110000000000")  # Hamburg, Berlin: Land, Kreis and Gemeinde
KREISFREI_KINDS = ("Kreisfreie Stadt", "Stadtkreis")
CENTRAL = {
    "zentralörtliche Funktion - Oberzentrum": "oberzentrum",
    "zentralörtliche Funktion - Mittelzentrum": "mittelzentrum",
    "zentralörtliche Funktion - Grundzentrum": "grundzentrum",
    "zentralörtliche Funktion - keine": "keine",
}
CENTRAL_RANK = {"oberzentrum": 3, "mittelzentrum": 2, "grundzentrum": 1, "keine": 0}
# INKAR's population reference year closest to regions.csv (31.12.2021).
INKAR_YEAR = "2021"
INKAR_LEVELS = {
    "gemeinde": ("Stadt- und Gemeindetyp differenziert", {"11": "gt1", "12": "gt2", "21": "gt3"}),
    "kreis": ("Siedlungsstruktureller Kreistyp", {"1": "kt1", "2": "kt2", "3": "kt3", "4": "kt4"}),
}
INKAR_LEVELS["gemeinde"][1].update({"22": "gt4", "30": "gt5", "40": "gt6", "50": "gt7"})


def read_regions(path: Path) -> pl.DataFrame:
    text = {"ars": pl.String, "ags": pl.String, "parent_ars": pl.String}
    return pl.read_csv(path, schema_overrides=text)


def central_functions(inkar: Path) -> pl.DataFrame:
    """ags → central-place function; INKAR's key is the 8-digit AGS (99999999 = legend rows)."""
    frame = pl.read_parquet(inkar / "_regionen.parquet").filter(
        pl.col("raumbezug").is_in(list(CENTRAL)) & (pl.col("kennziffer") != "99999999")
    )
    if frame.get_column("kennziffer").is_duplicated().any():
        raise SystemExit("INKAR: a Gemeinde with more than one central-place function")
    return frame.select(
        ags=pl.col("kennziffer"), central_function=pl.col("raumbezug").replace_strict(CENTRAL)
    )


def gemeinden(regions: pl.DataFrame, central: pl.DataFrame) -> pl.DataFrame:
    """Every Gemeinde: level gemeinde rows plus the kreisfreie Städte stored as Kreis or Land."""
    kreisfrei = pl.col("kind").is_in(KREISFREI_KINDS) | pl.col("ars").is_in(CITY_STATES)
    own = regions.filter(pl.col("level") == "gemeinde").with_columns(
        kreis_ars=pl.col("parent_ars"), kreisfrei=pl.lit(False)
    )
    cities = regions.filter(kreisfrei).with_columns(kreis_ars=pl.col("ars"), kreisfrei=pl.lit(True))
    frame = pl.concat([own, cities]).join(central, on="ags", how="left")
    return frame.with_columns(
        verband=pl.col("ars").str.slice(0, 9),
        land=pl.col("ars").str.slice(0, 2),
        area_km2=pl.col("area_ha") / 100,
    )


def typed_gemeinden(frame: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Gemeinde type from the population of the Gemeinde or of its Gemeindeverband.

    With ``verband`` all Gemeinden of a Verband share its total population and its highest
    central-place function, as BBSR types Gemeindeverbände (see docs/methods/peers.md).
    """
    population, function = pl.col("population"), pl.col("central_function")
    if unit == "verband":
        best = function.replace_strict(CENTRAL_RANK, default=None).max().over("verband")
        back = {rank: name for name, rank in CENTRAL_RANK.items()}
        function = best.replace_strict(back, default=None)
        population = (
            pl.when(population.is_null()).then(None).otherwise(population.sum().over("verband"))
        )
    return frame.with_columns(
        peer_type=gemeinde_type(population, function),
        size_class=gemeinde_size_class(pl.col("population")),
    )


def _base_name(name: pl.Expr) -> pl.Expr:
    return name.str.replace(r",.*$", "")


def kreisregionen(inkar: Path) -> pl.DataFrame:
    """kreis_ags (5 digits + 000) → kreisregion_ags, from INKAR's "Kreisregionen".

    BBSR merges each kreisfreie Stadt under 100,000 inhabitants with a neighbouring Landkreis
    and keeps the Landkreis's key. INKAR names such regions "Landkreis/Stadt[/Stadt]" or, where
    both share a name (Landshut, Bamberg …), just the Landkreis name; the merged cities are the
    Kreise without a Kreisregion of their own. Each must match exactly one region of its Land.
    """
    table = pl.read_parquet(inkar / "_regionen.parquet")
    kreise = table.filter(pl.col("raumbezug") == "Kreise")
    regionen = table.filter(pl.col("raumbezug") == "Kreisregionen")
    merged = kreise.join(regionen, on="kennziffer", how="anti").select(
        city=pl.col("kennziffer"), city_name=_base_name(pl.col("name"))
    )
    parts = regionen.select(
        region=pl.col("kennziffer"),
        part=pl.col("name").str.split("/"),
        whole=pl.col("name").str.strip_prefix("Kreis u. Stadt "),
    ).with_columns(named=pl.col("part").list.slice(1))
    by_part = parts.explode("named").filter(pl.col("named").is_not_null())
    pairs = merged.join(by_part, how="cross").filter(
        (pl.col("city").str.slice(0, 2) == pl.col("region").str.slice(0, 2))
        & pl.col("city_name").str.starts_with(pl.col("named"))
    )
    rest = merged.join(pairs, on="city", how="anti")
    same_name = rest.join(parts, left_on="city_name", right_on="whole").filter(
        pl.col("city").str.slice(0, 2) == pl.col("region").str.slice(0, 2)
    )
    found = pl.concat([pairs.select("city", "region"), same_name.select("city", "region")])
    if found.height != merged.height or found.get_column("city").is_duplicated().any():
        raise SystemExit(f"Kreisregionen: {found.height} matches for {merged.height} cities")
    return found


def typed_kreise(regions: pl.DataFrame, typed: pl.DataFrame, merged: pl.DataFrame) -> pl.DataFrame:
    """Kreistyp of each Kreisregion from its totals and its Groß-/Mittelstädte, for its Kreise."""
    kreisfrei = pl.col("kind").is_in(KREISFREI_KINDS) | pl.col("ars").is_in(CITY_STATES)
    kreise = regions.filter((pl.col("level") == "kreis") | pl.col("ars").is_in(CITY_STATES))
    to_region = merged.select(
        ars=pl.col("city").str.slice(0, 5) + "0000000",
        region=pl.col("region").str.slice(0, 5) + "0000000",
    )
    kreise = kreise.join(to_region, on="ars", how="left").with_columns(
        region=pl.col("region").fill_null(pl.col("ars")), kreisfrei=kreisfrei
    )
    city = pl.col("peer_type").is_in(CITY_TYPES)
    member = kreise.select(kreis_ars="ars", region="region")
    cities = (
        typed.join(member, on="kreis_ars")
        .group_by("region")
        .agg(
            city_population=pl.col("population").filter(city).sum(),
            city_km2=pl.col("area_km2").filter(city).sum(),
        )
    )
    regional = kreise.group_by("region").agg(
        population=pl.col("population").sum(),
        area_km2=pl.col("area_ha").sum() / 100,
        kreisfrei=pl.col("kreisfrei").all(),
    )
    frame = regional.join(cities, on="region", how="left")
    density = pl.col("population") / pl.col("area_km2")
    share = 100 * pl.col("city_population") / pl.col("population")
    rest = (pl.col("population") - pl.col("city_population")) / (
        pl.col("area_km2") - pl.col("city_km2")
    )
    types = frame.select(
        "region",
        peer_type=kreis_type(pl.col("kreisfrei"), pl.col("population"), density, share, rest),
    )
    return kreise.join(types, on="region").with_columns(
        size_class=kreis_size_class(pl.col("population")),
        central_function=pl.lit(None, dtype=pl.String),
    )


def our_aggregates(gem: pl.DataFrame, kreise: pl.DataFrame) -> pl.DataFrame:
    """Per type: count, population, density, % in Ober-/Mittelzentren, % in Gemeinden < 150/km²."""
    kreis_of = kreise.select(pl.col("ars").alias("kreis_ars"), kreis_type=pl.col("peer_type"))
    gem = gem.filter(pl.col("population").is_not_null()).join(kreis_of, on="kreis_ars")
    pop, function = pl.col("population"), pl.col("central_function")
    sparse = pop / pl.col("area_km2") < 150
    stats = {
        "gemeinden": pl.len(),
        "population": pop.sum(),
        "q_bev_fl": pop.sum() / pl.col("area_km2").sum(),
        "a_bevOZ": 100 * pop.filter(function == "oberzentrum").sum() / pop.sum(),
        "a_bevMZ": 100 * pop.filter(function == "mittelzentrum").sum() / pop.sum(),
        "a_bevd150_": 100 * pop.filter(sparse).sum() / pop.sum(),
    }
    by_gemeinde = gem.group_by(pl.col("peer_type").alias("type")).agg(**stats)
    by_kreis = gem.group_by(pl.col("kreis_type").alias("type")).agg(**stats)
    counts = kreise.group_by(pl.col("peer_type").alias("type")).agg(kreise=pl.len())
    by_kreis = by_kreis.join(counts, on="type", how="left")
    return pl.concat([by_gemeinde, by_kreis], how="diagonal").filter(pl.col("type").is_not_null())


def inkar_aggregates(inkar: Path) -> pl.DataFrame:
    """INKAR's published values for the same types and year."""
    table = pl.read_parquet(inkar / "siedlungsstruktur.parquet")
    frames = []
    for level, codes in INKAR_LEVELS.values():
        part = table.filter((pl.col("raumbezug") == level) & (pl.col("zeitbezug") == INKAR_YEAR))
        frames.append(part.with_columns(type=pl.col("kennziffer").replace_strict(codes)))
    return pl.concat(frames).select("type", "q_bev_fl", "a_bevOZ", "a_bevMZ", "a_bevd150_")


def agreement(ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    measures = ["q_bev_fl", "a_bevOZ", "a_bevMZ", "a_bevd150_"]
    joined = ours.join(theirs, on="type", suffix="_inkar").sort("type")
    return joined.select(
        "type",
        "gemeinden",
        "kreise",
        "population",
        *[pl.col(m).round(1) for m in measures],
        *[pl.col(f"{m}_inkar").round(1) for m in measures],
        density_diff_pct=(100 * (pl.col("q_bev_fl") / pl.col("q_bev_fl_inkar") - 1)).round(1),
    )


def markdown(frame: pl.DataFrame) -> str:
    rows = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    rows += [
        "| " + " | ".join("" if v is None else f"{v}" for v in row) + " |" for row in frame.rows()
    ]
    return "\n".join(rows)


def build(inkar: Path, unit: str, output: Path) -> pl.DataFrame:
    regions = read_regions(REGIONS)
    central = central_functions(inkar)
    gem = typed_gemeinden(gemeinden(regions, central), unit)
    merged = kreisregionen(inkar)
    log.info("kreisfreie Städte merged into a Kreisregion: %s", merged.height)
    kreise = typed_kreise(regions, gem, merged)
    columns = ["ars", "level", "peer_type", "central_function", "size_class"]
    result = pl.concat(
        [
            kreise.with_columns(level=pl.lit("kreis")).select(columns),
            gem.with_columns(level=pl.lit("gemeinde")).select(columns),
        ]
    ).sort("ars", pl.col("level") == "gemeinde")
    output.parent.mkdir(parents=True, exist_ok=True)
    result.write_csv(output)
    log.info("wrote %s rows to %s (unit: %s)", result.height, output, unit)
    no_function = gem.filter(pl.col("central_function").is_null())
    log.info(
        "Gemeinden without an INKAR central-place function: %s (%s with a population: %s)",
        no_function.height,
        no_function.filter(pl.col("population").is_not_null()).height,
        no_function.filter(pl.col("population").is_not_null()).get_column("ags").to_list(),
    )
    untyped = gem.filter(pl.col("peer_type").is_null())
    log.info(
        "Gemeinden without a type: %s (%s)",
        untyped.height,
        untyped.group_by("kind").len().sort("kind").rows(),
    )
    for level, labels in (("gemeinde", GEMEINDE_TYPES), ("kreis", KREIS_TYPES)):
        counts = result.filter(pl.col("level") == level).get_column("peer_type").value_counts()
        found = dict(counts.rows())
        log.info("%s: %s", level, {code: found.get(code, 0) for code in [*labels, None]})
    table = agreement(our_aggregates(gem, kreise), inkar_aggregates(inkar))
    log.info("\nagreement with INKAR %s (ours | INKAR):\n%s", INKAR_YEAR, markdown(table))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inkar", type=Path, default=INKAR)
    parser.add_argument("--unit", choices=["gemeinde", "verband"], default="gemeinde")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.inkar, args.unit, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
