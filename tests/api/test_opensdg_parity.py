"""Zielwerk's Open SDG data service equals sdg-build 2.3's on the DNS repository.

The reference (``/work/shared/data/standards/sdg-build-2.3-dns``, see its README) is what
sdg-build 2.3.0 wrote for ``/work/shared/data/dns-indicators``. The test imports that
repository through the import service users run, builds Zielwerk's data service with the
static build (the same tables the HTTP service serves) and compares, for EVERY indicator
file of the reference, ``data``, ``headline``, ``edges`` and ``meta``'s ``computation_units``
as sets of rows. Each deliberate difference is one named exception below, with its reason;
the test applies it to the reference and then requires equality, so anything else that
differs fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from django.db import transaction

from zielwerk.api.services import opensdg_site as site
from zielwerk.api.services.opensdg_build import opensdg_site_build
from zielwerk.core.observations import file_id, indicator_code
from zielwerk.core.observations.flags import flag_sign
from zielwerk.core.observations.opensdg.split import part_codes
from zielwerk.core.units import SEPARATOR, load_vocabulary
from zielwerk.monitoring.services import observations_import

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/data")
REPOSITORY = SHARED / "dns-indicators"
REFERENCE = SHARED / "standards" / "sdg-build-2.3-dns" / "en"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not REFERENCE.is_dir() or not REPOSITORY.is_dir(),
        reason="the shared data (../shared: dns-indicators, sdg-build-2.3-dns) is absent",
    ),
]

# --- The deliberate differences, each applied to the reference by name -------------------

FLAGS_ARE_ATTRIBUTES = (
    "COMMENT_OBS_* columns hold observation flags (p, r, …) in Zielwerk, stored in `flags` "
    "and written one sign per column in a fixed order; that sdg-build call had no observation "
    "attributes configured and took them as disaggregations. So they are no edge, and a "
    "flagged national row (a provisional value) is still a headline row."
)
UNKNOWN_COMMENTS_DROPPED = (
    "comment text that is no flag sign (none in the DNS data today) is counted as skipped "
    "by the import, not stored."
)
ROWS_WITHOUT_VALUE = (
    "rows without a value (target years such as 2030, 2040, 2050, and gaps) are no "
    "observations in Zielwerk; the import counts them as skipped target rows/missing values."
)
REGION_NAME_COLUMNS = (
    "a column that only names the region given by GeoCode (`länder`) is dropped by the "
    "import: the region is the ARS. So it is no disaggregation and no edge; a row with a "
    "GeoCode is a region's row, never a headline row (in sdg-build its name made it so)."
)
UNIT_CODES = (
    "units come from Zielwerk's unit vocabulary: `Units` holds the label of the unit code in "
    "the page's language (`%` for `percentage`); compared via the code."
)
COMBINED_FILES_SPLIT = (
    "a file holding several catalogue indicators (`1-1-ab`) is split into them (`1-1-a`, "
    "`1-1-b`) by its `a)`/`b)` dimension; their rows together are the file's rows."
)
UNASSIGNED_ROWS = (
    "rows of a combined file that belong to none of its indicators (the context series "
    "`gross domestic product` in 8-2-ab, `with a new … access` in 6-2-ab) are not imported: "
    "no catalogue indicator holds them; the import reports them as unassigned rows."
)
COMPUTATION_UNITS_FROM_DATA = (
    "the DNS metadata has no `computation_units`, so sdg-build serves none; Zielwerk names "
    "the unit(s) of the indicator's data (the source's `Units` column) in the page language."
)
CO_OCCURRING_ORDER = {
    "1-1-ab": "`time series` and `area` are filled in every row",
    "10-2": "`time series` and `area` are filled in every row",
}
"""Two disaggregations always filled together: sdg-build makes the left-most column the
parent. Zielwerk keeps no column order (a series key is a set of dimensions; columns are
written alphabetically), so there the edge points the other way and pruning follows it.
The test shows that on the source's column order Zielwerk's edges are sdg-build's."""
VALUES_AS_FLOAT = "`5` and `5.0` are one value (float spelling)."

EXCEPTIONS = {
    "flags_are_attributes": FLAGS_ARE_ATTRIBUTES,
    "unknown_comments_dropped": UNKNOWN_COMMENTS_DROPPED,
    "rows_without_value": ROWS_WITHOUT_VALUE,
    "region_name_columns": REGION_NAME_COLUMNS,
    "unit_codes": UNIT_CODES,
    "combined_files_split": COMBINED_FILES_SPLIT,
    "unassigned_rows": UNASSIGNED_ROWS,
    "computation_units_from_data": COMPUTATION_UNITS_FROM_DATA,
    "values_as_float": VALUES_AS_FLOAT,
    "co_occurring_order": CO_OCCURRING_ORDER.__doc__ or "see CO_OCCURRING_ORDER",
}

GERMANY = "000000000000"  # the repository's national rows have no GeoCode: they are Germany's
SPECIAL = {"Year", "Value", "Units", "Series", "GeoCode"}


def _ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in (REFERENCE / folder).glob("*.csv")) if REFERENCE.is_dir() else []


REFERENCE_IDS = _ids(Path("data"))


@pytest.fixture(scope="module")
def built(django_db_blocker, tmp_path_factory, loaded) -> Path:
    """The DNS repository imported as a user would, and the data service built from it."""
    out = tmp_path_factory.mktemp("opensdg-site")
    with django_db_blocker.unblock(), transaction.atomic():
        summary = observations_import(
            path=REPOSITORY, source="Destatis (DNS)", actor="tests", region=GERMANY, codes="dns"
        )
        assert summary.ok, summary.problems[:5]
        opensdg_site_build(directory=out, languages=("en", "de"))
        transaction.set_rollback(True)
    return out / "en"


def _read(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns(pl.all().replace("", None))


def _name_columns(frame: pl.DataFrame) -> list[str]:
    """Columns that name the GeoCode one to one (``länder``): REGION_NAME_COLUMNS."""
    if "GeoCode" not in frame.columns:
        return []
    geocodes = frame.get_column("GeoCode").n_unique()
    return [
        c
        for c in frame.columns
        if c not in SPECIAL
        and not c.startswith("COMMENT_OBS")
        and frame.select(c, "GeoCode").unique().height == frame.get_column(c).n_unique() == geocodes
    ]


def _unit_code(text: str | None) -> str | None:
    return load_vocabulary().code_for(text or "") or None  # UNIT_CODES


def _rows(frame: pl.DataFrame, *, label_units: bool) -> set[frozenset[tuple[str, object]]]:
    """Rows as sets of (column, value) for the filled cells, normalised by the exceptions."""
    flags = [c for c in frame.columns if c.startswith("COMMENT_OBS")]
    rows = set()
    for row in frame.iter_rows(named=True):
        cells: dict[str, object] = {
            k: v for k, v in row.items() if v is not None and k not in flags
        }
        cells["Year"] = str(cells["Year"])
        cells["Value"] = float(str(cells["Value"]))  # VALUES_AS_FLOAT
        if "Units" in cells:
            units = str(cells["Units"])
            cells["Units"] = _label_code(units) if label_units else _unit_code(units)
        # FLAGS_ARE_ATTRIBUTES, UNKNOWN_COMMENTS_DROPPED: compared as a set of flag signs
        signs = {flag_sign(str(row[c])) for c in flags if row[c]}
        cells["flags"] = "".join(sorted(s for s in signs if s))
        rows.add(frozenset(cells.items()))
    return rows


def _label_code(label: str) -> str | None:
    vocabulary = load_vocabulary()
    found = [code for code, unit in vocabulary.units.items() if unit.label_en == label]
    return found[0] if len(found) == 1 else vocabulary.code_for(label)


def _reference_data(ident: str, parts: list[str]) -> pl.DataFrame:
    frame = _read(REFERENCE / "data" / f"{ident}.csv")
    frame = frame.filter(pl.col("Value").is_not_null())  # ROWS_WITHOUT_VALUE
    if parts != [ident]:  # UNASSIGNED_ROWS: a combined file keeps the rows of its parts
        prefixes = tuple(f"{p.rsplit('-', 1)[1]})" for p in parts)
        dims = [c for c in frame.columns if c not in ("Year", "Value", "Units", "GeoCode")]
        owned = [pl.col(c).str.to_lowercase().str.starts_with(x) for c in dims for x in prefixes]
        frame = frame.filter(pl.any_horizontal(owned).fill_null(False))
    return frame.drop(_name_columns(frame))  # REGION_NAME_COLUMNS


def _parts(built: Path, ident: str) -> list[str]:
    """Zielwerk's files for a reference file: itself or its parts (COMBINED_FILES_SPLIT)."""
    ours = {indicator_code(p.stem) for p in (built / "data").glob("*.csv")}
    code = indicator_code(ident)
    if code in ours:
        return [ident]
    return [file_id(c) for c in part_codes(code, ours)]


def _ours(built: Path, kind: str, ident: str) -> list[pl.DataFrame]:
    return [_read(built / kind / f"{part}.csv") for part in _parts(built, ident)]


def test_every_reference_indicator_has_zielwerk_files(built: Path) -> None:
    assert len(REFERENCE_IDS) == 68
    missing = [i for i in REFERENCE_IDS if not _parts(built, i)]
    assert not missing
    split = {i: _parts(built, i) for i in REFERENCE_IDS if _parts(built, i) != [i]}
    assert split["1-1-ab"] == ["1-1-a", "1-1-b"]  # COMBINED_FILES_SPLIT


@pytest.mark.parametrize("ident", REFERENCE_IDS)
def test_data_equals_sdg_build(built: Path, ident: str) -> None:
    expected = _rows(_reference_data(ident, _parts(built, ident)), label_units=False)
    got: set[frozenset[tuple[str, object]]] = set()
    for table in _ours(built, "data", ident):
        got |= _rows(table, label_units=True)
    assert got == expected


def _strip_flags(rows: set[frozenset[tuple[str, object]]]) -> set[frozenset[tuple[str, object]]]:
    return {frozenset((k, v) for k, v in row if k != "flags") for row in rows}


@pytest.mark.parametrize("ident", REFERENCE_IDS)
def test_headline_equals_sdg_build(built: Path, ident: str) -> None:
    reference = _strip_flags(
        _rows(_read(REFERENCE / "headline" / f"{ident}.csv"), label_units=False)
    )
    data = _reference_data(ident, _parts(built, ident))
    plain = [c for c in data.columns if c not in SPECIAL and not c.startswith("COMMENT_OBS")]
    empty = [pl.col(c).is_null() for c in [*plain, "GeoCode"] if c in data.columns]
    national = data.filter(pl.all_horizontal(empty)) if empty else data
    rows = _rows(national, label_units=False)
    # sdg-build left out the national rows with a flag (FLAGS_ARE_ATTRIBUTES); nothing else
    assert _strip_flags({r for r in rows if dict(r)["flags"] == ""}) == reference
    got: set[frozenset[tuple[str, object]]] = set()
    for table in _ours(built, "headline", ident):
        got |= _strip_flags(_rows(table, label_units=True))
    assert got == _strip_flags(rows)


def _edges(path: Path) -> set[tuple[str, str]]:
    frame = pl.read_csv(path, infer_schema=False) if path.stat().st_size else pl.DataFrame()
    return set(frame.iter_rows()) if frame.height else set()


@pytest.mark.parametrize("ident", REFERENCE_IDS)
def test_edges_equal_sdg_build(built: Path, ident: str) -> None:
    data = _read(REFERENCE / "data" / f"{ident}.csv")
    attributes = {c for c in data.columns if c.startswith("COMMENT_OBS")} | set(
        _name_columns(data.filter(pl.col("Value").is_not_null()))
    )
    reference = _edges(REFERENCE / "edges" / f"{ident}.csv")
    # FLAGS_ARE_ATTRIBUTES, REGION_NAME_COLUMNS: those columns are no disaggregations
    expected = {(a, b) for a, b in reference if a not in attributes and b not in attributes}
    served: set[tuple[str, str]] = set()
    in_source_order: set[tuple[str, str]] = set()
    for part, table in zip(_parts(built, ident), _ours(built, "data", ident), strict=True):
        served |= _edges(built / "edges" / f"{part}.csv")
        order = [c for c in data.columns if c in table.columns]
        in_source_order |= set(site.edges(table.select(order)))
    assert in_source_order == expected  # the same rules on the same columns
    if ident in CO_OCCURRING_ORDER:
        assert served != expected
    else:
        assert served == expected


@pytest.mark.parametrize("ident", REFERENCE_IDS)
def test_computation_units_name_the_units_of_the_data(built: Path, ident: str) -> None:
    reference = json.loads((REFERENCE / "meta" / f"{ident}.json").read_text())
    assert "computation_units" not in reference  # COMPUTATION_UNITS_FROM_DATA
    vocabulary = load_vocabulary()
    for part, table in zip(_parts(built, ident), _ours(built, "data", ident), strict=True):
        meta = json.loads((built / "meta" / f"{part}.json").read_text())
        if "Units" not in table.columns:  # the source names no unit (16-3-ab)
            continue
        codes = {_label_code(u) for u in table.get_column("Units").unique().to_list()}
        assert meta["computation_units"]
        expected = vocabulary.label(SEPARATOR.join(sorted(c for c in codes if c)), "en")
        assert meta["computation_units"] == expected
        assert meta["reporting_status"] == reference["reporting_status"] == "complete"
        assert meta["sdg_goal"] == reference["goal"]


def test_exceptions_are_named_and_explained() -> None:
    assert all(len(reason) > 40 for reason in EXCEPTIONS.values())
