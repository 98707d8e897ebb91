"""Publishing in the workspace: the drafts go public in the request, the assessments are
recomputed by a background job whose page the publisher is sent to."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.accounts.fixtures import world  # noqa: F401
from tests.workspace.test_workspace import publish_values, select
from zielwerk.jobs import runner
from zielwerk.jobs.models import Job
from zielwerk.monitoring.models import Assessment, Observation
from zielwerk.workspace import services

pytestmark = pytest.mark.django_db


def test_publish_sends_the_publisher_to_the_assessment_job(client, world):  # noqa: F811
    select(world, world.un)
    this_year = date.today().year
    years = range(this_year - 6, this_year)
    publish_values(world, world.un, {y: 10.0 + 2 * i for i, y in enumerate(years)})
    Assessment.objects.all().delete()
    services.organisation_target_create(
        organisation=world.org_a,
        user=world.members["editor"],
        indicator=world.un,
        data=services.TargetData(
            kind="year",
            direction="increase",
            target_value=22,
            target_year=this_year + 2,
            unit="percent",
            decision_date=date(2024, 1, 1),
            decision_reference="DS 1",
        ),
    )
    rows = [services.DraftRow(world.un.pk, world.town_a.pk, "", this_year, 22.5, "Prozent")]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")
    client.force_login(world.members["publisher"])

    response = client.post(reverse("workspace:publish", args=[world.org_a.slug]))

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/aufgaben/{job.pk}/"
    assert Observation.objects.filter(year=this_year).exists()  # public at once
    assert not Assessment.objects.exists()  # not computed in the request
    assert (job.state, job.organisation, job.owner) == (
        Job.State.QUEUED,
        world.org_a,
        world.members["publisher"],
    )
    assert job.arguments["indicators"] == ["7.2.1"]
    page = client.get(response["Location"]).content.decode()
    assert "Veröffentlicht: 1 Werte, 1 Ziele." in page  # the publish message follows along

    assert runner.run(job.pk) == Job.State.DONE
    assert Assessment.objects.filter(region=world.town_a, method="dns").count() == 1
    job.refresh_from_db()
    assert job.result_link == reverse("workspace:review", args=[world.org_a.slug])
    # every member of the organisation follows the job; others do not see it
    client.force_login(world.members["viewer"])
    assert client.get(f"/aufgaben/{job.pk}/status.json").json()["state"] == "done"
    client.force_login(world.members["b-admin"])
    assert client.get(f"/aufgaben/{job.pk}/status.json").status_code == 404


def test_publish_without_changes_starts_no_job(client, world):  # noqa: F811
    select(world, world.un)
    client.force_login(world.members["publisher"])
    response = client.post(reverse("workspace:publish", args=[world.org_a.slug]))
    assert response["Location"] == reverse("workspace:review", args=[world.org_a.slug])
    assert not Job.objects.exists()
