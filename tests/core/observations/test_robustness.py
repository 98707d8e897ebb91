"""Malformed input never crashes a reader: it yields observations or structured problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zielwerk.core.observations import (
    GenesisMapping,
    ProblemCode,
    read_genesis,
    read_observations,
    read_opensdg,
)

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "2020", "2025/1", "=1+1", "1,5", "nan", "code08", "DG", "a=b|c", "…", '"']
    ),
)
rows = st.lists(st.lists(cells, max_size=8), max_size=12)
raw_bytes = st.binary(max_size=400)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(result) -> None:
    assert result.ok == (not result.problems)
    for problem in result.problems:
        assert isinstance(problem.code, ProblemCode)
        assert problem.file
    if result.ok:
        assert result.frame["value"].is_finite().all()
        assert result.frame["region"].str.len_chars().is_in([8, 12]).all()


def _csv_text(header: list[str], body: list[list[str]], sep: str = ",") -> str:
    def quote(cell: str) -> str:
        return (
            '"' + cell.replace('"', '""') + '"' if any(c in cell for c in f'{sep}"\n\r') else cell
        )

    return "\n".join(sep.join(quote(c) for c in row) for row in [header, *body]) + "\n"


@FAST
@given(
    rows,
    st.sampled_from(
        [
            ["indicator", "year", "value"],
            ["indicator", "region", "series", "year", "value", "unit", "flag"],
            ["year", "value"],
        ]
    ),
)
def test_tidy_csv_never_crashes(body: list[list[str]], header: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "obs.csv")
        path.write_text(_csv_text(header, body), encoding="utf-8")
        _check(read_observations(path))


@FAST
@given(raw_bytes, st.sampled_from(["obs.csv", "obs.xlsx", "obs.parquet"]))
def test_random_bytes_never_crash(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(b"indicator,year,value\n" + data if name.endswith("csv") else data)
        _check(read_observations(path))


@FAST
@given(rows)
def test_xlsx_with_any_cells_never_crashes(body: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "obs.xlsx")
        workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": True})
        sheet = workbook.add_worksheet()
        for number, row in enumerate([["indicator", "region", "year", "value"], *body]):
            sheet.write_row(number, 0, row)
        workbook.close()
        _check(read_observations(path))


@FAST
@given(
    rows,
    st.lists(
        st.sampled_from(["Units", "GeoCode", "sex", "COMMENT_OBS_0", "länder"]),
        max_size=4,
        unique=True,
    ),
)
def test_opensdg_files_never_crash(body: list[list[str]], middle: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        (root / "meta").mkdir()
        (root / "data" / "indicator_7-2-a.csv").write_text(
            _csv_text(["Year", *middle, "Value"], body), encoding="utf-8"
        )
        (root / "meta" / "7-2-a.md").write_text("---\nindicator: [\n---\n")
        _check(read_opensdg(root, known={"7.2.a"}))


@FAST
@given(rows)
def test_genesis_never_crashes(body: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "flat.csv")
        header = ["time", "1_variable_attribute_code", "value", "value_q"]
        path.write_text("\ufeff" + _csv_text(header, body, ";"), encoding="utf-8")
        _check(read_genesis(path, GenesisMapping(indicator="x", flag_column="value_q")))
