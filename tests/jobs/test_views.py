"""Who may see a job, as a table; the status page, its JSON and the result download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from zielwerk.jobs.files import job_dir
from zielwerk.jobs.models import Job

pytestmark = pytest.mark.django_db

# who → may see (the personal job, the organisation's job)
TABLE = {
    "owner": (True, True),
    "viewer of the organisation": (False, True),
    "admin of the organisation": (False, True),
    "member of another organisation": (False, False),
    "stranger": (False, False),
    "superuser": (True, True),
}
VIEWS = ("jobs:detail", "jobs:status", "jobs:result")


@pytest.fixture
def people(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    org, other = OrganisationFactory(), OrganisationFactory()
    owner = UserFactory()
    MembershipFactory(user=owner, organisation=org, role="editor")
    who = {
        "owner": owner,
        "viewer of the organisation": MembershipFactory(organisation=org, role="viewer").user,
        "admin of the organisation": MembershipFactory(organisation=org, role="admin").user,
        "member of another organisation": MembershipFactory(organisation=other).user,
        "stranger": UserFactory(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    jobs = (_done_job(owner, None, "persönlich"), _done_job(owner, org, "Organisation"))
    return who, jobs


def _done_job(owner, organisation, label):
    job = Job.objects.create(
        owner=owner,
        organisation=organisation,
        kind="test",
        label=label,
        function_path="tests.jobs.functions.count_words",
        state=Job.State.DONE,
        done=3,
        total=3,
        step="Fertig.",
        result_label="Wörter",
    )
    job_dir(job.pk).mkdir(parents=True)
    (job_dir(job.pk) / "woerter.txt").write_text(label, encoding="utf-8")
    job.result_path = f"{job.pk}/woerter.txt"
    job.save()
    return job


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("who", TABLE)
def test_who_may_see_a_job(client, people, who, view):
    users, jobs = people
    client.force_login(users[who])
    for job, allowed in zip(jobs, TABLE[who], strict=True):
        response = client.get(reverse(view, args=[job.pk]))
        assert response.status_code == (200 if allowed else 404), (who, job.label, view)
        if allowed:
            assert response["Cache-Control"] == "no-store"


def test_the_list_shows_exactly_the_visible_jobs(client, people):
    users, jobs = people
    for who, allowed in TABLE.items():
        if who == "superuser":
            continue  # the list is one's own work, not the whole site's
        client.force_login(users[who])
        html = client.get(reverse("jobs:list")).content.decode()
        shown = tuple(f'href="/aufgaben/{job.pk}/"' in html for job in jobs)
        assert shown == allowed, who


@pytest.mark.parametrize("view", [*VIEWS, "jobs:list"])
def test_anonymous_is_sent_to_the_login(client, people, view):
    _users, jobs = people
    args = [] if view == "jobs:list" else [jobs[0].pk]
    response = client.get(reverse(view, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_status_json_while_running_and_when_failed(client, people):
    users, _jobs = people
    job = Job.objects.create(
        owner=users["owner"], kind="t", label="L", function_path="x", state=Job.State.RUNNING
    )
    job.done, job.total, job.step = 2, 8, "Kapitel 3"
    job.save()
    client.force_login(users["owner"])
    data = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert data == {
        "id": job.pk,
        "state": "running",
        "state_label": "läuft",
        "finished": False,
        "done": 2,
        "total": 8,
        "percent": 25,
        "counts": "2 von 8 Schritten",
        "step": "Kapitel 3",
        "failure": "",
        "result_url": "",
        "result_label": "",
    }
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, failure="Keine Daten.")
    data = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (data["state_label"], data["finished"], data["failure"], data["counts"]) == (
        "fehlgeschlagen",
        True,
        "Keine Daten.",
        "",
    )


def test_status_page_refreshes_only_while_unfinished(client, people):
    users, jobs = people
    client.force_login(users["owner"])
    running = Job.objects.create(owner=users["owner"], kind="t", label="L", function_path="x")
    html = client.get(reverse("jobs:detail", args=[running.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'aria-live="polite"' in html and "<progress" in html
    assert f'data-job-status="/aufgaben/{running.pk}/status.json"' in html
    assert "<script>" not in html and "jobs/progress.js" in html  # CSP: no inline script
    html = client.get(reverse("jobs:detail", args=[jobs[0].pk])).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'value="100"' in html and f'href="/aufgaben/{jobs[0].pk}/ergebnis/"' in html


def test_result_download_is_the_stored_file(client, people):
    users, jobs = people
    client.force_login(users["owner"])
    response = client.get(reverse("jobs:result", args=[jobs[1].pk]))
    assert b"".join(response.streaming_content) == b"Organisation"
    assert 'filename="woerter.txt"' in response["Content-Disposition"]


def test_no_result_download_before_done_or_outside_the_folder(client, people):
    users, jobs = people
    client.force_login(users["owner"])
    Job.objects.filter(pk=jobs[0].pk).update(state=Job.State.RUNNING)
    assert client.get(reverse("jobs:result", args=[jobs[0].pk])).status_code == 404
    Job.objects.filter(pk=jobs[1].pk).update(result_path="../../etc/passwd")
    assert client.get(reverse("jobs:result", args=[jobs[1].pk])).status_code == 404
