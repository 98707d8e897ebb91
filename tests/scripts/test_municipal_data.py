"""The municipal indicator kit's package data against the raw shared files it was built from.

Sample cells are picked by reading the raw files here, never hard-coded; tests that need the
shared data skip when ../shared/data is missing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import fastexcel
import polars as pl
import pytest

from zielwerk.core.units import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
PACKAGE = ROOT / "src" / "zielwerk" / "data"
KIT = PACKAGE / "municipal"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data missing: {SHARED}")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_csv(KIT / "indicators.csv")}


@pytest.fixture(scope="module")
def observations() -> dict[str, pl.DataFrame]:
    return {p.stem: pl.read_parquet(p) for p in sorted((KIT / "observations").glob("*.parquet"))}


def code_of(catalogue: dict[str, dict[str, str]], source_id_start: str) -> str:
    return next(c for c, row in catalogue.items() if row["source_id"].startswith(source_id_start))


def value(observations: dict[str, pl.DataFrame], edition: str, code: str, ars: str, year: int):
    frame = observations[edition].filter(
        (pl.col("indicator") == code) & (pl.col("region") == ars) & (pl.col("year") == year)
    )
    assert frame.height == 1, (edition, code, ars, year)
    return frame["value"].item()


# ---- (a) sample cells straight from the raw files ------------------------------------------------
@needs_shared
@pytest.mark.parametrize("raumbezug", ["Gemeinden", "Kreise"])
def test_inkar_2024_cell(catalogue, observations, raumbezug):
    raw = pl.read_parquet(SHARED / "municipal" / "inkar-2024" / "sozialleistungen.parquet")
    row = raw.filter(
        (pl.col("raumbezug") == raumbezug) & pl.col("q_PBG_bev").is_not_null()
        & pl.col("kennziffer").str.starts_with("05558")  # Kreis Coesfeld and its Gemeinden
        & (pl.col("kennziffer") != "05558000" if raumbezug == "Gemeinden" else pl.lit(True))
    ).sort("kennziffer", "zeitbezug").row(-1, named=True)  # fmt: skip
    ars = {"05558000": "055580000000"}.get(row["kennziffer"]) or region_of(row["kennziffer"])
    code = code_of(catalogue, "q_PBG_bev")
    got = value(observations, "inkar-2024", code, ars, int(row["zeitbezug"]))
    assert got == pytest.approx(row["q_PBG_bev"])


def region_of(ags: str) -> str:
    regions = read_csv(PACKAGE / "regions" / "regions.csv")
    return next(r["ars"] for r in regions if r["ags"] == ags)


@needs_shared
def test_inkar_2019_cell(catalogue, observations):
    folder = SHARED / "municipal" / "inkar-2019"
    regions = pl.read_parquet(folder / "_regionen.parquet").filter(pl.col("raumbezug") == "Kreise")
    table = pl.read_parquet(folder / "flaechennutzung_und_umwelt.parquet")
    row = (table.join(regions, left_on="region_id", right_on="id")
           .filter(pl.col("kennziffer") == 5558).sort("zeitbezug").row(-1, named=True))  # fmt: skip
    got = value(observations, "inkar-2019", code_of(catalogue, "x248"), "055580000000",
                int(row["zeitbezug"]))  # fmt: skip
    assert got == pytest.approx(row["x248"])


def da_sheet(edition: str, sheet: str) -> pl.DataFrame:
    path = SHARED / "municipal" / "deutschlandatlas" / f"deutschlandatlas-daten-{edition}.xlsx"
    raw = fastexcel.read_excel(path).load_sheet_by_name(sheet, header_row=None, dtypes="string")
    frame = raw.to_polars()
    start = next(i for i, v in enumerate(frame[:, 0].to_list()) if v and v[:3] in ("GKZ", "KRS"))
    names = [str(v).replace("Indikatorkürzel:", "").split("\n")[0].strip()
             for v in frame.row(start)]  # fmt: skip
    body = frame[start + 1 :]
    body.columns = names
    return body


@needs_shared
def test_deutschlandatlas_gemeinde_cell_with_dropped_zero(catalogue, observations):
    sheet = da_sheet("2026-04", "Deutschlandatlas_GEM1223")
    row = sheet.filter(pl.col("GKZ1223") == "1051001").row(0, named=True)  # Albersdorf (SH)
    assert len(row["GKZ1223"]) == 7
    got = value(observations, "deutschlandatlas-2026-04", code_of(catalogue, "v_breitb1000"),
                region_of("01051001"), 2023)  # fmt: skip
    assert got == pytest.approx(float(row["v_breitb1000"]))


@needs_shared
def test_deutschlandatlas_kreis_cell(catalogue, observations):
    sheet = da_sheet("2026-04", "Deutschlandatlas_KRS1222")
    row = sheet.filter(pl.col("KRS1222") == "5558000").row(0, named=True)
    got = value(observations, "deutschlandatlas-2026-04", code_of(catalogue, "wahl_beteil"),
                "055580000000", 2025)  # fmt: skip
    assert got == pytest.approx(float(row["wahl_beteil"]))
    old = da_sheet("2024-12", "Deutschlandatlas_KRS1221").filter(pl.col("KRS1221") == "5558000")
    got_old = value(observations, "deutschlandatlas-2024-12", code_of(catalogue, "wahl_beteil"),
                    "055580000000", 2021)  # fmt: skip
    assert got_old == pytest.approx(float(old["wahl_beteil"].item()))


@needs_shared
def test_vgrdl_cell(catalogue, observations):
    path = SHARED / "municipal" / "vgrdl" / "vgrdl_r2b3_bs2024.xlsx"
    raw = fastexcel.read_excel(path).load_sheet_by_name("2.4", header_row=None, dtypes="string")
    frame = raw.to_polars()
    header = [str(v) for v in frame.row(4)]
    row = next(r for r in frame.iter_rows() if r[2] == "05558")
    code = code_of(catalogue, "vgrdl_r2b3_bs2024.xlsx Tabelle 2.4")
    got = value(observations, "vgrdl-2024", code, "055580000000", int(header[-1][:4]))
    assert got == pytest.approx(float(row[-1]))


@needs_shared
def test_localzero_value_recomputed(catalogue, observations):
    folder = SHARED / "regions" / "localzero"
    text = {"ags": pl.Utf8}
    energy = pl.read_csv(folder / "renewable_energy" / "2024.csv", schema_overrides=text)
    people = pl.read_csv(folder / "population" / "2021.csv", schema_overrides=text)
    e = energy.filter(pl.col("ags") == "05558012").row(0, named=True)
    total = people.filter(pl.col("ags") == "05558012")["total"].item()
    expected = (e["pv"] + e["wind_on"] + e["biomass"] + e["water"]) / total * 1000
    code = code_of(catalogue, "renewable_energy/2024.csv (pv+wind_on")
    assert value(observations, "localzero-2021", code, "055580012012", 2024) == pytest.approx(
        expected
    )


# ---- (b) the catalogue ---------------------------------------------------------------------------
def test_catalogue_is_complete_and_consistent(catalogue, observations):
    assert len(catalogue) >= 60
    with_data = set(pl.concat(list(observations.values()))["indicator"].unique())
    assert set(catalogue) <= with_data
    units = set(load_vocabulary().units)
    dns = {item["code"] for item in json.loads((PACKAGE / "catalogue" / "dns_indicators.json")
                                               .read_text(encoding="utf-8"))}  # fmt: skip
    un = {row["code"] for row in read_csv(PACKAGE / "catalogue" / "un_indicators.csv")}
    targets = {row["code"] for row in read_csv(PACKAGE / "catalogue" / "targets.csv")}
    sources = {"inkar-2024", "inkar-2019", "deutschlandatlas", "vgrdl", "localzero"}
    for code, row in catalogue.items():
        assert code == f"K{row['goal']}.{int(row['sort_key'].split('.')[1])}"
        assert 1 <= int(row["goal"]) <= 17
        assert row["unit"] in units
        assert row["direction"] in ("increase", "decrease", "")
        assert row["source"] in sources
        assert set(row["related"].split()) <= dns | un, code
        assert set(row["targets"].split()) <= targets, code
        assert row["title_de"] and row["title_en"] and row["definition_de"] and row["levels"]
    used_units = {u for frame in observations.values() for u in frame["unit"].unique()}
    assert used_units <= units


def test_observation_files_are_tidy(observations):
    for edition, frame in observations.items():
        assert frame.columns == ["indicator", "region", "series", "year", "value", "unit"]
        assert frame.schema["year"] == pl.Int32 and frame.schema["value"] == pl.Float64
        assert frame["value"].null_count() == 0 and not frame["value"].is_nan().any(), edition
        keys = frame.select("indicator", "region", "series", "year")
        assert not keys.is_duplicated().any(), edition


# ---- (c) coverage for a sample Kreis and a Kreisstadt -------------------------------------------
def test_coverage_for_sample_kreis_and_gemeinde(observations):
    everything = pl.concat(list(observations.values()))
    kreis = everything.filter(pl.col("region") == "055580000000")["indicator"].n_unique()
    coesfeld = everything.filter(pl.col("region") == "055580012012")["indicator"].n_unique()
    assert kreis >= 30
    assert coesfeld >= 10


# ---- (d) every region is in the directory -------------------------------------------------------
def test_regions_are_in_directory(observations):
    known = {row["ars"] for row in read_csv(PACKAGE / "regions" / "regions.csv")}
    for edition, frame in observations.items():
        assert set(frame["region"].unique()) <= known, edition
