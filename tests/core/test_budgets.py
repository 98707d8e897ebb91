"""Product budgets (OffenerHaushalt, Fiscal Data Package) read into the tidy frame.

The shared budgets live in ``../shared/data/budgets/offenerhaushalt`` beside the repository;
the tests on them skip when that folder is absent. Expected totals are computed here from the
raw files with the csv module and ``Decimal``, independently of the reader. The measured
counts and totals are recorded in docs/budgets-data.md.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from zielwerk.core.budgets import (
    NKF_PRODUCT_AREAS,
    SCHEMA,
    SUGGESTED_GOALS,
    ColumnMapping,
    budget_read,
    budget_read_csv,
    budget_totals,
    nkf_area,
    suggested_goals,
)
from zielwerk.core.errors import InputCode, InputFileError
from zielwerk.core.limits import LimitExceeded
from zielwerk.core.regions.codes import RegionCodeError

ROOT = Path(__file__).resolve().parents[2]
BUDGETS = ROOT.parent / "shared" / "data" / "budgets" / "offenerhaushalt"
needs_shared = pytest.mark.skipif(
    not BUDGETS.exists(),
    reason="the shared data (../shared/data/budgets/offenerhaushalt) is absent",
)

KOELN = "053150000000"
KOELN_ALL = "__os_imported__de-nrw-cologne"
KOELN_CSV = BUDGETS / "NW" / "koeln" / "data" / f"{KOELN_ALL}.csv"

# folder, ARS, reader options, raw columns (year, direction, amount, phase or None)
CITIES = {
    "Wuppertal": (
        "NW/Wuppertal",
        "051240000000",
        {"skip_missing_amounts": True},
        ("Year", "Typ", "Betrag", "Art"),
    ),
    "Düsseldorf": ("NW/dusseldorf", "051110000000", {}, ("Jahr", "Richtung", "Betrag", "HH-Art")),
    "Freiburg": ("BW/freiburg", "083110000000", {}, ("Jahr", "Art", "Betrag", None)),
    "Frankfurt": (
        "HE/Frankfurt-am-Main",
        "064120000000",
        {"ignore_currency": True, "skip_missing_amounts": True},
        ("Haushaltsjahr", "Ertrag / Aufwand", "Betrag", "Haushalt"),
    ),
    "Karlsruhe": (
        "BW/karlsruhe",
        "082120000000",
        {"skip_missing_amounts": True},
        ("JAHR", "Einnahme / Ausgabe", "BETRAG", "TYP"),
    ),
}
RAW_DIRECTION = {"Ertrag": "Ertrag", "Erträge": "Ertrag", "Einnahme": "Ertrag"} | {
    "Aufwand": "Aufwand",
    "Aufwendung": "Aufwand",
    "Aufwendungen": "Aufwand",
    "Ausgabe": "Aufwand",
}


def _raw_totals(
    path: Path, year: str, direction: str, amount: str, phase: str | None
) -> tuple[dict[tuple[int, str | None, str], Decimal], int]:
    """Sums per (year, phase, direction) straight from the file, and the rows without amount."""
    sums: dict[tuple[int, str | None, str], Decimal] = defaultdict(Decimal)
    empty = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row[amount] in ("", "nan"):
                empty += 1
                continue
            key = (int(row[year]), row[phase] if phase else None, RAW_DIRECTION[row[direction]])
            sums[key] += Decimal(row[amount])
    return dict(sums), empty


def _totals(frame: pl.DataFrame) -> dict[tuple[int, str | None, str], float]:
    return {(y, p, d): a for y, p, d, a, _ in budget_totals(frame).rows()}


# -- Köln ------------------------------------------------------------------------------


@needs_shared
def test_koeln_reads_completely_and_totals_equal_the_source_file() -> None:
    table = budget_read(
        BUDGETS / "NW" / "koeln" / "datapackage.json", ars=KOELN, resource=KOELN_ALL
    )
    frame = table.frame
    expected, empty = _raw_totals(KOELN_CSV, "time_year", "art_label", "amount", None)
    with KOELN_CSV.open(encoding="utf-8", newline="") as handle:
        source_rows = sum(1 for _ in csv.DictReader(handle))
    assert (frame.height, source_rows, empty, table.skipped) == (1414, 1414, 0, ())
    assert frame.schema == pl.Schema(SCHEMA)
    assert frame["ars"].unique().to_list() == [KOELN]
    assert sorted({year for year, _, _ in expected}) == list(range(2012, 2019))
    got = _totals(frame)
    assert got.keys() == expected.keys()
    for key, amount in expected.items():  # Köln's amounts are whole euros: exact in float
        assert got[key] == float(amount), key
    assert frame["line"].to_list() == list(range(2, 1416))
    first = frame.row(0, named=True)
    assert (first["area_code"], first["area_name"], first["group_code"], first["direction"]) == (
        "1",
        "Innere Verwaltung",
        "101",
        "Ertrag",
    )


@needs_shared
def test_koeln_totals_per_area_for_every_year() -> None:
    frame = budget_read(
        BUDGETS / "NW" / "koeln" / "datapackage.json", ars=KOELN, resource=KOELN_ALL
    ).frame
    expected: dict[tuple[int, str, str], int] = defaultdict(int)
    with KOELN_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (int(row["time_year"]), row["produktbereich_name"], row["art_label"])
            expected[key] += int(row["amount"])
    totals = budget_totals(frame, by=("year", "area_code", "direction"))
    got = {(y, a, d): amount for y, a, d, amount, _ in totals.rows()}
    assert got == {key: float(value) for key, value in expected.items()}
    assert len(got) == 7 * 18 * 2


@needs_shared
@pytest.mark.parametrize("year", range(2012, 2019))
def test_koeln_year_files_equal_the_all_years_file(year: int) -> None:
    descriptor = BUDGETS / "NW" / "koeln" / "datapackage.json"
    whole = budget_read(descriptor, ars=KOELN, resource=KOELN_ALL).frame
    one = budget_read(descriptor, ars=KOELN, resource=f"{KOELN_ALL}__{year}").frame
    assert one.height == 202
    assert _totals(one) == _totals(whole.filter(pl.col("year") == year))


@needs_shared
def test_koeln_without_a_resource_name_is_refused_naming_the_choices() -> None:
    with pytest.raises(InputFileError) as caught:
        budget_read(BUDGETS / "NW" / "koeln" / "datapackage.json", ars=KOELN)
    (problem,) = caught.value.problems
    assert (problem.column, problem.code) == ("resource", InputCode.NOT_ONE_OF)
    assert KOELN_ALL in str(problem.params["allowed"])
    assert f"{KOELN_ALL}__2018" in str(problem.params["allowed"])


# -- other cities ----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("city", sorted(CITIES))
def test_city_reads_with_its_descriptor_and_totals_equal_the_source(city: str) -> None:
    folder, ars, options, raw = CITIES[city]
    descriptor = BUDGETS / folder / "datapackage.json"
    table = budget_read(
        descriptor,
        ars=ars,
        ignore_currency=options.get("ignore_currency", False),
        skip_missing_amounts=options.get("skip_missing_amounts", False),
    )
    csv_path = next((BUDGETS / folder).glob("*.csv"))
    expected, empty = _raw_totals(csv_path, *raw)
    with csv_path.open(encoding="utf-8", newline="") as handle:
        source_rows = sum(1 for _ in csv.DictReader(handle))
    assert table.frame.height == source_rows - empty
    assert len(table.skipped) == empty
    assert all(p.code == InputCode.MISSING_VALUE for p in table.skipped)
    got = _totals(table.frame)
    assert got.keys() == expected.keys()
    for key, amount in expected.items():
        assert got[key] == pytest.approx(float(amount), rel=1e-12), key


@needs_shared
def test_frankfurt_descriptor_currency_usd_is_refused_unless_ignored() -> None:
    with pytest.raises(InputFileError) as caught:
        budget_read(BUDGETS / "HE" / "Frankfurt-am-Main" / "datapackage.json", ars="064120000000")
    (problem,) = caught.value.problems
    assert (problem.column, problem.value, problem.code) == (
        "model.measures.currency",
        "USD",
        InputCode.NOT_ONE_OF,
    )


@needs_shared
def test_wuppertal_empty_amounts_are_refused_by_default_with_their_lines() -> None:
    with pytest.raises(InputFileError) as caught:
        budget_read(BUDGETS / "NW" / "Wuppertal" / "datapackage.json", ars="051240000000")
    problems = caught.value.problems
    assert len(problems) == 42
    assert (problems[0].line, problems[0].column, problems[0].value) == (2, "Betrag", "nan")
    assert {p.code for p in problems} == {InputCode.MISSING_VALUE}


# -- corrupted copies: nothing is returned, the place is named ------------------------


def _koeln_copy(tmp_path: Path) -> Path:
    target = tmp_path / "koeln"
    shutil.copytree(BUDGETS / "NW" / "koeln", target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


@needs_shared
def test_a_bad_number_in_one_cell_refuses_the_whole_file(tmp_path: Path) -> None:
    folder = _koeln_copy(tmp_path)
    data = folder / "data" / f"{KOELN_ALL}.csv"
    with data.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1415  # no cell spans lines: row 699 is on line 700
    rows[699][rows[0].index("amount")] = "12x45"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    result = None
    with pytest.raises(InputFileError) as caught:
        result = budget_read(folder / "datapackage.json", ars=KOELN, resource=KOELN_ALL)
    assert result is None
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value, problem.code) == (
        str(data),
        700,
        "amount",
        "12x45",
        InputCode.NOT_A_NUMBER,
    )
    assert problem.params == {"field": "amount"}


@needs_shared
def test_a_missing_column_refuses_the_file_naming_the_column(tmp_path: Path) -> None:
    folder = _koeln_copy(tmp_path)
    data = folder / "data" / f"{KOELN_ALL}.csv"
    with data.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle)]
    drop = rows[0].index("time_year")
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([c for i, c in enumerate(row) if i != drop] for row in rows)
    with pytest.raises(InputFileError) as caught:
        budget_read(folder / "datapackage.json", ars=KOELN, resource=KOELN_ALL)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.code, problem.params) == (
        1,
        "time_year",
        InputCode.MISSING_COLUMN,
        {"field": "year"},
    )


@needs_shared
def test_a_resource_path_outside_the_package_is_refused(tmp_path: Path) -> None:
    folder = _koeln_copy(tmp_path)
    descriptor = folder / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][0]["path"] = "../../etc/passwd"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        budget_read(descriptor, ars=KOELN, resource=KOELN_ALL)
    (problem,) = caught.value.problems
    assert (problem.column, problem.value, problem.code) == (
        "resources.path",
        "../../etc/passwd",
        InputCode.MALFORMED_VALUE,
    )


# -- explicit mapping, German numbers, limits (no shared data needed) -----------------

MAPPING = ColumnMapping(
    year="Jahr",
    direction="Art",
    amount="Betrag",
    phase="HH",
    area_code="PB",
    area_name="PB-Name",
    delimiter=";",
)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "haushalt.csv"
    path.write_text("Jahr;HH;PB;PB-Name;Art;Betrag\n" + body, encoding="utf-8")
    return path


def test_german_numbers_and_phases_with_an_explicit_mapping(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "2024;Ansatz;01;Innere Verwaltung;Aufwendungen;1.234.567,89\n"
        "2024;Ansatz;01;Innere Verwaltung;Erträge;-12,5\n"
        "2023;Ergebnis;12;Verkehr;Aufwand;42\n",
    )
    frame = budget_read_csv(path, MAPPING, ars=KOELN).frame
    assert frame.select(
        "year", "phase", "phase_kind", "area_code", "direction", "amount", "line"
    ).rows() == [
        (2024, "Ansatz", "plan", "01", "Aufwand", 1234567.89, 2),
        (2024, "Ansatz", "plan", "01", "Ertrag", -12.5, 3),
        (2023, "Ergebnis", "actual", "12", "Aufwand", 42.0, 4),
    ]
    assert frame["group_code"].null_count() == 3


def test_every_problem_is_reported_with_line_column_field_and_value(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "2024;Ansatz;01;X;Aufwand;1.23,4\n"  # grouping wrong
        "20x4;Ansatz;01;X;Aufwand;1\n"
        "2024;Ansatz;01;X;Zuschuss;1\n"
        "2024;Ansatz;01;X;Aufwand;\n",
    )
    with pytest.raises(InputFileError) as caught:
        budget_read_csv(path, MAPPING, ars=KOELN)
    found = [(p.line, p.column, p.params["field"], p.value, p.code) for p in caught.value.problems]
    assert found == [
        (2, "Betrag", "amount", "1.23,4", InputCode.NOT_A_NUMBER),
        (3, "Jahr", "year", "20x4", InputCode.NOT_AN_INTEGER),
        (4, "Art", "direction", "Zuschuss", InputCode.NOT_ONE_OF),
        (5, "Betrag", "amount", "", InputCode.MISSING_VALUE),
    ]


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, '2024;A;01;"Innere\nVerwaltung";Aufwand;1\n2024;A;01;X;Aufwand;zwei\n')
    with pytest.raises(InputFileError) as caught:
        budget_read_csv(path, MAPPING, ars=KOELN)
    (problem,) = caught.value.problems
    assert (problem.line, problem.value) == (4, "zwei")


def test_rows_beyond_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("zielwerk.core.budgets.read.MAX_ROWS", 3)
    path = _write(tmp_path, "2024;A;01;X;Aufwand;1\n" * 4)
    with pytest.raises(LimitExceeded) as caught:
        budget_read_csv(path, MAPPING, ars=KOELN)
    assert caught.value.limit == "max_rows"


def test_the_ars_is_checked_never_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path, "2024;A;01;X;Aufwand;1\n")
    with pytest.raises(RegionCodeError):
        budget_read_csv(path, MAPPING, ars="Köln")


def test_a_missing_data_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    descriptor = tmp_path / "datapackage.json"
    fields = [
        {"name": "Jahr", "osType": "date:fiscal-year"},
        {"name": "Art", "osType": "direction"},
        {"name": "Betrag", "osType": "value"},
    ]
    resource = {"name": "b", "path": "fehlt.csv", "schema": {"fields": fields}}
    descriptor.write_text(json.dumps({"resources": [resource]}), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        budget_read(descriptor, ars=KOELN)
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == (str(tmp_path / "fehlt.csv"), InputCode.UNREADABLE)


def test_a_descriptor_without_a_year_field_names_what_is_missing(tmp_path: Path) -> None:
    descriptor = tmp_path / "datapackage.json"
    fields = [{"name": "Art", "osType": "direction"}, {"name": "Betrag", "osType": "value"}]
    resource = {"name": "b", "path": "b.csv", "schema": {"fields": fields}}
    descriptor.write_text(json.dumps({"resources": [resource]}), encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        budget_read(descriptor, ars=KOELN)
    (problem,) = caught.value.problems
    assert (problem.column, problem.code, problem.params) == (
        "schema.fields",
        InputCode.MISSING_FOR_KIND,
        {"kinds": "year"},
    )


def test_totals_refuse_unknown_groupings() -> None:
    with pytest.raises(ValueError, match="amount"):
        budget_totals(pl.DataFrame(schema=SCHEMA), by=("amount",))


# -- suggested SDG goals of the NKF Produktbereiche ------------------------------------


def test_the_seventeen_nkf_areas_each_have_a_suggestion() -> None:
    assert list(NKF_PRODUCT_AREAS) == [f"{n:02d}" for n in range(1, 18)]
    assert SUGGESTED_GOALS.keys() == NKF_PRODUCT_AREAS.keys()
    goals = {goal for suggestion in SUGGESTED_GOALS.values() for goal in suggestion}
    assert goals <= set(range(1, 18))
    assert suggested_goals("14")[0] == 13


@needs_shared
def test_koeln_and_duesseldorf_areas_resolve_to_the_nkf_areas() -> None:
    koeln = budget_read(
        BUDGETS / "NW" / "koeln" / "datapackage.json", ars=KOELN, resource=KOELN_ALL
    ).frame
    pairs = koeln.select("area_code", "area_name").unique().rows()
    resolved = {code: (nkf_area(code), nkf_area(name)) for code, name in pairs}
    assert resolved.pop("18") == (None, None)  # Köln's own "Bezirksorientierte Mittel"
    assert all(
        by_code == by_name == f"{int(code):02d}" for code, (by_code, by_name) in resolved.items()
    )
    duesseldorf = budget_read(
        BUDGETS / "NW" / "dusseldorf" / "datapackage.json", ars="051110000000"
    ).frame
    names = duesseldorf["area_code"].unique().to_list()  # Düsseldorf writes names as codes
    assert sorted(nkf_area(name) or "?" for name in names) == list(NKF_PRODUCT_AREAS)
