"""Region codes (ARS, AGS, GeoCodes), hierarchy and outline SVG: pure Python, no database."""

from __future__ import annotations

import csv
import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zielwerk
from zielwerk.core.regions import (
    BUND_ARS,
    LEVEL_RANK,
    Level,
    MapShape,
    RegionCodeError,
    RegionProblem,
    ags_from_ars,
    ancestors,
    ars_from_ags,
    ars_from_geocode,
    codes,
    fold_name,
    land_ars_from_geocode,
    level_of_ars,
    maps,
    outline_svg,
    parent_ars,
    validate_ags,
    validate_ars,
)

PACKAGE_DATA = Path(zielwerk.__file__).parent / "data" / "regions"


@pytest.mark.parametrize("module", [codes, maps])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("ars", "level"),
    [
        ("000000000000", Level.BUND),
        ("010000000000", Level.LAND),
        ("020000000000", Level.LAND),  # Hamburg: Land, Kreis and Gemeinde at once
        ("091000000000", Level.RBZ),
        ("010010000000", Level.KREIS),  # kreisfreie Stadt Flensburg
        ("010590000000", Level.KREIS),
        ("010595917096", Level.GEMEINDE),
        ("160630105105", Level.GEMEINDE),
    ],
)
def test_valid_ars_and_level(ars, level):
    assert validate_ars(ars) == ars
    assert level_of_ars(ars) is level


P = RegionProblem


@pytest.mark.parametrize(
    ("value", "code", "params"),
    [
        ("0100100000", P.WRONG_LENGTH, {"expected": 12, "found": 10}),
        ("01001000000x", P.NOT_A_DIGIT, {"char": "x", "position": 12}),
        (" 10010000000", P.NOT_A_DIGIT, {"char": " ", "position": 1}),
        ("170000000000", P.UNKNOWN_LAND, {"land": "17"}),
        ("000010000000", P.LAND_ZERO, {}),
        ("010595917000", P.VERBAND_KEY, {}),
        ("010000000001", P.GEMEINDE_WITHOUT_KREIS, {}),
        # full-width digits are not ASCII digits
        ("０１００１００００００００"[:12], P.NOT_A_DIGIT, {"char": "０", "position": 1}),
    ],
)
def test_malformed_ars_names_value_code_and_parameters(value, code, params):
    with pytest.raises(RegionCodeError) as error:
        validate_ars(value)
    assert (error.value.value, error.value.kind) == (value, "ars")
    assert (error.value.code, error.value.params) == (code, params)


def test_ags_problems_and_bund_alias():
    with pytest.raises(RegionCodeError) as error:
        validate_ags("0100100")
    assert str(error.value) == 'ags "0100100": wrong_length (expected=8, found=7)'
    with pytest.raises(RegionCodeError) as error:
        validate_ags("a1001000")
    assert error.value.params == {"char": "a", "position": 1}
    with pytest.raises(RegionCodeError) as error:
        validate_ags(1001000)  # type: ignore[arg-type]
    assert (error.value.code, error.value.value) == (P.NOT_A_STRING, "1001000")
    assert validate_ags("DG000000") == "00000000"
    assert validate_ags("01001000") == "01001000"


def test_ags_and_ars_conversion():
    assert ags_from_ars("010595917096") == "01059096"
    assert ars_from_ags("01059096", verband="5917") == "010595917096"
    assert ars_from_ags("09100000") == "091000000000"
    assert ars_from_ags("DG000000") == BUND_ARS
    with pytest.raises(RegionCodeError) as error:
        ars_from_ags("01059096")
    assert error.value.code is P.AGS_WITHOUT_VERBAND
    with pytest.raises(RegionCodeError) as error:
        ars_from_ags("01059096", verband="59")
    assert (error.value.kind, error.value.code, error.value.value) == (
        "verband",
        P.WRONG_LENGTH,
        "59",
    )
    with pytest.raises(RegionCodeError) as error:
        ars_from_ags("01059096", verband="59x1")
    assert (error.value.code, error.value.params) == (P.NOT_A_DIGIT, {"char": "x", "position": 3})


def test_parent_depends_on_existing_regierungsbezirke():
    bayern_rbz = {"091000000000"}
    assert parent_ars("091620000000", regierungsbezirke=bayern_rbz) == "091000000000"
    # Niedersachsen abolished its Bezirke; the digit 1 in 031010000000 remains.
    assert parent_ars("031010000000", regierungsbezirke=bayern_rbz) == "030000000000"
    assert parent_ars("091000000000") == "090000000000"
    assert parent_ars("010595917096") == "010590000000"
    assert parent_ars("020000000000") == BUND_ARS
    assert parent_ars(BUND_ARS) is None
    assert ancestors("091620000000", regierungsbezirke=bayern_rbz) == [
        "091000000000",
        "090000000000",
        BUND_ARS,
    ]


def test_open_sdg_geocodes():
    assert [land_ars_from_geocode(f"code{n:02d}") for n in (1, 9, 16)] == [
        "010000000000",
        "090000000000",
        "160000000000",
    ]
    assert ars_from_geocode("code01001") == "010010000000"
    assert ars_from_geocode(" code05315 ") == "053150000000"
    for bad, code, params in [
        ("code17", P.UNKNOWN_LAND, {"land": "17"}),
        ("code1", P.GEOCODE_LENGTH, {"found": 1}),
        ("01", P.GEOCODE_FORMAT, {}),
        ("", P.GEOCODE_FORMAT, {}),
    ]:
        with pytest.raises(RegionCodeError) as error:
            ars_from_geocode(bad)
        assert (error.value.kind, error.value.value) == ("geocode", bad)
        assert (error.value.code, error.value.params) == (code, params)
    with pytest.raises(RegionCodeError) as error:
        land_ars_from_geocode("code01001")
    assert error.value.code is P.NOT_A_LAND


def test_fold_name_for_search():
    assert fold_name("Köln") == fold_name("KOELN") == "koeln"
    assert fold_name("Groß-Gerau") == "gross-gerau"
    assert fold_name("Château") == "chateau"


# --- property tests ---------------------------------------------------------------------

lands = st.integers(1, 16).map(lambda n: f"{n:02d}")
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _nonzero(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length).filter(
        lambda s: s.strip("0") != ""
    )


@st.composite
def valid_ars(draw: st.DrawFn) -> str:
    level = draw(st.sampled_from(list(Level)))
    if level is Level.BUND:
        return BUND_ARS
    land = draw(lands)
    if level is Level.LAND:
        return land + "0" * 10
    rbz = draw(_nonzero(1)) if level is Level.RBZ else draw(digits)
    if level is Level.RBZ:
        return land + rbz + "0" * 9
    kreis = rbz + draw(_nonzero(2))
    if level is Level.KREIS:
        return land + kreis + "0" * 7
    return land + kreis + draw(st.text("0123456789", min_size=4, max_size=4)) + draw(_nonzero(3))


@given(valid_ars())
def test_valid_ars_round_trips(ars):
    assert validate_ars(ars) == ars
    ags = ags_from_ars(ars)
    assert validate_ags(ags) == ags
    assert ars_from_ags(ags, verband=ars[5:9]) == ars


@given(valid_ars(), st.sets(valid_ars()))
def test_ancestors_climb_strictly_to_bund(ars, regierungsbezirke):
    chain = ancestors(ars, regierungsbezirke=regierungsbezirke)
    if ars == BUND_ARS:
        assert chain == []
        return
    assert chain[-1] == BUND_ARS
    ranks = [LEVEL_RANK[level_of_ars(a)] for a in [ars, *chain]]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == len(ranks)
    significant = {Level.BUND: 0, Level.LAND: 2, Level.RBZ: 3, Level.KREIS: 5}
    for parent in chain:  # a parent's significant digits are a prefix of the child's
        assert ars.startswith(parent[: significant[level_of_ars(parent)]])


@given(st.text(max_size=20).filter(lambda s: len(s) != 12 or not (s.isascii() and s.isdigit())))
def test_malformed_ars_always_rejected_naming_the_value(value):
    with pytest.raises(RegionCodeError) as error:
        validate_ars(value)
    assert (error.value.value, error.value.kind) == (value, "ars")


@given(st.text(alphabet="0123456789", max_size=20).filter(lambda s: len(s) != 8))
def test_ags_of_wrong_length_reports_lengths(value):
    with pytest.raises(RegionCodeError) as error:
        validate_ags(value)
    assert (error.value.code, error.value.params) == (
        P.WRONG_LENGTH,
        {"expected": 8, "found": len(value)},
    )


# --- outline SVG ------------------------------------------------------------------------


def _square(lon: float, lat: float, size: float = 1.0) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _viewbox(svg: str) -> tuple[float, float]:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert match
    return float(match.group(1)), float(match.group(2))


def test_svg_projection_scales_longitude_by_cos_latitude():
    near_equator = outline_svg(MapShape(_square(9, 0), "A"), title="A", width=404)
    at_sixty = outline_svg(MapShape(_square(9, 59.5), "B"), title="B", width=404)
    assert _viewbox(near_equator) == (404, 404)  # 396 units + 2 × 4 padding
    width, height = _viewbox(at_sixty)
    assert abs((height - 8) / (width - 8) - 2.0) < 0.02  # 1° longitude ≈ ½ of 1° latitude


def test_svg_children_are_linked_and_labelled_and_text_is_escaped():
    children = [
        MapShape(_square(9, 54, 0.5), "Nord & Süd", "/regionen/010590000000/"),
        MapShape(_square(9.5, 54, 0.5), "Ost", None),
    ]
    svg = outline_svg(MapShape(_square(9, 54), "Land"), title="Karte <Land>", children=children)
    assert svg.count("<path") == 3
    assert '<a href="/regionen/010590000000/">' in svg
    assert "<title>Nord &amp; Süd</title>" in svg
    assert 'aria-label="Karte &lt;Land&gt;"' in svg
    assert 'role="img"' in svg


def test_svg_context_frames_the_map():
    svg = outline_svg(
        MapShape(_square(9.4, 54.4, 0.2), "Gemeinde"),
        title="Gemeinde im Kreis",
        context=MapShape(_square(9, 54), "Kreis"),
    )
    assert 'class="zw-map__context"' in svg
    assert 'class="zw-map__focus"' in svg
    with pytest.raises(ValueError, match="Point"):
        outline_svg(MapShape({"type": "Point", "coordinates": [9, 54]}, "P"), title="P")


# --- the bundled package data follows the code rules --------------------------------------


def test_package_table_agrees_with_code_derivation():
    with (PACKAGE_DATA / "regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rbz = {r["ars"] for r in rows if r["level"] == "rbz"}
    for row in rows:
        assert level_of_ars(row["ars"]).value == row["level"]
        assert ags_from_ars(row["ars"]) == row["ags"]
        assert (parent_ars(row["ars"], regierungsbezirke=rbz) or "") == row["parent_ars"]
    assert len({r["ars"] for r in rows}) == len(rows)
