"""Build Zielwerk's municipal indicator kit ("SDG-Indikatoren für Kommunen") and its data.

Usage (re-runnable, deterministic; reads only the shared data, writes only under
src/zielwerk/data/municipal/)::

    uv run python scripts/build_municipal.py [DATA_DIR] [--output OUT_DIR]

DATA_DIR defaults to ``../shared/data`` next to the repository and must hold ``municipal/``
(INKAR 2024 and 2019, Deutschlandatlas, VGRdL) and ``regions/localzero``. Writes
``indicators.csv`` (the kit catalogue), ``sources.csv``, ``unmatched.csv`` and one
tidy parquet file per source edition under ``observations/``. Every key is normalised to the ARS
of ``src/zielwerk/data/regions/regions.csv``; keys missing there are reported, never guessed.
See docs/municipal-data.md.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from zielwerk.core.units import load_vocabulary

log = logging.getLogger("build_municipal")

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT.parent / "shared" / "data"
OUTPUT_DIR = ROOT / "src" / "zielwerk" / "data" / "municipal"
REGIONS_CSV = ROOT / "src" / "zielwerk" / "data" / "regions" / "regions.csv"
OBS_SCHEMA = {"indicator": pl.Utf8, "region": pl.Utf8, "series": pl.Utf8, "year": pl.Int32,
              "value": pl.Float64, "unit": pl.Utf8}  # fmt: skip
CATALOGUE_COLUMNS = [
    "code", "sort_key", "title_de", "title_en", "definition_de", "definition_en", "formula_de",
    "rationale_de", "direction", "unit", "goal", "targets", "related", "source", "source_id",
    "levels",
]  # fmt: skip
# Several raw levels can land on one ARS (Berlin: Land, Kreis and Gemeinde; a kreisfreie Stadt:
# Kreis and Gemeinde). The coarser, directly published level wins.
LEVEL_RANK = {"bund": 0, "land": 1, "kreis": 2, "gemeinde": 3}
INKAR_LEVELS = {"Bund": "bund", "Bundesländer": "land", "Kreise": "kreis", "Gemeinden": "gemeinde"}
DA_FILES = {"deutschlandatlas-2024-12": "deutschlandatlas-daten-2024-12.xlsx",
            "deutschlandatlas-2026-04": "deutschlandatlas-daten-2026-04.xlsx"}  # fmt: skip
MISSING = -9999.0  # Deutschlandatlas marker for missing values


# ---- the kit: what each indicator is and where its numbers come from ----------------------------
FAMILY = {"inkar24": "inkar-2024", "inkar19": "inkar-2019", "da": "deutschlandatlas",
          "vgrdl": "vgrdl", "localzero": "localzero"}  # fmt: skip
INKAR19_TABLE = {range(222, 237): "privateinkommen_private_schulden",
                 range(237, 254): "flaechennutzung_und_umwelt",
                 range(274, 284): "oeffentliche_finanzen",
                 range(334, 357): "verkehr_und_erreichbarkeit"}  # fmt: skip
# The 2024-12 Deutschlandatlas states no years; a value that differs from the newer edition is
# only kept where its year follows from the facts (the Bundestag election before 2025 was 2021).
DA_OLD_YEARS = {"wahl_beteil": 2021}

# Units are codes of the one vocabulary, zielwerk/data/units/units.csv (docs/units.md).
UNITS = set(load_vocabulary().units)
_DA_TERMS = "Vervielfältigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet."
_INKAR = ("Indikatoren und Karten zur Raum- und Stadtentwicklung (INKAR)",
          "Bundesinstitut für Bau-, Stadt- und Raumforschung (BBSR)",
          "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)")  # fmt: skip
# "lang": the language of title and publisher as the provider wrote them (the attributions
# are German); the sources page marks them with it.
SOURCES = [
    {
        "source": "inkar-2024",
        "edition": "inkar-2024",
        "title": _INKAR[0] + ", Ausgabe 2024",
        "publisher": _INKAR[1],
        "licence": _INKAR[2],
        "attribution": "© BBSR Bonn 2024, INKAR",
        "url_or_origin": "https://www.inkar.de; parquet export by RegioHub/inkr (MIT) inst/db "
        "@2825eea",
        "files": "municipal/inkar-2024/*.parquet",
        "lang": "de",
    },
    {
        "source": "inkar-2019",
        "edition": "inkar-2019",
        "title": _INKAR[0] + ", Export 2019/2020",
        "publisher": _INKAR[1],
        "licence": _INKAR[2],
        "attribution": "© BBSR Bonn 2020",
        "url_or_origin": "https://www.inkar.de; parquet export by RegioHub/inkr (MIT) inst/db "
        "@83cdafb",
        "files": "municipal/inkar-2019/*.parquet",
        "lang": "de",
    },
    {
        "source": "deutschlandatlas",
        "edition": "deutschlandatlas-2024-12",
        "title": "Daten zu den Indikatoren des Deutschlandatlas, Stand 12.12.2024",
        "publisher": "Statistisches Bundesamt im Auftrag des BMWSB",
        "licence": _DA_TERMS,
        "attribution": "© BMWSB, Deutschlandatlas, 2024",
        "url_or_origin": "https://www.deutschlandatlas.bund.de; copy from rmwegat/BDA @52fd3f3",
        "files": "municipal/deutschlandatlas/deutschlandatlas-daten-2024-12.xlsx",
        "lang": "de",
    },
    {
        "source": "deutschlandatlas",
        "edition": "deutschlandatlas-2026-04",
        "title": "Daten zu den Indikatoren des Deutschlandatlas, Stand 22.04.2026",
        "publisher": "Statistisches Bundesamt im Auftrag des BMWSB",
        "licence": _DA_TERMS,
        "attribution": "© Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen, 2026 "
        "(Deutschlandatlas)",
        "url_or_origin": "https://www.deutschlandatlas.bund.de; copy from "
        "jakob-wenzel/AWA_NND_SoSe26 @aa2bd35",
        "files": "municipal/deutschlandatlas/deutschlandatlas-daten-2026-04.xlsx",
        "lang": "de",
    },
    {
        "source": "vgrdl",
        "edition": "vgrdl-2024",
        "title": "Einkommen der privaten Haushalte in den kreisfreien Städten und Landkreisen "
        "1995 bis 2023 (Reihe 2, Band 3, Berechnungsstand 2024), erschienen Januar 2026",
        "publisher": "Arbeitskreis Volkswirtschaftliche Gesamtrechnungen der Länder",
        "licence": _DA_TERMS,
        "attribution": "© Arbeitskreis „Volkswirtschaftliche Gesamtrechnungen der Länder“, "
        "Statistische Ämter des Bundes und der Länder, 2026",
        "url_or_origin": "https://www.vgrdl.de; copy from jakob-wenzel/AWA_NND_SoSe26 @aa2bd35",
        "files": "municipal/vgrdl/vgrdl_r2b3_bs2024.xlsx",
        "lang": "de",
    },
    {
        "source": "localzero",
        "edition": "localzero-2021",
        "title": "LocalZero public reference data: population and area 2021, "
        "renewable capacity 2024",
        "publisher": "GermanZero (localzero-data-public) from Destatis GV-ISys/GENESIS and the "
        "Marktstammdatenregister",
        "licence": "dl-de/by-2-0",
        "attribution": "© Statistische Ämter des Bundes und der Länder, dl-de/by-2-0; MaStR © "
        "BNetzA dl-de/by-2-0; aufbereitet durch GermanZero",
        "url_or_origin": "GermanZero localzero-data-public",
        "files": "regions/localzero/{population,area}/2021.csv, "
        "regions/localzero/renewable_energy/2024.csv",
        "lang": "en",
    },
]


@dataclass(frozen=True)
class Pull:
    """One data location: kind, table/sheet, column (``a/b`` = ratio a / b x 100), year."""

    kind: str
    column: str
    table: str = ""
    year: int = 0
    expr: pl.Expr | None = None

    def describe(self) -> str:
        if self.kind == "inkar24":
            return f"{self.column} ({self.table}.parquet)"
        if self.kind == "inkar19":
            number = int(self.column[1:])
            table = next(t for r, t in INKAR19_TABLE.items() if number in r)
            derived = " (umgerechnet)" if self.expr is not None else ""
            return f"{self.column}{derived} ({table}.parquet)"
        if self.kind == "vgrdl":
            return f"vgrdl_r2b3_bs2024.xlsx Tabelle {self.table}"
        if self.kind == "localzero":
            return self.table
        return f"{self.column} (Blatt {self.table})"


@dataclass
class Indicator:
    key: str
    goal: int
    targets: str
    related: str
    direction: str
    unit: str
    title_en: str
    definition_en: str
    pulls: tuple[Pull, ...]
    title_de: str = ""
    definition_de: str = ""
    formula_de: str = ""
    rationale_de: str = ""
    code: str = ""
    sort_key: str = ""
    levels: set[str] = field(default_factory=set)

    @property
    def inkar(self) -> str:
        first = self.pulls[0]
        return first.column if first.kind in ("inkar24", "inkar19") else ""

    @property
    def source(self) -> str:
        return FAMILY[self.pulls[0].kind]

    def row(self) -> list[object]:
        ids = [p.describe() if i == 0 else f"{FAMILY[p.kind]}: {p.describe()}"
               for i, p in enumerate(self.pulls)]  # fmt: skip
        return [self.code, self.sort_key, self.title_de, self.title_en, self.definition_de,
                self.definition_en, self.formula_de, self.rationale_de, self.direction, self.unit,
                self.goal, self.targets, self.related, self.source, "; ".join(ids),
                " ".join(sorted(self.levels, key=["kreis", "gemeinde"].index))]  # fmt: skip


def i24(table: str, column: str) -> Pull:
    return Pull("inkar24", column, table)


def i19(column: str, expr: pl.Expr | None = None) -> Pull:
    return Pull("inkar19", column, expr=expr)


def da(sheet: str, column: str, year: int) -> Pull:
    return Pull("da", column, sheet, year)


def lz(what: str, table: str) -> Pull:
    return Pull("localzero", what, table)


SOZ, MED, BIL, WIR, SIE = ("sozialleistungen", "medizinische_und_soziale_versorgung", "bildung",
                           "wirtschaft", "siedlungsstruktur")  # fmt: skip
I = Indicator  # noqa: E741 (a short alias keeps the table readable)
# fmt: off
INDICATORS: list[Indicator] = [
    # -- the "SDG-Indikatoren für Kommunen" (INKAR rubrik SDG) with data in the shared files --
    I("q_newfBGu15_bev", 1, "1.2 1.3", "1.2.1", "decrease", "percent", "Child poverty",
      "Children under 15 in SGB II benefit households (entitled or not) per 100 inhabitants "
      "under 15.",
      (i24(SOZ, "q_newfBGu15_bev"), da("KRS1224", "kinder_bg", 2024))),
    I("a_GSa", 1, "1.3", "1.3.1", "decrease", "percent", "Old-age poverty",
      "Recipients of basic income support in old age as a share of inhabitants aged 65 and over.",
      (i24(SOZ, "a_GSa"), da("KRS1222", "grusi_insg", 2023))),
    I("i_nitratÜ", 2, "2.4", "2.1.a 2.4.1", "decrease", "kg_per_ha", "Nitrogen surplus",
      "Nitrogen surplus of the soil-surface balance of agricultural land, three-year mean, "
      "in kg N per hectare.", (i19("x253"),)),
    I("q_betten_bev", 3, "3.8", "3.8.1", "increase", "per_1000_inhabitants",
      "Hospital care", "Beds in acute hospitals per 1,000 inhabitants.",
      (i24(MED, "q_betten_bev"),)),
    I("Q01_APO_DIST", 3, "3.8", "3.8.1", "decrease", "meters", "Local pharmacy provision",
      "Population-weighted straight-line distance to the nearest pharmacy, in metres.",
      (i19("x341"),)),
    I("q_pers_ph_pfl", 3, "3.8 3.c", "3.c.1", "increase", "per_10000_care_recipients",
      "Staff in nursing homes", "Staff in nursing homes per 10,000 people in residential care.",
      (i24(MED, "q_pers_ph_pfl"),)),
    I("q_pers_pd_pfl", 3, "3.8 3.c", "3.c.1", "increase", "per_10000_inhabitants",
      "Staff in home-care services", "Staff in outpatient care services per 10,000 inhabitants.",
      (i24(MED, "q_pers_pd_pfl"),)),
    I("q_pflpl_bev", 3, "3.8", "", "increase", "per_10000_inhabitants", "Nursing home places",
      "Available places in nursing homes per 10,000 inhabitants.", (i24(MED, "q_pflpl_bev"),)),
    I("q_vunp_bev", 3, "3.6", "3.6.1", "decrease", "per_100000_inhabitants",
      "Road traffic casualties",
      "People killed or injured in road traffic per 100,000 inhabitants.", (i19("x349"),)),
    I("P01_PRIM_DIST", 4, "4.1 4.a", "", "decrease", "meters", "Local primary school provision",
      "Population-weighted straight-line distance to the nearest primary school, in metres "
      "(pooled school years 2016–2018, dated 2018).", (i19("x343"),)),
    I("a_schul_oA", 4, "4.1", "4.1.a 4.1.2", "decrease", "percent",
      "School leavers without a qualification",
      "School leavers without at least a lower secondary (Hauptschul) certificate as a share "
      "of all school leavers.", (i24(BIL, "a_schul_oA"), da("KRS1222", "schule_oabschl", 2022))),
    I("a_betr0003_bev0003", 4, "4.2", "4.2.a 4.2.2", "increase", "percent",
      "Childcare rate for children under 3",
      "Children under 3 in day-care centres as a share of all children under 3.",
      (i24(MED, "a_betr0003_bev0003"),)),
    I("a_kb_IgEinr", 4, "4.5 4.a", "4.a.1", "increase", "percent", "Inclusive day-care centres",
      "Inclusive day-care centres (children with and without disabilities) as a share of all "
      "day-care centres.", (i24(MED, "a_kb_IgEinr"),)),
    I("i_beschq_mf", 5, "5.1 8.5", "8.5.a", "increase", "percent",
      "Employment rate of women relative to men",
      "Employment rate of women (employees subject to social insurance at place of residence "
      "per 100 women of working age) divided by that of men, times 100.",
      (da("GEM1222", "beschq_w/beschq_m", 2023),)),
    I("q_bip_ew", 8, "8.1", "8.4 8.1.1", "increase", "eur_per_inhabitant",
      "GDP per inhabitant", "Gross domestic product in euros per inhabitant.",
      (i24(WIR, "q_bip_ew"),)),
    I("q_svw", 8, "8.5", "8.5.a", "increase", "percent", "Employment rate",
      "Employees subject to social insurance at place of residence per 100 inhabitants of "
      "working age (15 to 64).", (da("GEM1222", "beschq_insg", 2023),)),
    I("a_sva_akadem", 8, "8.2 4.4", "4.1.b", "increase", "percent",
      "Employees with an academic degree",
      "Employees subject to social insurance at place of work with an academic degree as a "
      "share of all such employees.", (da("KRS1224", "bquali_unifh", 2024),)),
    I("G02_SUP_DIST", 11, "11.1 2.1", "", "decrease", "meters", "Local supermarket provision",
      "Population-weighted straight-line distance to the nearest supermarket or discounter, "
      "in metres.", (i19("x339"),)),
    I("q_pkw_bev", 11, "11.2", "", "decrease", "per_1000_inhabitants", "Car density",
      "Registered passenger cars per 1,000 inhabitants.",
      (i19("x347"), da("KRS1222", "auto", 2024))),
    I("a_suv_fl", 11, "11.3", "11.1.a 11.3.1", "decrease", "percent",
      "Settlement and transport area",
      "Settlement and transport area as a share of the total area.",
      (i19("x237"), da("KRS1224", "fl_suv", 2024))),
    I("q_suv_ew", 11, "11.3", "11.1.c 11.3.1", "decrease", "m2_per_inhabitant",
      "Settlement and transport area per inhabitant",
      "Settlement and transport area in square metres per inhabitant (derived as 1,000,000 / "
      "inhabitants per km² of settlement and transport area, INKAR x238).",
      (i19("x238", 1_000_000 / pl.col("x238")),)),
    I("q_erhfl_bev", 11, "11.7", "11.3.b 11.7.1", "increase", "m2_per_inhabitant",
      "Recreational area per inhabitant", "Recreational area in square metres per inhabitant.",
      (i19("x240"),)),
    I("q_abf_bev", 12, "12.5", "11.6.1", "decrease", "kg_per_inhabitant", "Waste volume",
      "Waste disposed of or treated, in kg per inhabitant.", (i19("x248"),)),
    I("q_gsch_kk", 16, "16.6 17.13", "8.2.c", "decrease", "eur_per_inhabitant", "Cash advances",
      "Short-term cash advances (Kassenkredite) of the municipal core budgets in euros per "
      "inhabitant.", (i19("x280"), da("KRS1222", "ko_kasskred", 2023))),
    # -- further municipal indicators: INKAR 2024 --
    I("q_SGBII", 1, "1.2 1.3", "1.2.1", "decrease", "percent", "SGB II rate",
      "People entitled to basic income support for job-seekers (SGB II) as a share of "
      "inhabitants under 65.", (i24(SOZ, "q_SGBII"),)),
    I("a_sMin", 1, "1.2 1.3", "1.3.1", "decrease", "percent", "Minimum income benefits",
      "Recipients of minimum income benefits as a share of all inhabitants.",
      (i24(SOZ, "a_sMin"), da("KRS1224", "sozsich", 2024))),
    I("q_PBG_bev", 1, "1.2", "1.2.2", "decrease", "per_1000_inhabitants",
      "People in SGB II benefit households", "People in SGB II benefit households per 1,000 "
      "inhabitants.", (i24(SOZ, "q_PBG_bev"),)),
    I("q_hausarzt_bev", 3, "3.8", "3.8.1", "increase", "per_10000_inhabitants",
      "General practitioners", "General practitioners per 10,000 inhabitants.",
      (i24(MED, "q_hausarzt_bev"),)),
    I("q_ärzte_bev", 3, "3.c", "3.c.1", "increase", "per_10000_inhabitants", "Physicians",
      "Physicians per 10,000 inhabitants.", (i24(MED, "q_ärzte_bev"),)),
    I("q_kinderarzt_kinder", 3, "3.8 3.c", "3.c.1", "increase", "per_10000_children_under_15",
      "Paediatricians", "Paediatricians per 10,000 children under 15.",
      (i24(MED, "q_kinderarzt_kinder"),)),
    I("a_betr0306_bev0306", 4, "4.2", "4.2.2", "increase", "percent",
      "Childcare rate for children aged 3 to 5",
      "Children aged 3 to under 6 in day-care centres as a share of that age group.",
      (i24(MED, "a_betr0306_bev0306"),)),
    I("a_gbetr0003_bev0003", 4, "4.2", "4.2.a", "increase", "percent",
      "Full-day childcare rate for children under 3",
      "Children under 3 in day-care centres for 7 or more hours a day as a share of that age "
      "group.",
      (i24(MED, "a_gbetr0003_bev0003"),)),
    I("a_gbetr0306_bev0306", 4, "4.2", "4.2.b", "increase", "percent",
      "Full-day childcare rate for children aged 3 to 5",
      "Children aged 3 to under 6 in day-care centres for 7 or more hours a day as a share of "
      "that age group.", (i24(MED, "a_gbetr0306_bev0306"),)),
    I("a_schul_abi", 4, "4.1 4.3", "4.3.b", "increase", "percent",
      "School leavers with a university entrance qualification",
      "School leavers with the general higher education entrance qualification (Abitur) as a "
      "share of all school leavers.", (i24(BIL, "a_schul_abi"),)),
    I("q_bev_fl", 11, "11.3", "11.3.1", "", "inhabitants_per_km2", "Population density",
      "Inhabitants per square kilometre.", (i24(SIE, "q_bev_fl"),)),
    # -- further municipal indicators: INKAR 2019 --
    I("x225/x226", 5, "5.1 8.5", "5.1.a 8.5.1", "increase", "percent",
      "Median earnings of women relative to men",
      "Median monthly gross earnings of women in full-time employment subject to social "
      "insurance divided by that of men, times 100 (place of work).",
      (i19("x225", pl.col("x225") / pl.col("x226") * 100),),
      title_de="Verhältnis der Medianeinkommen von Frauen zu Männern",
      definition_de="Medianeinkommen der weiblichen sozialversicherungspflichtig "
      "Vollzeitbeschäftigten am Arbeitsort in % des Medianeinkommens der männlichen",
      formula_de="Medianeinkommen Frauen <Zeitpunkt> / Medianeinkommen Männer <Zeitpunkt> x 100"),
    I("x224", 8, "8.5", "8.5.1", "increase", "eur", "Median earnings",
      "Median monthly gross earnings of full-time employees subject to social insurance at "
      "place of work, in euros.", (i19("x224"),)),
    I("x233", 1, "1.2", "12.4", "decrease", "percent", "Over-indebtedness",
      "Over-indebted private persons per 100 inhabitants aged 18 and over.",
      (i19("x233"), da("KRS1222", "schulden", 2023))),
    I("x350", 3, "3.6", "3.6.1", "decrease", "per_100000_inhabitants", "Road traffic deaths",
      "People killed in road traffic per 100,000 inhabitants.", (i19("x350"),)),
    I("x346", 11, "11.2", "11.2.c 11.2.1", "increase", "percent", "Access to public transport",
      "Share of inhabitants living within 1 km straight-line distance of a public transport "
      "stop with at least 20 departures a day.", (i19("x346"),)),
    I("x338", 11, "11.2", "", "decrease", "minutes", "Car travel time to the next centre",
      "Average car travel time to the nearest middle-order or higher-order centre, in minutes.",
      (i19("x338"),)),
    I("x249", 12, "12.5", "11.6.1", "decrease", "kg_per_inhabitant", "Household waste",
      "Household waste (excluding electrical equipment) in kg per inhabitant.", (i19("x249"),)),
    I("x252", 12, "12.5", "12.5.1", "increase", "percent", "Recyclables in household waste",
      "Recyclables as a share of household waste.", (i19("x252"),)),
    I("x246", 15, "15.1 15.2", "15.1.1", "increase", "percent", "Forest area",
      "Forest and woodland as a share of the total area.", (i19("x246"),)),
    I("x244", 15, "15.1 15.5", "15.1 15.1.1", "increase", "percent", "Near-natural area",
      "Water bodies and vegetation other than agriculture and forest as a share of the total area.",
      (i19("x244"),)),
    I("x279", 16, "16.6 17.13", "8.2.c", "decrease", "eur_per_inhabitant", "Municipal debt",
      "Debt of the municipal core budgets in euros per inhabitant.", (i19("x279"),)),
    # -- further municipal indicators: Deutschlandatlas --
    I("p_harzt", 3, "3.8", "3.8.1", "decrease", "minutes", "Car travel time to a GP",
      "Mean car travel time to the nearest general practice, in minutes.",
      (da("GEM1221", "p_harzt", 2021),), title_de="Pkw-Fahrzeit zur hausärztlichen Praxis"),
    I("p_apo", 3, "3.8", "3.8.1", "decrease", "minutes", "Car travel time to a pharmacy",
      "Mean car travel time to the nearest public pharmacy, in minutes.",
      (da("GEM1224", "p_apo", 2024),), title_de="Pkw-Fahrzeit zur Apotheke"),
    I("p_notfall", 3, "3.8", "3.8.1", "decrease", "minutes",
      "Car travel time to emergency care",
      "Car travel time to the nearest hospital with a central emergency department, in minutes.",
      (da("GEM1222", "p_notfall", 2024),), title_de="Pkw-Fahrzeit zur Notaufnahme"),
    I("luftrtng", 3, "3.8", "", "decrease", "minutes", "Air rescue flight time",
      "Average daytime flight time of air rescue services, in minutes.",
      (da("GEM1218", "luftrtng", 2016),), title_de="Flugzeit der Luftrettung"),
    I("p_grunds", 4, "4.1 4.a", "", "decrease", "minutes",
      "Car travel time to a primary school",
      "Car travel time to the nearest primary school, in minutes (school years 2021–2024, dated "
      "2024).", (da("GEM1222", "p_grunds", 2024),), title_de="Pkw-Fahrzeit zur Grundschule"),
    I("kbetr_u3", 4, "4.2", "4.2.a 4.2.2", "increase", "percent",
      "Children under 3 in childcare (incl. childminders)",
      "Children under 3 in day-care centres or publicly funded childminding as a share of the "
      "age group.", (da("KRS1224", "kbetr_u3", 2024),),
      title_de="Betreute Kinder unter 3 Jahren (Kita und Tagespflege)"),
    I("kbetr_ue3", 4, "4.2", "4.2.b 4.2.2", "increase", "percent",
      "Children aged 3 to 5 in childcare (incl. childminders)",
      "Children aged 3 to under 6 in day-care centres or publicly funded childminding as a share "
      "of the age group.", (da("KRS1224", "kbetr_ue3", 2024),),
      title_de="Betreute Kinder von 3 bis unter 6 Jahren (Kita und Tagespflege)"),
    I("kbtr_pers", 4, "4.2", "", "decrease", "ratio", "Day-care places per educator",
      "Places in day-care centres per member of the pedagogical staff.",
      (da("KRS1222", "kbtr_pers", 2024),), title_de="Kita-Plätze je pädagogisch tätige Person"),
    I("elterng_v", 5, "5.4", "5.1.d", "increase", "percent", "Fathers taking parental allowance",
      "Share of children whose father received parental allowance (Elterngeld).",
      (da("KRS1222", "elterng_v", 2021),), title_de="Väterbeteiligung beim Elterngeld"),
    I("heiz_wohn", 7, "7.2", "7.2.a", "increase", "percent",
      "New dwellings heated mainly with renewables",
      "Dwellings completed in new residential buildings with primarily renewable heating as a "
      "share of all such dwellings.", (da("KRS1222", "heiz_wohn", 2022),),
      title_de="Neue Wohnungen mit erneuerbarer Heizenergie"),
    I("heiz_wohn_best", 7, "7.2", "7.2.a", "increase", "percent",
      "Existing dwellings heated mainly with renewables",
      "Dwellings in residential buildings with primarily renewable heating as a share of all "
      "existing dwellings.", (da("KRS1222", "heiz_wohn_best", 2022),),
      title_de="Wohnungsbestand mit erneuerbarer Heizenergie"),
    I("beschq_w", 8, "8.5 5.1", "8.5.a", "increase", "percent", "Employment rate of women",
      "Women employed subject to social insurance at place of residence per 100 women of "
      "working age.", (da("GEM1222", "beschq_w", 2023),), title_de="Beschäftigungsquote Frauen"),
    I("beschq_m", 8, "8.5", "8.5.a", "increase", "percent", "Employment rate of men",
      "Men employed subject to social insurance at place of residence per 100 men of working age.",
      (da("GEM1222", "beschq_m", 2023),), title_de="Beschäftigungsquote Männer"),
    I("alq", 8, "8.5", "8.5.2", "decrease", "percent", "Unemployment rate",
      "Registered unemployed as a share of all civilian labour force.",
      (da("KRS1222", "alq", 2023),), title_de="Arbeitslosenquote"),
    I("erw_mini", 8, "8.5 8.8", "", "decrease", "percent", "Marginal employment",
      "People exclusively in marginal (mini-job) employment at place of work as a share of all "
      "persons in employment.", (da("KRS1224", "erw_mini", 2023),),
      title_de="Ausschließlich geringfügig entlohnte Beschäftigte"),
    I("v_breitb1000", 9, "9.c", "9.1.b 17.6.1", "increase", "percent", "Gigabit broadband",
      "Share of households that can get internet access of at least 1,000 Mbit/s.",
      (da("GEM1223", "v_breitb1000", 2023),), title_de="Breitbandversorgung ≥ 1.000 Mbit/s"),
    I("v_breitb50", 9, "9.c", "9.c.1", "increase", "percent", "Broadband ≥ 50 Mbit/s",
      "Share of households that can get internet access of at least 50 Mbit/s.",
      (da("GEM1223", "v_breitb50", 2023),), title_de="Breitbandversorgung ≥ 50 Mbit/s"),
    I("v_5g", 9, "9.c", "9.c.1", "increase", "percent", "5G mobile coverage",
      "Share of the area covered by 5G mobile broadband.", (da("GEM1222", "v_5g", 2024),),
      title_de="Mobilfunkabdeckung 5G"),
    I("p_markt", 11, "11.1 2.1", "", "decrease", "minutes", "Car travel time to a supermarket",
      "Mean car travel time to the nearest supermarket or discounter, in minutes.",
      (da("GEM1222", "p_markt", 2021),), title_de="Pkw-Fahrzeit zum Supermarkt"),
    I("elade", 11, "11.2 7.2", "", "increase", "per_100000_inhabitants",
      "Public charging points for electric vehicles",
      "Publicly accessible charging points for electric vehicles per 100,000 inhabitants.",
      (da("KRS1222", "elade", 2024),), title_de="Öffentliche Ladepunkte für Elektrofahrzeuge"),
    I("eauto", 13, "13.2", "", "increase", "percent", "Battery electric cars",
      "Passenger cars with a purely electric drive (BEV) as a share of all passenger cars.",
      (da("KRS1222", "eauto", 2025),), title_de="Anteil reiner Elektro-Pkw"),
    I("wahl_beteil", 16, "16.7", "", "increase", "percent", "Voter turnout (Bundestag)",
      "Turnout at the federal parliament (Bundestag) election in the Kreis.",
      (da("KRS1222", "wahl_beteil", 2025),), title_de="Wahlbeteiligung Bundestagswahl"),
    I("straft", 16, "16.1", "", "decrease", "per_100000_inhabitants", "Recorded crime",
      "Criminal offences recorded by the police per 100,000 inhabitants.",
      (da("KRS1222", "straft", 2023),), title_de="Straftaten"),
    I("einbr", 16, "16.1", "", "decrease", "per_100000_inhabitants", "Residential burglary",
      "Cases of residential burglary per 100,000 inhabitants.",
      (da("KRS1222", "einbr", 2023),), title_de="Wohnungseinbruchdiebstahl"),
    I("p_poli", 16, "16.1", "", "decrease", "minutes", "Car travel time from a police station",
      "Mean car travel time from the nearest police station, in minutes.",
      (da("GEM1218", "p_poli", 2014),), title_de="Pkw-Fahrzeit von der Polizeidienststelle"),
    I("st_einnkr", 17, "17.1", "", "increase", "eur_per_inhabitant", "Tax-raising capacity",
      "Municipal tax-raising capacity (Steuereinnahmekraft) in euros per inhabitant.",
      (da("GEM1223", "st_einnkr", 2023),), title_de="Steuereinnahmekraft"),
    # -- VGRdL and localzero --
    I("vgrdl_2.4", 10, "10.1 1.2", "10.1.1", "increase", "eur_per_inhabitant",
      "Disposable household income per inhabitant",
      "Disposable income of private households (incl. non-profit institutions serving "
      "households) in euros per inhabitant.", (Pull("vgrdl", "2.4", "2.4"),),
      title_de="Verfügbares Einkommen der privaten Haushalte je Einwohner/-in",
      definition_de="Verfügbares Einkommen der privaten Haushalte einschl. der privaten "
      "Organisationen ohne Erwerbszweck je Einwohnerin und Einwohner in Euro"),
    I("vgrdl_1.4", 8, "8.1", "8.4", "increase", "eur_per_inhabitant",
      "Primary household income per inhabitant",
      "Primary income of private households (incl. non-profit institutions serving households) "
      "in euros per inhabitant.", (Pull("vgrdl", "1.4", "1.4"),),
      title_de="Primäreinkommen der privaten Haushalte je Einwohner/-in",
      definition_de="Primäreinkommen der privaten Haushalte einschl. der privaten "
      "Organisationen ohne Erwerbszweck je Einwohnerin und Einwohner in Euro"),
    I("lz_renewable", 7, "7.2 7.b", "7.2.a 7.2.b 7.b.1", "increase", "kw_per_1000_inhabitants",
      "Installed renewable capacity",
      "Installed capacity of photovoltaics, onshore wind, biomass and hydropower (Marktstamm"
      "datenregister, 2024) in kW per 1,000 inhabitants (population 31.12.2021).",
      (lz("renewable", "renewable_energy/2024.csv (pv+wind_on+biomass+water) / "
          "population/2021.csv total x 1000"),),
      title_de="Installierte Leistung erneuerbarer Energien",
      definition_de="Installierte Leistung aus Photovoltaik, Windenergie an Land, Biomasse und "
      "Wasserkraft in kW je 1.000 Einwohner/-innen",
      formula_de="(PV + Wind an Land + Biomasse + Wasser) in kW 2024 / Einwohner 31.12.2021 "
      "x 1.000"),
    I("lz_pv", 7, "7.2", "7.2.a 7.2.b", "increase", "kw_per_1000_inhabitants",
      "Installed photovoltaic capacity",
      "Installed photovoltaic capacity (2024) in kW per 1,000 inhabitants (population 2021).",
      (lz("pv", "renewable_energy/2024.csv pv / population/2021.csv total x 1000"),),
      title_de="Installierte Photovoltaik-Leistung",
      definition_de="Installierte Photovoltaik-Leistung in kW je 1.000 Einwohner/-innen",
      formula_de="PV-Leistung in kW 2024 / Einwohner 31.12.2021 x 1.000"),
    I("lz_wind", 7, "7.2", "7.2.a 7.2.b", "increase", "kw_per_1000_inhabitants",
      "Installed onshore wind capacity",
      "Installed onshore wind capacity (2024) in kW per 1,000 inhabitants (population 2021).",
      (lz("wind_on", "renewable_energy/2024.csv wind_on / population/2021.csv total x 1000"),),
      title_de="Installierte Leistung Windenergie an Land",
      definition_de="Installierte Leistung der Windenergie an Land in kW je 1.000 Einwohner/-innen",
      formula_de="Wind-an-Land-Leistung in kW 2024 / Einwohner 31.12.2021 x 1.000"),
    I("lz_suv", 11, "11.3", "11.1.a 11.3.1", "decrease", "percent",
      "Settlement and transport land (land-use survey)",
      "Land used for settlement and transport (ALKIS land-use groups Siedlung and Verkehr, "
      "including mining land) as a share of the total area, for every Gemeinde.",
      (lz("suv_share", "area/2021.csv (land_settlement + land_traffic) / land_total x 100"),),
      title_de="Siedlungs- und Verkehrsfläche laut Flächenerhebung (Bodenfläche)",
      definition_de="Anteil der Bodenflächen Siedlung und Verkehr (einschließlich Abbauland) an "
      "der Gesamtfläche in %; anders als bei INKAR ist Bergbau- und Tagebaufläche enthalten",
      formula_de="(Siedlungsfläche + Verkehrsfläche) / Gesamtfläche x 100"),
]
# fmt: on


class Build:
    """Collected raw frames (key, name, level, year, value per pull) and the report."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.municipal = data / "municipal"
        self.frames: dict[str, list[pl.DataFrame]] = {}
        self.unmatched: list[dict[str, object]] = []
        self.skipped: list[str] = []
        self.regions = pl.read_csv(REGIONS_CSV, infer_schema=False)
        self.ars_by_ags = dict(zip(self.regions["ags"], self.regions["ars"], strict=True))
        self._da: dict[str, dict[str, tuple[pl.DataFrame, dict[str, str]]]] = {}
        self._inkar19: pl.DataFrame | None = None

    # ---- raw readers -------------------------------------------------------------------------
    def inkar24(self, table: str, column: str) -> pl.DataFrame:
        frame = pl.read_parquet(self.municipal / "inkar-2024" / f"{table}.parquet",
                                columns=["raumbezug", "kennziffer", "name", "zeitbezug",
                                         column])  # fmt: skip
        frame = frame.filter(pl.col("raumbezug").is_in(list(INKAR_LEVELS)))
        return frame.select(
            level=pl.col("raumbezug").replace_strict(INKAR_LEVELS),
            key=pl.col("kennziffer"),
            name=pl.col("name"),
            year=pl.col("zeitbezug").str.slice(-4).cast(pl.Int32),
            value=pl.col(column),
        ).with_columns(ags=_inkar_ags())

    def inkar19(self, column: str, expr: pl.Expr | None = None) -> pl.DataFrame:
        if self._inkar19 is None:
            folder = self.municipal / "inkar-2019"
            regions = pl.read_parquet(folder / "_regionen.parquet").filter(
                pl.col("raumbezug").is_in(list(INKAR_LEVELS))
            )
            tables = [pl.read_parquet(p) for p in sorted(folder.glob("[!_]*.parquet"))]
            wide = tables[0]
            for table in tables[1:]:
                wide = wide.join(table, on=["region_id", "zeitbezug"], how="full", coalesce=True)
            self._inkar19 = wide.join(regions, left_on="region_id", right_on="id")
        width = {"bund": 0, "land": 2, "kreis": 5, "gemeinde": 8}
        frame = self._inkar19.select(
            level=pl.col("raumbezug").replace_strict(INKAR_LEVELS),
            kennziffer=pl.col("kennziffer").cast(pl.Utf8),
            name=pl.col("name"),
            # pooled periods such as "2016/2017/2018" are dated by their last year
            year=pl.col("zeitbezug").str.slice(-4).cast(pl.Int32),
            value=pl.col(column) if expr is None else expr,
        )
        frame = frame.with_columns(
            key=pl.col("kennziffer").str.zfill(
                pl.col("level").replace_strict(width, return_dtype=pl.Int64)
            )
        )
        return frame.with_columns(ags=_inkar_ags()).drop("kennziffer")

    def da_sheets(self, edition: str) -> dict[str, tuple[pl.DataFrame, dict[str, str]]]:
        """Sheet name → (frame with key, name and indicator columns as text; header texts)."""
        if edition not in self._da:
            reader = fastexcel.read_excel(self.municipal / "deutschlandatlas" / DA_FILES[edition])
            sheets = {}
            for sheet in reader.sheet_names:
                if re.fullmatch(r"Deutschlandatlas_(GEM|KRS)\d{4}", sheet):
                    sheets[sheet.split("_")[1]] = _read_da_sheet(reader, sheet)
            self._da[edition] = sheets
        return self._da[edition]

    def da(self, edition: str, column: str) -> tuple[pl.DataFrame, str, str] | None:
        for sheet, (frame, headers) in sorted(self.da_sheets(edition).items(), reverse=True):
            if column in frame.columns:
                level = "gemeinde" if sheet.startswith("GEM") else "kreis"
                raw = frame.select(
                    key=pl.col("key"), name=pl.col("name"),
                    value=pl.col(column).cast(pl.Float64, strict=False),
                ).filter(pl.col("value") != MISSING)  # fmt: skip
                raw = raw.with_columns(level=pl.lit(level), ags=pl.col("key").str.zfill(8))
                return raw, sheet, headers.get(column, "")
        return None

    # ---- pulls ---------------------------------------------------------------------------------
    def pull(self, indicator: Indicator, pull: Pull) -> list[tuple[str, pl.DataFrame]]:
        """(edition, frame with level, key, ags, name, year, value) for one data location."""
        kind = pull.kind
        if kind == "inkar24":
            return [("inkar-2024", self.inkar24(pull.table, pull.column))]
        if kind == "inkar19":
            frame = self.inkar19(pull.column, pull.expr)
            return [("inkar-2019", frame)]
        if kind == "vgrdl":
            return [("vgrdl-2024", self.vgrdl(pull.table))]
        if kind == "localzero":
            return [("localzero-2021", self.localzero(pull.column))]
        return self.da_pull(indicator, pull)

    def da_pull(self, indicator: Indicator, pull: Pull) -> list[tuple[str, pl.DataFrame]]:
        """The newer edition states each year in its header; the older edition's cell is used
        for that year only where its values equal the newer ones (else its year is unknown)."""
        columns = pull.column.split("/")
        out = []
        newest: pl.DataFrame | None = None
        for edition in ("deutschlandatlas-2026-04", "deutschlandatlas-2024-12"):
            parts = [self.da(edition, c) for c in columns]
            if any(p is None for p in parts):
                continue
            frame = parts[0][0]  # type: ignore[index]
            if len(parts) == 2:  # ratio of two columns x 100
                den = parts[1][0].select("key", den=pl.col("value"))  # type: ignore[index]
                frame = (
                    frame.join(den, on="key")
                    .with_columns(
                        value=pl.when(pl.col("den") != 0).then(
                            pl.col("value") / pl.col("den") * 100
                        )
                    )
                    .drop("den")
                )
            year = pull.year
            if edition == "deutschlandatlas-2026-04":
                header = parts[0][2]  # type: ignore[index]
                if str(year)[2:] not in header:
                    raise SystemExit(f"{pull.column}: year {year} not in header {header!r}")
                newest = frame
            elif newest is not None and not _same_values(frame, newest):
                year = DA_OLD_YEARS.get(columns[0])
                if year is None:
                    self.skipped.append(f"{edition} {pull.column}: values differ from the newer "
                                        "edition and the file states no year")  # fmt: skip
                    continue
            out.append((edition, frame.with_columns(year=pl.lit(year, pl.Int32))))
        return out

    def vgrdl(self, sheet: str) -> pl.DataFrame:
        reader = fastexcel.read_excel(self.municipal / "vgrdl" / "vgrdl_r2b3_bs2024.xlsx")
        raw = reader.load_sheet_by_name(sheet, header_row=None, dtypes="string").to_polars()
        header = [str(v) for v in raw.row(4)]
        frame = raw[6:]
        frame.columns = [f"c{i}" if not h[:4].isdigit() else h[:4] for i, h in enumerate(header)]
        frame = frame.filter(pl.col("c2").is_not_null() & pl.col("c1").is_not_null())
        years = [c for c in frame.columns if c.isdigit()]
        long = frame.unpivot(index=["c1", "c2", "c7"], on=years, variable_name="year")
        # EU code "DE" is Germany (its Regionalschlüssel is written "17"); 2 digits = Land
        long = long.with_columns(
            level=pl.when(pl.col("c1") == "DE").then(pl.lit("bund"))
            .when(pl.col("c2").str.len_chars() == 2).then(pl.lit("land"))
            .when(pl.col("c2").str.len_chars() == 5).then(pl.lit("kreis")),
        ).filter(pl.col("level").is_not_null())  # fmt: skip
        return long.select(
            "level", key=pl.col("c2"), name=pl.col("c7"), year=pl.col("year").cast(pl.Int32),
            value=pl.col("value").cast(pl.Float64, strict=False),
            ags=pl.when(pl.col("level") == "bund").then(pl.lit("00000000"))
            .otherwise(pl.col("c2").str.pad_end(8, "0")),
        )  # fmt: skip

    def localzero(self, what: str) -> pl.DataFrame:
        folder = self.data / "regions" / "localzero"
        text = {"ags": pl.Utf8}
        names = pl.read_csv(folder / "ags" / "2021.csv", schema_overrides=text)
        population = pl.read_csv(folder / "population" / "2021.csv", schema_overrides=text)
        area = pl.read_csv(folder / "area" / "2021.csv", schema_overrides=text)
        energy = pl.read_csv(folder / "renewable_energy" / "2024.csv", schema_overrides=text)
        frame = population.join(area, on="ags", how="left").join(energy, on="ags", how="left")
        per_1000 = 1000 / pl.col("total")
        expressions = {
            "renewable": (pl.sum_horizontal("pv", "wind_on", "biomass", "water") * per_1000, 2024),
            "pv": (pl.col("pv") * per_1000, 2024),
            "wind_on": (pl.col("wind_on") * per_1000, 2024),
            "suv_share": ((pl.col("land_settlement") + pl.col("land_traffic"))
                          / pl.col("land_total") * 100, 2021),
        }  # fmt: skip
        expression, year = expressions[what]
        frame = frame.join(names, on="ags", how="left").select(
            key=pl.col("ags"), name=pl.col("description"), value=expression,
            year=pl.lit(year, pl.Int32),
            ags=pl.when(pl.col("ags") == "DG000000").then(pl.lit("00000000")).otherwise("ags"),
        )  # fmt: skip
        return frame.with_columns(level=_level_of_ags(pl.col("ags")))

    # ---- normalisation -----------------------------------------------------------------------
    def normalise(self, edition: str, indicator: Indicator, frame: pl.DataFrame) -> pl.DataFrame:
        frame = frame.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
        frame = frame.with_columns(region=pl.col("ags").replace_strict(self.ars_by_ags,
                                                                        default=None))  # fmt: skip
        missing = frame.filter(pl.col("region").is_null())
        for row in (
            missing.group_by("key", "level")
            .agg(pl.col("name").first(), pl.len())
            .iter_rows(named=True)
        ):
            self.unmatched.append({
                "source": source_of(edition),
                "edition": edition, "key": row["key"], "name": row["name"], "level": row["level"],
                "rows": row["len"], "reason": "key not in the region directory (status 31.12.2021)",
            })  # fmt: skip
        frame = frame.filter(pl.col("region").is_not_null())
        frame = frame.with_columns(rank=pl.col("level").replace_strict(LEVEL_RANK))
        frame = frame.sort("region", "year", "rank").unique(["region", "year"], keep="first")
        indicator.levels.update(set(frame["level"].unique()) & {"kreis", "gemeinde"})
        return frame.select(
            indicator=pl.lit(indicator.code),
            region="region",
            series=pl.lit(""),
            year="year",
            value=pl.col("value").cast(pl.Float64),
            unit=pl.lit(indicator.unit),
        )


def source_of(edition: str) -> str:
    """'deutschlandatlas-2024-12' → 'deutschlandatlas'; INKAR editions are sources of their own."""
    return edition if edition.startswith("inkar") else edition.split("-")[0]


def _inkar_ags() -> pl.Expr:
    key = pl.col("key")
    return (
        pl.when(pl.col("level") == "bund").then(pl.lit("00000000"))
        .otherwise(key.str.pad_end(8, "0"))
    )  # fmt: skip


def _level_of_ags(ags: pl.Expr) -> pl.Expr:
    return (
        pl.when(ags == "00000000").then(pl.lit("bund"))
        .when(ags.str.slice(2) == "000000").then(pl.lit("land"))
        .when(ags.str.slice(5) == "000").then(pl.lit("kreis"))
        .otherwise(pl.lit("gemeinde"))
    )  # fmt: skip


def _read_da_sheet(reader: fastexcel.ExcelReader, sheet: str) -> tuple[pl.DataFrame, dict]:
    raw = reader.load_sheet_by_name(sheet, header_row=None, dtypes="string").to_polars()
    first = raw[:, 0].to_list()
    row = next(i for i, v in enumerate(first) if v and str(v)[:3] in ("GKZ", "KRS", "VBG"))
    texts = [str(v or "") for v in raw.row(row)]
    names = ["key", "name"] + [re.sub(r"Indikatorkürzel:\s*", "", t).split("\n")[0].strip()
                               for t in texts[2:]]  # fmt: skip
    headers = {n: " ".join(t.split("\n\n", 1)[-1].split())
               for n, t in zip(names, texts, strict=True) if "\n\n" in t}  # fmt: skip
    frame = raw[row + 1 :]
    frame.columns = names
    frame = frame.filter(pl.col("key").str.contains(r"^\d+$"))
    return frame, headers


def _same_values(old: pl.DataFrame, new: pl.DataFrame) -> bool:
    """True when ≥ 95 % of shared keys agree within rounding (the newer file rounds more)."""
    joined = old.select("key", a="value").join(new.select("key", b="value"), on="key")
    close = ((pl.col("a") - pl.col("b")).abs() <= 0.051 + 0.005 * pl.col("b").abs()).sum()
    return joined.height > 0 and joined.select(close).item() >= 0.95 * joined.height


def assign_codes(indicators: list[Indicator]) -> None:
    counters: Counter[int] = Counter()
    for indicator in sorted(indicators, key=lambda i: i.goal):  # stable: spec order per goal
        counters[indicator.goal] += 1
        indicator.code = f"K{indicator.goal}.{counters[indicator.goal]}"
        indicator.sort_key = f"K{indicator.goal:02d}.{counters[indicator.goal]:02d}"


def fill_inkar_texts(build: Build, indicators: list[Indicator]) -> None:
    """German title, definition, formula and rationale from the INKAR indicator tables."""
    meta24 = {r["kuerzel"]: r for r in pl.read_parquet(
        build.municipal / "inkar-2024" / "_indikatoren.parquet").iter_rows(named=True)}  # fmt: skip
    meta19 = {f"x{r['id']}": r for r in pl.read_parquet(
        build.municipal / "inkar-2019" / "_indikatoren.parquet").iter_rows(named=True)}  # fmt: skip
    for indicator in indicators:
        meta = meta24.get(indicator.key) or meta19.get(indicator.inkar)
        if meta is None:
            continue
        indicator.title_de = indicator.title_de or meta["kurzname"].strip()
        indicator.definition_de = indicator.definition_de or meta["name"].strip()
        indicator.formula_de = indicator.formula_de or " ".join((meta["algorithmus"] or "").split())
        basis = (meta["statistische_grundlagen"] or "").strip()
        note = " ".join((meta["anmerkungen"] or "").split())
        indicator.rationale_de = " ".join(p for p in (note, f"Statistische Grundlagen: {basis}."
                                                      if basis else "") if p)  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build(data_dir: Path, out: Path) -> dict[str, object]:
    started = time.perf_counter()
    run = Build(data_dir)
    indicators = [i for i in INDICATORS]
    assign_codes(indicators)
    fill_inkar_texts(run, indicators)
    by_edition: dict[str, list[pl.DataFrame]] = {}
    for indicator in indicators:
        for pull in indicator.pulls:
            for edition, frame in run.pull(indicator, pull):
                if pull.kind == "da" and not indicator.definition_de:
                    indicator.definition_de = run.da(edition, pull.column.split("/")[0])[2]
                by_edition.setdefault(edition, []).append(run.normalise(edition, indicator, frame))
    (out / "observations").mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {"rows": {}}
    level_of = dict(zip(run.regions["ars"], run.regions["level"], strict=True))
    for edition, frames in sorted(by_edition.items()):
        frame = pl.concat(frames).cast(OBS_SCHEMA).sort("indicator", "region", "series", "year")  # type: ignore[arg-type]
        if frame.select(
            pl.struct("indicator", "region", "series", "year").is_duplicated().any()
        ).item():
            raise SystemExit(f"{edition}: duplicate observations")
        frame.write_parquet(out / "observations" / f"{edition}.parquet", compression="zstd",
                            compression_level=19, statistics=False)  # fmt: skip
        levels = Counter(level_of[r] for r in frame["region"])
        summary["rows"][edition] = (frame.height, dict(sorted(levels.items())))  # type: ignore[index]
    with_data = sorted((i for i in indicators if i.levels), key=lambda i: i.sort_key)
    write_csv(out / "indicators.csv", CATALOGUE_COLUMNS, [i.row() for i in with_data])
    unknown = sorted({i.unit for i in with_data} - UNITS)
    if unknown:
        raise SystemExit(f"units not in zielwerk/data/units/units.csv: {unknown}")
    write_csv(out / "sources.csv", list(SOURCES[0]), [list(s.values()) for s in SOURCES])
    unmatched = sorted(run.unmatched, key=lambda r: (r["edition"], r["level"], r["key"]))
    merged: dict[tuple, dict[str, object]] = {}
    for row in unmatched:  # one line per key and edition, rows summed over indicators
        k = (row["source"], row["edition"], row["key"], row["level"])
        merged.setdefault(k, {**row, "rows": 0})["rows"] += row["rows"]  # type: ignore[operator]
    cols = ["source", "edition", "key", "name", "level", "rows", "reason"]
    write_csv(out / "unmatched.csv", cols, [[r[c] for c in cols] for r in merged.values()])
    summary["indicators"] = Counter(i.source for i in with_data)
    summary["without_data"] = [i.key for i in indicators if not i.levels]
    summary["unmatched"] = Counter((r["edition"], r["level"]) for r in merged.values())
    summary["skipped"] = run.skipped
    summary["bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = build(args.data_dir, args.output)
    log.info("indicators by source: %s", dict(sorted(summary["indicators"].items())))  # type: ignore[union-attr]
    for edition, (rows, levels) in summary["rows"].items():  # type: ignore[union-attr]
        log.info("observations %s: %s rows %s", edition, rows, levels)
    log.info("unmatched keys (edition, level): %s", dict(sorted(summary["unmatched"].items())))  # type: ignore[union-attr]
    for note in summary["skipped"]:  # type: ignore[union-attr]
        log.info("not imported: %s", note)
    if summary["without_data"]:
        log.info("left out for lack of data: %s", summary["without_data"])
    log.info("package data: %s bytes, built in %s s", summary["bytes"], summary["seconds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
