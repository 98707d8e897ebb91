"""Upload → check (a job) → preview with errors at the cell → fix → confirm (a job: drafts)
→ publish (public)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.workspace.jobs import follow_job
from zielwerk.jobs.models import Job
from zielwerk.monitoring.models import ImportRun, Observation
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, StagedObservation, Upload

pytestmark = pytest.mark.django_db

HEADER = "indicator,region,series,year,value,unit\n"


def select(world, *indicators):
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[i.pk for i in indicators],
        chosen=[i.pk for i in indicators],
    )


def upload(client, world, name, content, source="", codes=""):
    """Post the file; the address of its preview, once the check job has run."""
    file = io.BytesIO(content)
    file.name = name
    url = reverse("workspace:upload", args=[world.org_a.slug])
    return follow_job(client, client.post(url, {"file": file, "source": source, "codes": codes}))


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_error_is_shown_at_the_cell_and_nothing_is_written(client, world):
    select(world, world.un)
    client.force_login(world.members["editor"])
    body = HEADER + "7.2.1,051540004004,,2021,10.5,Prozent\n7.2.1,051540004004,,2022,zehn,Prozent\n"
    preview = upload(client, world, "werte.csv", body.encode())
    item = Upload.objects.get()
    assert preview == reverse("workspace:upload_detail", args=[world.org_a.slug, item.pk])
    assert item.status == Upload.Status.INVALID  # a result of the check, not a failed job
    assert Job.objects.get().state == Job.State.DONE
    page = client.get(preview).content.decode()
    # the bad cell (line 3, column value) is marked and explained right there
    assert 'data-line="3"' in page
    assert 'zehn<span class="zw-cell-error"' in page
    assert "Wert ist keine Zahl" in page
    assert "Zeile 3" in page
    assert "Übernahme als Entwurf bestätigen" not in page
    confirm = reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk])
    assert client.post(confirm)["Location"] == preview  # refused at once, no job
    assert Job.objects.count() == 1
    assert not StagedObservation.objects.exists()
    assert not Observation.objects.exists()


def test_fixed_xlsx_is_confirmed_as_draft_and_published_with_provenance(client, world):
    select(world, world.un)
    client.force_login(world.members["editor"])
    rows = [
        ["indicator", "region", "series", "year", "value", "unit"],
        ["7.2.1", "051540004004", "", 2021, 10.5, "Prozent"],
        ["7.2.1", "051540004004", "", 2022, 12.25, "Prozent"],
    ]
    preview = upload(client, world, "werte.xlsx", xlsx(rows), source="Statistikstelle")
    item = Upload.objects.get()
    assert item.status == Upload.Status.CHECKED, client.get(preview).content.decode()
    assert not StagedObservation.objects.exists()  # nothing before confirmation
    response = client.post(reverse("workspace:upload_confirm", args=[world.org_a.slug, item.pk]))
    assert not StagedObservation.objects.exists()  # not in the request: the job writes
    review = follow_job(client, response)
    assert review == reverse("workspace:review", args=[world.org_a.slug])
    assert StagedObservation.objects.filter(organisation=world.org_a).count() == 2
    assert AuditEntry.objects.get(action="upload_confirmed").user == world.members["editor"]
    assert not Observation.objects.exists()  # drafts are not public
    # an editor may not publish
    publish = reverse("workspace:publish", args=[world.org_a.slug])
    assert client.post(publish).status_code == 403
    client.force_login(world.members["publisher"])
    assert client.post(publish).status_code == 302
    values = dict(Observation.objects.values_list("year", "value"))
    assert values == {2021: 10.5, 2022: 12.25}
    run = ImportRun.objects.get()
    assert run.user == world.members["publisher"]
    assert run.source == "Statistikstelle"
    assert Observation.objects.filter(import_run=run).count() == 2
    assert not StagedObservation.objects.exists()
    published = AuditEntry.objects.filter(action="observation_published")
    assert sorted(published.values_list("new_value", flat=True)) == ["10.5", "12.25"]


def test_indicator_outside_the_set_and_region_outside_the_area_are_errors(client, world):
    select(world, world.un)
    client.force_login(world.members["editor"])
    body = HEADER + "7.1.1,051540004004,,2021,1,Prozent\n7.2.1,051540008008,,2021,2,Prozent\n"
    page = client.get(upload(client, world, "werte.csv", body.encode())).content.decode()
    assert Upload.objects.get().status == Upload.Status.INVALID
    assert "gehört nicht zum Indikatorenset" in page
    assert "nicht im Gebiet Ihrer Organisation" in page


def test_open_sdg_file_is_read_with_the_same_importer(client, world):
    select(world, world.un)
    client.force_login(world.members["editor"])
    body = "Year,GeoCode,Units,Value\n2020,051540004004,Prozent,3.5\n2021,051540004004,Prozent,4\n"
    upload(client, world, "indicator_7-2-1.csv", body.encode())
    item = Upload.objects.get()
    assert item.status == Upload.Status.CHECKED
    assert item.rows == 2
    services.upload_confirm(upload=item, user=world.members["editor"])
    assert sorted(StagedObservation.objects.values_list("year", "value")) == [
        (2020, 3.5),
        (2021, 4.0),
    ]


def test_unit_change_against_published_data_blocks_publishing(client, world):
    select(world, world.un)
    rows = [services.DraftRow(world.un.pk, world.town_a.pk, "", 2020, 1.0, "Prozent")]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    rows = [services.DraftRow(world.un.pk, world.town_a.pk, "", 2020, 2.0, "Tonnen")]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")
    with pytest.raises(services.PublishError):
        services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    assert Observation.objects.get().value == 1.0
    assert StagedObservation.objects.count() == 1
    assert ImportRun.objects.count() == 1


def test_published_text_is_stored_exactly_as_drafted(world):
    """Drafts go into the database as a frame: a series or source starting with +, -, @ or =
    is not changed on the way (formula neutralisation is for file exports only)."""
    select(world, world.un)
    series = ["+/-=x", "-2=y", "@SUM(1+1)=x", "grp==a"]
    rows = [
        services.DraftRow(world.un.pk, world.town_a.pk, s, 2022, float(i), "percent")
        for i, s in enumerate(series)
    ]
    services.staged_observations_save(
        organisation=world.org_a,
        user=world.members["publisher"],
        rows=rows,
        origin=StagedObservation.Origin.GRID,
        source="=HYPERLINK(x) Stadtverwaltung",
    )
    result = services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    assert result.observations == len(series)
    stored = dict(Observation.objects.values_list("series", "source"))
    assert set(stored) == set(series)
    assert set(stored.values()) == {"=HYPERLINK(x) Stadtverwaltung"}
    assert ImportRun.objects.get().file_name == "arbeitsbereich-bedburg-hau"


def test_an_upload_names_its_code_framework(client, world):
    """A number is looked up only in the framework the upload names: 7.2.1 is a UN code."""
    select(world, world.un)
    client.force_login(world.members["editor"])
    content = (HEADER + f"7.2.1,{world.town_a.ars},,2021,12.5,percent\n").encode()
    upload(client, world, "dns.csv", content, codes="dns")
    refused = Upload.objects.get(file_name="dns.csv")
    assert refused.status == Upload.Status.INVALID and refused.codes == "dns"
    upload(client, world, "un.csv", content, codes="un")
    assert Upload.objects.get(file_name="un.csv").status == Upload.Status.CHECKED
