"""The indicator page on real DNS data: chart, table, map, filters and downloads agree with the
database."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from zielwerk.core.regions import BUND_ARS
from zielwerk.monitoring.models import Observation

pytestmark = pytest.mark.usefixtures("data")
PAGE = "/indikatoren/7.2.a/"


def _specs(page: str) -> list[dict]:
    return [json.loads(html.unescape(s)) for s in re.findall(r'data-zw-spec="([^"]*)"', page)]


def _table(page: str, table_id: str) -> list[tuple[str, str]]:
    body = page[page.index(f'id="{table_id}"') :].split("</table>")[0]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td class=\"zw-num\"[^>]*>(.*?)</td>", body)
    return [(re.sub(r"<[^>]+>", "", label), value) for label, value in rows]


def _german(value: float) -> str:
    return f"{round(value, 4)}".replace(".", ",")


def _national(code: str = "7.2.a", series: str = "") -> list[Observation]:
    return list(
        Observation.objects.filter(
            indicator__code=code, region__ars=BUND_ARS, series=series
        ).order_by("year")
    )


def test_chart_spec_holds_the_observations_and_the_target(client):
    page = client.get(PAGE).content.decode()
    chart = _specs(page)[0]
    expected = [(o.year, o.value) for o in _national()]
    assert [(row["year"], row["value"]) for row in chart["data"]["values"]] == expected
    targets = [layer for layer in chart["layer"] if layer.get("data")]
    target_values = {(v["target"], v["target_year"]) for v in targets[0]["data"]["values"]}
    assert (41.0, 2030) in target_values
    assert "Ziel 2030: 41" in page
    # The x axis reaches the target year, so the target is on the chart.
    assert chart["layer"][0]["encoding"]["x"]["scale"]["domain"][1] >= 2030


def test_page_is_readable_without_javascript(client):
    page = client.get(PAGE).content.decode()
    chart = re.search(r'<img src="(/indikatoren/7\.2\.a/diagramm\.svg\?[^"]*)" alt="([^"]+)"', page)
    assert chart is not None, "the server-side chart is an image of the page's selection"
    alt = html.unescape(chart.group(2))
    assert alt.startswith("Diagramm: Anteil erneuerbarer Energien")
    assert "Ziel 2030: 41" in alt  # the full text alternative, targets included
    charts = page.replace('<svg class="zw-icon"', "")  # status icons are inline SVG
    assert "<svg" not in charts, "no chart is rendered inline (the page never waits for vl-convert)"
    svg = client.get(html.unescape(chart.group(1)))
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert '<svg role="img" aria-label="Diagramm: Anteil erneuerbarer Energien' in text
    assert re.search(
        r'<img src="/indikatoren/7\.2\.a/karte\.svg\?[^"]*" alt="Karte der Länder', page
    )


def test_table_shows_the_same_numbers_as_the_database(client):
    page = client.get(PAGE).content.decode()
    assert _table(page, "tabelle") == [(str(o.year), _german(o.value)) for o in _national()]
    latest = max(o.year for o in Observation.objects.filter(indicator__code="7.2.a"))
    assert f"Letztes Datenjahr: <strong>{latest}</strong>" in page


def test_map_year_selector_changes_the_map(client):
    page = client.get(PAGE + "?jahr=2015").content.decode()
    assert '<option value="2015" selected>' in page
    map_spec = _specs(page)[1]
    # The map's values come by URL (karte.json with the page's selection), not in the HTML.
    values_url = map_spec["layer"][1]["transform"][0]["from"]["data"]["url"]
    assert "jahr=2015" in values_url
    shown = client.get(values_url).json()["values"]
    expected = Observation.objects.filter(
        indicator__code="7.2.a", year=2015, region__level="land"
    ).values_list("region__ars", "value")
    assert {(r["region"], r["value"]) for r in shown} == set(expected)
    assert map_spec["data"]["url"] == "/karten/land/de.geojson"
    rows = _table(page, "kartentabelle")
    assert len(rows) == len(expected)
    # An unknown year falls back to the default (latest nearly complete year).
    assert "selected" in client.get(PAGE + "?jahr=1800").content.decode()


def test_series_filter_selects_another_disaggregation(client):
    series = sorted(
        Observation.objects.filter(indicator__code="3.1.e", region__ars=BUND_ARS)
        .values_list("series", flat=True)
        .distinct()
    )
    chosen = series[-1]
    page = client.get("/indikatoren/3.1.e/", {"reihe": chosen}).content.decode()
    assert f'<option value="{html.escape(chosen)}" selected>' in page
    chart = _specs(page)[0]
    expected = [(o.period or str(o.year), o.value) for o in _national("3.1.e", chosen)]
    assert [(r["label"], r["value"]) for r in chart["data"]["values"]] == expected
    # Two periods only: bars, not a line.
    assert chart["layer"][0]["mark"]["type"] == "bar"


def test_csv_download_equals_the_database_rows_for_the_same_filter(client):
    response = client.get(PAGE + "daten.csv", {"reihe": "", "einheit": "percent", "jahr": "2020"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    shown = Observation.objects.filter(indicator__code="7.2.a", unit="percent", series="")
    national = shown.filter(region__ars=BUND_ARS)
    laender = shown.filter(year=2020, region__level="land")
    expected = {(o.region.ars, o.year, o.value, o.flags) for o in (*national, *laender)}
    got = {(r["region"], int(r["year"]), float(r["value"]), r["flag"]) for r in rows}
    assert got == expected
    assert len(rows) == len(expected)
    assert {r["indicator"] for r in rows} == {"7.2.a"}


def test_page_links_downloads_with_its_own_filter(client):
    page = client.get("/indikatoren/7.2.a/?jahr=2016").content.decode()
    link = re.search(r'href="(/indikatoren/7\.2\.a/daten\.csv\?[^"]*)"', page).group(1)
    assert "jahr=2016" in link
    response = client.get(html.unescape(link))
    years = {
        r["year"]
        for r in csv.DictReader(io.StringIO(response.content.decode()))
        if r["region"] != BUND_ARS
    }
    assert years == {"2016"}


def test_xlsx_and_images(client):
    xlsx = client.get(PAGE + "daten.xlsx")
    assert xlsx.content[:2] == b"PK"
    svg = client.get(PAGE + "diagramm.svg").content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert client.get(PAGE + "diagramm.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in client.get(PAGE + "karte.svg?jahr=2015").content.decode()
    assert client.get("/indikatoren/7.2.1/diagramm.svg").status_code == 404  # no data


def test_map_outlines(client):
    collection = json.loads(client.get("/karten/land/de.geojson").content)
    assert len(collection["features"]) == 16
    assert client.get("/karten/planet/de.geojson").status_code == 404


def test_flags_and_sources_are_explained(client):
    page = client.get(PAGE).content.decode()
    flags = set("".join(o.flags for o in _national()))
    for sign in flags:
        assert f'<dt class="zw-code">{sign}</dt>' in page
    assert "Destatis, dns-indikatoren.de" in page


def test_indicator_without_data(client):
    page = client.get("/indikatoren/7.2.1/").content.decode()
    assert "Für diesen Indikator liegen noch keine Daten vor." in page
    assert "data-zw-spec" not in page
