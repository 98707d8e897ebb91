"""The audit trail in words: region names instead of 12-digit keys, indicator titles, values
with unit in the reader's numbers and targets as sentences, in German and English; the
downloads keep the stored codes in extra columns next to the words."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zielwerk.catalogue.models import Indicator
from zielwerk.workspace import selectors, services

pytestmark = pytest.mark.django_db

ARS = "051540004004"  # Bedburg-Hau in the world fixture


def _values(world, values: dict[int, float], *, year_unit: str = "percent") -> None:
    rows = [
        services.DraftRow(world.un.pk, world.town_a.pk, "", year, value, year_unit)
        for year, value in values.items()
    ]
    services.staged_observations_save(
        organisation=world.org_a, user=world.members["editor"], rows=rows, origin="grid"
    )


def _target(world, version_value: float) -> None:
    services.organisation_target_create(
        organisation=world.org_a,
        user=world.members["editor"],
        indicator=world.un,
        data=services.TargetData(
            kind="year",
            direction="increase",
            target_value=version_value,
            target_year=2030,
            base_year=2020,
            unit="percent",
            decision_date=date(2024, 3, 12),
            decision_reference="2024/117",
        ),
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as a request would: the import lock is released at the (simulated) commit."""

    def run(world) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])

    return run


@pytest.fixture
def trail(world, publish):
    Indicator.objects.filter(pk=world.un.pk).update(unit="percent")
    world.un.refresh_from_db()
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["editor"],
        shown=[world.un.pk],
        chosen=[world.un.pk],
    )
    _values(world, {2023: 12.5})
    publish(world)
    _values(world, {2023: 13.1})
    publish(world)
    _target(world, 40)
    _target(world, 41)
    services.audit_record(
        organisation=world.org_a,
        user=world.members["editor"],
        action="indicator_changed",
        subject=f"{world.un.code}: unit",
        old="percent",
        new="ha_per_day",
    )
    services.audit_record(
        organisation=world.org_a,
        user=world.members["editor"],
        action="upload_confirmed",
        subject="werte.csv",
        new="12",
    )
    return world


def _page(client, world, language: str = "de") -> str:
    client.force_login(world.members["viewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("workspace:audit", args=[world.org_a.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_trail_shows_names_not_codes_in_german(client, trail):
    page = _page(client, trail)
    assert ARS not in page
    assert "year · increase" not in page and "limit" not in page
    assert "Indikator 7.2.1 (7.2.1)" in page
    assert "Wert 2023 für Bedburg-Hau" in page
    assert "12,5\u00a0%" in page and "13,1\u00a0%" in page
    assert (
        "Zielwert in einem Zieljahr, steigend erwünscht: 41\u00a0% bis 2030 (Basisjahr 2020);"
        " Ratsbeschluss 2024/117 vom 12.03.2024" in page
    )
    assert "40\u00a0% bis 2030" in page  # the earlier version, as "bisher"
    assert "Hektar je Tag" in page and ">ha_per_day<" not in page
    assert "12 Werte als Entwurf" in page


def test_the_trail_shows_names_not_codes_in_english(client, trail):
    page = _page(client, trail, "en")
    assert ARS not in page
    assert "Indicator 7.2.1 (7.2.1)" in page
    assert "Bedburg-Hau" in page
    assert "12.5\u00a0%" in page and "13.1\u00a0%" in page
    assert "12,5" not in page
    assert "Target value in a target year, increase desired: 41\u00a0% by 2030" in page
    assert "hectares per day" in page


def test_the_dashboard_names_the_changes(client, trail):
    client.force_login(trail.members["viewer"])
    page = client.get(reverse("workspace:org_dashboard", args=[trail.org_a.slug]))
    text = page.content.decode()
    assert "Wert 2023 für Bedburg-Hau: 12,5\u00a0% → 13,1\u00a0%" in text
    changes = text.split("seit Ihrem letzten Besuch geändert hat", 1)[1]  # the changes list
    assert "Bedburg-Hau" in changes and ARS not in changes
    assert not any(ARS in line.sentence for line in page.context["changes"])


def test_a_line_is_one_sentence(trail):
    lines = selectors.audit_lines(selectors.audit_list(organisation=trail.org_a))
    published = [line for line in lines if line.action == "observation_published"]
    assert published[0].sentence == (
        "Indikator 7.2.1 (7.2.1): Wert 2023 für Bedburg-Hau: 12,5\u00a0% → 13,1\u00a0%"
    )
    assert published[0].subject == f"7.2.1 · {ARS} · 2023"  # the stored code is kept


def test_csv_download_keeps_the_codes_next_to_the_names(client, trail):
    client.force_login(trail.members["viewer"])
    response = client.get(reverse("workspace:audit_download", args=[trail.org_a.slug, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    published = next(r for r in rows if r["Aktion (Code)"] == "observation_published")
    assert published["Region"] == "Bedburg-Hau"
    assert published["Region (ARS)"] == ARS
    assert published["Indikator"] == "Indikator 7.2.1 (7.2.1)"
    assert published["Indikator (Code)"] == "7.2.1"
    assert published["Gegenstand"] == "Wert 2023 für Bedburg-Hau"
    assert published["Gegenstand (Code)"] == f"7.2.1 · {ARS} · 2023"
    assert (published["bisher"], published["bisher (Code)"]) == ("12,5\u00a0%", "12.5")
    assert (published["neu"], published["neu (Code)"]) == ("13,1\u00a0%", "13.1")
    target = next(r for r in rows if r["Aktion (Code)"] == "target_created")  # newest first
    assert target["neu"].startswith("Zielwert in einem Zieljahr, steigend erwünscht: 41")
    assert target["neu (Code)"].startswith("year · increase · 41 · 2030")


def test_xlsx_download_in_english_has_both(client, trail):
    client.force_login(trail.members["viewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("workspace:audit_download", args=[trail.org_a.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(rows[0]) == 15
    published = next(r for r in rows if "observation_published" in r)
    assert "Bedburg-Hau" in published and ARS in published
    assert "12.5\u00a0%" in published and "12.5" in published
    assert "Indicator 7.2.1 (7.2.1)" in published and "7.2.1" in published


def test_names_are_looked_up_in_bulk(client, trail, publish):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _page(client, trail)
        return len(captured)

    queries()  # warm: session, cache tables
    few = queries()
    for year in range(2000, 2020):
        _values(trail, {year: float(year - 1990)})
    publish(trail)
    many = queries()
    assert selectors.audit_list(organisation=trail.org_a).count() > 45
    assert many == few, (few, many)
