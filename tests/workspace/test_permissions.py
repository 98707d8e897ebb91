"""Who may do what: every view and action × every role × own or other organisation.

``perm`` names the permission the action needs; the expected outcome follows from the role
table in ``zielwerk.workspace.rules``. A refused change must leave no trace in the audit
trail.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.workspace.jobs import run_jobs
from zielwerk.accounts.models import Membership
from zielwerk.accounts.services import api_token_create
from zielwerk.jobs.models import Job
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, Upload

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "editor", "publisher", "admin")
ALLOWED = {
    "view": {"viewer", "editor", "publisher", "admin"},
    "edit": {"editor", "publisher", "admin"},
    "publish": {"publisher", "admin"},
    "manage": {"admin"},
}
CSV = b"indicator,region,year,value,unit\n7.2.1,051540004004,2020,1.5,Prozent\n"


def _file():
    f = io.BytesIO(CSV)
    f.name = "werte.csv"
    return f


TARGET = {
    "kind": "year",
    "direction": "increase",
    "target_value": "50",
    "target_year": "2030",
    "decision_date": "2025-03-01",
    "decision_reference": "DS 12/2025",
}
OWN = {"title_de": "Radwege", "goal": "", "unit": "km", "target_codes": "7.2"}

# (name, method, url name, url args (from objects), data, permission)
ACTIONS = [
    ("dashboard", "get", "workspace:org_dashboard", [], None, "view"),
    ("first steps", "get", "workspace:first_steps", [], None, "view"),
    ("kit", "get", "workspace:kit", [], None, "view"),
    (
        "kit select",
        "post",
        "workspace:kit",
        [],
        lambda o: {"shown": [o["un"]], "chosen": [o["un"]]},
        "edit",
    ),
    ("own list", "get", "workspace:own_list", [], None, "view"),
    ("own create form", "get", "workspace:own_create", [], None, "edit"),
    (
        "own create",
        "post",
        "workspace:own_create",
        [],
        lambda o: {**OWN, "goal": o["goal"]},
        "edit",
    ),
    ("own edit form", "get", "workspace:own_edit", ["own_code"], None, "edit"),
    (
        "own edit",
        "post",
        "workspace:own_edit",
        ["own_code"],
        lambda o: {**OWN, "title_de": "Radwege neu", "goal": o["goal"]},
        "edit",
    ),
    ("targets", "get", "workspace:targets", [], None, "view"),
    ("target detail", "get", "workspace:target_detail", ["un_code"], None, "view"),
    ("target create", "post", "workspace:target_detail", ["un_code"], lambda o: TARGET, "edit"),
    ("data", "get", "workspace:data", [], None, "view"),
    ("grid", "get", "workspace:grid", ["un_code"], None, "view"),
    (
        "grid save",
        "post",
        "workspace:grid",
        ["un_code"],
        lambda o: {"unit": "percent", "cell-0-2020": "3,5"},
        "edit",
    ),
    ("upload form", "get", "workspace:upload", [], None, "edit"),
    ("upload", "post", "workspace:upload", [], lambda o: {"file": _file()}, "edit"),
    ("upload preview", "get", "workspace:upload_detail", ["upload"], None, "edit"),
    ("upload confirm", "post", "workspace:upload_confirm", ["upload"], lambda o: {}, "edit"),
    ("upload discard", "post", "workspace:upload_discard", ["upload"], lambda o: {}, "edit"),
    ("upload template", "get", "workspace:upload_template", ["xlsx"], None, "edit"),
    ("review", "get", "workspace:review", [], None, "view"),
    ("publish", "post", "workspace:publish", [], lambda o: {}, "publish"),
    ("publish confirm", "get", "workspace:publish_confirm", [], None, "publish"),
    ("preview", "get", "workspace:preview", ["un_code"], None, "view"),
    (
        "discard drafts",
        "post",
        "workspace:drafts_discard",
        [],
        lambda o: {"draft": [o["draft"]]},
        "edit",
    ),
    ("audit", "get", "workspace:audit", [], None, "view"),
    ("audit csv", "get", "workspace:audit_download", ["csv"], None, "view"),
    ("audit xlsx", "get", "workspace:audit_download", ["xlsx"], None, "view"),
    ("members", "get", "accounts:members", [], None, "manage"),
    (
        "invite",
        "post",
        "accounts:members",
        [],
        lambda o: {"email": "neu@example.org", "role": "viewer"},
        "manage",
    ),
    (
        "change role",
        "post",
        "accounts:member_role",
        ["membership"],
        lambda o: {"role": "editor"},
        "manage",
    ),
    ("remove member", "post", "accounts:member_remove", ["membership"], lambda o: {}, "manage"),
    (
        "revoke invitation",
        "post",
        "accounts:invitation_revoke",
        ["invitation"],
        lambda o: {},
        "manage",
    ),
    # every member may create tokens acting as themselves; only administrators (or the
    # token's creator) revoke a token, here one of the administrator's
    ("api tokens", "get", "accounts:api_tokens", [], None, "view"),
    (
        "create api token",
        "post",
        "accounts:api_tokens",
        [],
        lambda o: {"name": "Nachtlauf", "scope": "write", "validity": "30"},
        "view",
    ),
    (
        "revoke api token",
        "post",
        "accounts:api_token_revoke",
        ["api_token"],
        lambda o: {},
        "manage",
    ),
]


def _objects(world, organisation):
    """One object of each kind in ``organisation`` (the organisation the URL names)."""
    admin = Membership.objects.filter(organisation=organisation, role="admin").first().user
    services.indicator_selection_set(
        organisation=organisation, user=admin, shown=[world.un.pk], chosen=[world.un.pk]
    )
    own = services.own_indicator_create(
        organisation=organisation,
        user=admin,
        data=services.OwnIndicatorData(title_de="Radwege", goal=world.un.goal),
    )
    item, _check = services.upload_create(
        organisation=organisation, user=admin, name="werte.csv", content=CSV
    )
    rows = [services.DraftRow(world.un.pk, organisation.region.pk, "", 2019, 1.0, "Prozent")]
    services.staged_observations_save(
        organisation=organisation, user=admin, rows=rows, origin="grid"
    )
    other = Membership.objects.create(
        organisation=organisation,
        role="viewer",
        user=type(admin).objects.create(username="x" + str(organisation.pk)),
    )
    invitation, _token = services_invitation(organisation, admin)
    api_token, _raw = api_token_create(organisation=organisation, user=admin, name="Statistik")
    return {
        "own_code": own.indicator.code,
        "un_code": world.un.code,
        "un": world.un.pk,
        "goal": world.un.goal.pk,
        "upload": item.pk,
        "membership": other.pk,
        "invitation": invitation.pk,
        "api_token": api_token.pk,
        "csv": "csv",
        "xlsx": "xlsx",
        "draft": organisation.staged_observations.get().pk,
    }


def services_invitation(organisation, admin):
    from zielwerk.accounts.services import invitation_create

    return invitation_create(
        organisation=organisation,
        email="eingeladen@example.org",
        role="viewer",
        invited_by=admin,
        accept_url=lambda t: t,
    )


def _changes() -> tuple[int, int, int, int]:
    """What a refused request must not change: audit, uploads, confirmations, jobs."""
    return (
        AuditEntry.objects.count(),
        Upload.objects.count(),
        Upload.objects.filter(status="confirmed").count(),
        Job.objects.count(),
    )


def _request(client, action, objects, organisation):
    _name, method, url_name, args, data, _perm = action
    url = reverse(url_name, args=[organisation.slug, *(objects[a] for a in args)])
    if method == "get":
        return client.get(url)
    return client.post(url, data(objects))


@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_permission_table(client, world, action, role, where):
    organisation = world.org_a if where == "own" else world.org_b
    objects = _objects(world, organisation)
    client.force_login(world.members[role])  # a member of org_a only
    before = _changes()
    response = _request(client, action, objects, organisation)
    allowed = where == "own" and role in ALLOWED[action[5]]
    if allowed:
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == 403
        assert _changes() == before  # nor a job started (uploads are checked by jobs)


@pytest.mark.parametrize("name", ["upload", "upload confirm"])
def test_an_allowed_upload_or_confirmation_is_a_job_of_the_organisation(client, world, name):
    action = next(a for a in ACTIONS if a[0] == name)
    objects = _objects(world, world.org_a)
    client.force_login(world.members["editor"])
    response = _request(client, action, objects, world.org_a)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.organisation, job.owner) == (world.org_a, world.members["editor"])
    (ran,) = run_jobs()
    assert ran.state == Job.State.DONE, ran.failure
    # members of the organisation follow it; the other organisation's do not see it
    client.force_login(world.members["viewer"])
    assert client.get(response["Location"]).status_code == 200
    client.force_login(world.members["b-admin"])
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.parametrize("action", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_anonymous_is_sent_to_login(client, world, action):
    objects = _objects(world, world.org_a)
    before = AuditEntry.objects.count()
    response = _request(client, action, objects, world.org_a)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert AuditEntry.objects.count() == before


def test_every_workspace_and_member_url_is_in_the_table():
    from zielwerk.accounts.urls import urlpatterns as account_urls
    from zielwerk.workspace.urls import urlpatterns as workspace_urls

    covered = {a[2].split(":")[1] for a in ACTIONS}
    org_urls = {p.name for p in (*workspace_urls, *account_urls) if "<slug:org>" in str(p.pattern)}
    assert org_urls <= covered, org_urls - covered
