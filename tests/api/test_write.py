"""Writing through the API with organisation tokens: who may do what, all or nothing,
publishing, the audit trail, and that a browser session cannot write."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.accounts.fixtures import _clear_cache, _fast_passwords  # noqa: F401
from zielwerk.accounts.models import Membership
from zielwerk.accounts.services import api_token_create, api_token_revoke
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import ImportRun, Observation
from zielwerk.regions.models import Region
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, OrganisationTarget, StagedObservation, Upload

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "editor", "publisher", "admin")
TOWN_A = "051540004004"
TOWN_B = "051540008008"
TARGET = {
    "indicator": "7.2.1",
    "kind": "year",
    "direction": "increase",
    "target_value": 80,
    "target_year": 2030,
    "decision_date": "2024-06-13",
    "decision_reference": "DS 2024/117",
    "decision_link": "https://ratsinfo.example.org/2024-117",
}


def rows(*values, region=TOWN_A, indicator="7.2.1"):
    return [
        {"indicator": indicator, "region": region, "year": 2020 + i, "value": v, "unit": "Prozent"}
        for i, v in enumerate(values)
    ]


@pytest.fixture
def world(loaded):
    """Two real municipalities of Kreis Kleve (the API tests' real catalogue and regions):
    A with a member of every role, B with an administrator."""
    town_a, town_b = Region.objects.get(ars=TOWN_A), Region.objects.get(ars=TOWN_B)
    org_a = OrganisationFactory(name="Bedburg-Hau", slug="bedburg-hau", region=town_a)
    org_b = OrganisationFactory(name="Emmerich am Rhein", slug="emmerich", region=town_b)
    members = {
        role: MembershipFactory(
            organisation=org_a, role=role, user=UserFactory(username=f"a-{role}")
        ).user
        for role in ROLES
    }
    members["b-admin"] = MembershipFactory(
        organisation=org_b, role="admin", user=UserFactory(username="b-admin")
    ).user
    un = Indicator.objects.get(code="7.2.1")
    return SimpleNamespace(
        org_a=org_a, org_b=org_b, members=members, un=un, town_a=town_a, town_b=town_b
    )


@pytest.fixture
def org_a(world):
    """Organisation A monitors 7.2.1 (its indicator set)."""
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[world.un.pk],
        chosen=[world.un.pk],
    )
    return world.org_a


def token(world, role, *, scope="write", organisation=None, **extra):
    user = world.members[role]
    organisation = organisation or (world.org_b if role == "b-admin" else world.org_a)
    created, raw = api_token_create(
        organisation=organisation, user=user, name=f"Token {role}", scope=scope, **extra
    )
    return created, raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_json(client, path, body, raw=None, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = f"/api/v1/organisations/{path}" + (f"?{query}" if query else "")
    headers = bearer(raw) if raw else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def written():
    """Everything a write request could leave behind (the real data loaded for the API
    tests has no observations of these towns and no import run by a person)."""
    return (
        StagedObservation.objects.count(),
        Observation.objects.filter(region__ars__in=[TOWN_A, TOWN_B]).count(),
        OrganisationTarget.objects.count(),
        Upload.objects.count(),
        AuditEntry.objects.exclude(action__startswith="selection").count(),
        ImportRun.objects.filter(user__isnull=False).count(),
    )


NOTHING = (0, 0, 0, 0, 0, 0)

# endpoint, publish → the least role that may do it
OPERATIONS = {
    ("observations", False): "editor",
    ("observations", True): "publisher",
    ("targets", False): "editor",
    ("targets", True): "publisher",
}


def _send(client, world, target, publish, raw, slug):
    if target == "observations":
        body = rows(10.5, region=TOWN_A if slug == world.org_a.slug else TOWN_B)
    else:
        body = TARGET
    params = {"publish": "true"} if publish else {}
    return post_json(client, f"{slug}/{target}", body, raw, **params)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("target", "publish"), list(OPERATIONS))
def test_permission_table_own_organisation(client, world, org_a, role, target, publish):
    _created, raw = token(world, role)
    response = _send(client, world, target, publish, raw, org_a.slug)
    needed = OPERATIONS[(target, publish)]
    allowed = ROLES.index(role) >= ROLES.index(needed)
    if allowed:
        assert response.status_code == (200 if target == "observations" else 201), response.json()
        assert written() != NOTHING
    else:
        assert response.status_code == 403, response.content
        assert written() == NOTHING


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("target", "publish"), list(OPERATIONS))
def test_a_token_cannot_touch_another_organisation(client, world, org_a, role, target, publish):
    _created, raw = token(world, role)
    response = _send(client, world, target, publish, raw, world.org_b.slug)
    assert response.status_code == 403
    assert written() == NOTHING


@pytest.mark.parametrize(("target", "publish"), list(OPERATIONS))
def test_a_read_token_cannot_write(client, world, org_a, target, publish):
    _created, raw = token(world, "admin", scope="read")
    response = _send(client, world, target, publish, raw, org_a.slug)
    assert response.status_code == 403
    assert written() == NOTHING


def _bad_tokens(world):
    _revoked, revoked = token(world, "admin")
    api_token_revoke(api_token=_revoked, user=world.members["admin"])
    _expired, expired = api_token_create(
        organisation=world.org_a,
        user=world.members["publisher"],
        name="abgelaufen",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    return {
        "none": {},
        "unknown": bearer("zw_" + "x" * 43),
        "not bearer": {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="},
        "empty bearer": {"HTTP_AUTHORIZATION": "Bearer "},
        "revoked": bearer(revoked),
        "expired": bearer(expired),
    }


@pytest.mark.parametrize(("target", "publish"), list(OPERATIONS))
def test_missing_wrong_revoked_or_expired_tokens_get_401(client, world, org_a, target, publish):
    for name, headers in _bad_tokens(world).items():
        params = "?publish=true" if publish else ""
        body = rows(1.0) if target == "observations" else TARGET
        response = client.post(
            f"/api/v1/organisations/{org_a.slug}/{target}{params}",
            json.dumps(body),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 401, name
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert written() == NOTHING


def test_a_token_acts_with_its_creators_role_at_the_time_of_use(client, world, org_a):
    _created, raw = token(world, "editor")
    membership = Membership.objects.get(user=world.members["editor"], organisation=org_a)
    membership.role = "viewer"
    membership.save()
    assert post_json(client, f"{org_a.slug}/observations", rows(1.0), raw).status_code == 403
    membership.role = "publisher"
    membership.save()
    response = post_json(client, f"{org_a.slug}/observations", rows(1.0), raw, publish="true")
    assert response.status_code == 200
    membership.delete()
    assert post_json(client, f"{org_a.slug}/observations", rows(2.0), raw).status_code == 403
    world.members["editor"].delete()  # the account is gone, and with it its tokens
    assert post_json(client, f"{org_a.slug}/observations", rows(2.0), raw).status_code == 401


def test_unknown_organisation_is_404(client, world, org_a):
    _created, raw = token(world, "admin")
    assert post_json(client, "gibt-es-nicht/observations", rows(1.0), raw).status_code == 404


def test_a_browser_session_cannot_write_and_tokens_need_no_csrf(world, org_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.members["publisher"])
    url = f"/api/v1/organisations/{org_a.slug}/observations?publish=true"
    body = json.dumps(rows(10.5))
    response = browser.post(url, body, content_type="application/json")
    assert response.status_code == 401  # the session is not accepted at all
    assert written() == NOTHING
    _created, raw = token(world, "publisher")
    response = Client(enforce_csrf_checks=True).post(
        url, body, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 200  # no CSRF token, no cookie: the bearer token suffices


def test_one_bad_row_rejects_everything_with_every_problem(client, world, org_a):
    _created, raw = token(world, "publisher")
    body = [*rows(10.5, "zehn", 12.0), {**rows(1.0)[0], "year": "20x5"}]
    for publish in ("false", "true"):
        response = post_json(client, f"{org_a.slug}/observations", body, raw, publish=publish)
        assert response.status_code == 422
        answer = response.json()
        found = {(p["row"], p["field"], p["value"]) for p in answer["problems"]}
        assert found == {(2, "value", "zehn"), (4, "year", "20x5")}
        assert answer["problem_count"] == 2
        assert all(p["reason"] and p["line"] is None for p in answer["problems"])
        by_row = {p["row"]: p["message"] for p in answer["problems"]}
        assert by_row[2].startswith("Zeile 2, Feld „value“, Wert „zehn“: ")
        assert written() == NOTHING


def test_rows_outside_the_scope_are_rejected_like_a_web_upload(client, world, org_a):
    _created, raw = token(world, "editor")
    body = rows(1.0, region=TOWN_B) + rows(2.0, indicator="7.1.1")
    response = post_json(client, f"{org_a.slug}/observations", body, raw)
    assert response.status_code == 422
    problems = {(p["row"], p["field"], p["value"]) for p in response.json()["problems"]}
    assert problems == {(1, "region", TOWN_B), (2, "indicator", "7.1.1")}
    reasons = " ".join(p["reason"] for p in response.json()["problems"])
    assert "nicht im Gebiet Ihrer Organisation" in reasons
    assert "nicht zum Indikatorenset" in reasons
    assert written() == NOTHING


def test_rows_without_the_shape_of_observations(client, world, org_a):
    _created, raw = token(world, "editor")
    body = [{"indicator": "7.2.1", "region": TOWN_A, "year": 2020, "colour": "rot"}, "x"]
    response = post_json(client, f"{org_a.slug}/observations", body, raw)
    assert response.status_code == 422
    problems = {(p["row"], p["field"]) for p in response.json()["problems"]}
    assert problems == {(1, "colour"), (1, "value"), (2, None)}
    not_a_list = post_json(client, f"{org_a.slug}/observations", {"rows": []}, raw)
    assert not_a_list.status_code == 422
    empty = post_json(client, f"{org_a.slug}/observations", [], raw)
    assert empty.status_code == 422
    assert written() == NOTHING


def test_drafts_from_an_editor_token_with_audit_trail(client, world, org_a):
    created, raw = token(world, "editor")
    response = post_json(client, f"{org_a.slug}/observations", rows(10.5, 12.25), raw)
    assert response.status_code == 200
    assert response.json() == {
        "organisation": org_a.slug,
        "rows": 2,
        "drafts": 2,
        "published": 0,
        "import_runs": [],
    }
    drafts = StagedObservation.objects.filter(organisation=org_a)
    assert sorted(drafts.values_list("year", "value")) == [(2020, 10.5), (2021, 12.25)]
    assert set(drafts.values_list("source", flat=True)) == {"API-Token Token editor"}
    entries = AuditEntry.objects.filter(action__in=["observation_drafted", "upload_confirmed"])
    assert entries.count() == 3
    assert {e.user for e in entries} == {world.members["editor"]}
    assert {e.source for e in entries} == {"API-Token Token editor"}
    assert written()[1] == 0  # drafts are not public
    public = client.get("/api/v1/observations", {"indicator": "7.2.1"}).json()
    assert public["results"] == []
    created.refresh_from_db()
    assert created.last_used_at is not None


def test_publish_makes_exactly_the_sent_rows_public(client, world, org_a):
    # a draft someone else entered in the web stays a draft
    other = [services.DraftRow(world.un.pk, world.town_a.pk, "", 2010, 1.0, "Prozent")]
    services.staged_observations_save(
        organisation=org_a, user=world.members["editor"], rows=other, origin="grid"
    )
    _created, raw = token(world, "publisher")
    response = post_json(
        client, f"{org_a.slug}/observations", rows(10.5, 12.25), raw, publish="true"
    )
    assert response.status_code == 200
    assert response.json()["published"] == 2
    public = client.get("/api/v1/observations", {"indicator": "7.2.1", "region": TOWN_A}).json()
    assert {(r["year"], r["value"]) for r in public["results"]} == {(2020, 10.5), (2021, 12.25)}
    run = ImportRun.objects.get(user__isnull=False)
    assert run.user == world.members["publisher"]
    assert run.source == "API-Token Token publisher"
    assert response.json()["import_runs"] == [run.pk]
    published = AuditEntry.objects.filter(action="observation_published")
    assert published.count() == 2
    assert {(e.user, e.source) for e in published} == {
        (world.members["publisher"], "API-Token Token publisher")
    }
    assert list(StagedObservation.objects.values_list("year", flat=True)) == [2010]


def test_a_unit_change_at_publishing_undoes_the_drafts_too(client, world, org_a):
    _created, raw = token(world, "publisher")
    assert (
        post_json(client, f"{org_a.slug}/observations", rows(1.0), raw, publish="true").status_code
        == 200
    )
    before = written()
    changed = [{**rows(2.0)[0], "unit": "Tonnen"}]
    response = post_json(client, f"{org_a.slug}/observations", changed, raw, publish="true")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "unit"
    assert written() == before
    assert Observation.objects.get(region__ars=TOWN_A).value == 1.0


def test_tidy_csv_body_with_line_numbers(client, world, org_a):
    _created, raw = token(world, "editor")
    url = f"/api/v1/organisations/{org_a.slug}/observations"
    good = f'indicator,region,series,year,value,unit\n7.2.1,{TOWN_A},,2021,"10,5",Prozent\n'
    response = client.post(url, good, content_type="text/csv", **bearer(raw))
    assert response.status_code == 200, response.content
    assert StagedObservation.objects.get().value == 10.5
    bad = good + f"7.2.1,{TOWN_A},,2022,zehn,Prozent\n"
    response = client.post(url, bad, content_type="text/csv", **bearer(raw))
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert (problem["line"], problem["row"], problem["field"]) == (3, 2, "value")
    other = client.post(url, "a;b", content_type="application/xml", **bearer(raw))
    assert other.status_code == 415
    assert StagedObservation.objects.count() == 1


def test_rate_limit_counts_per_token(client, world, org_a, settings):
    settings.ZIELWERK_API_RATE_LIMIT = (2, 60)
    _created, raw = token(world, "editor")
    url = f"/api/v1/organisations/{org_a.slug}/targets"
    statuses = [
        client.get(url, REMOTE_ADDR=f"192.0.2.{n}", **bearer(raw)).status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


class TestTargets:
    def test_new_versions_as_drafts_then_published(self, client, world, org_a):
        _editor, editor = token(world, "editor")
        first = post_json(client, f"{org_a.slug}/targets", TARGET, editor)
        assert first.status_code == 201
        assert first.json()["status"] == "draft"
        assert first.json()["version"] == 1
        second = post_json(client, f"{org_a.slug}/targets", {**TARGET, "target_value": 90}, editor)
        assert second.json()["version"] == 2
        entry = AuditEntry.objects.filter(action="target_created").first()
        assert entry.user == world.members["editor"]
        assert entry.source == "API-Token Token editor · https://ratsinfo.example.org/2024-117"
        url = f"/api/v1/organisations/{org_a.slug}/targets"
        public = client.get(url).json()
        assert public == {"organisation": org_a.slug, "drafts_included": False, "results": []}
        own = client.get(url, **bearer(editor))
        assert own["Cache-Control"] == "private, no-store"
        assert own.json()["drafts_included"] is True
        assert [t["version"] for t in own.json()["results"]] == [2, 1]
        _other, other = token(world, "b-admin")
        assert client.get(url, **bearer(other)).json()["drafts_included"] is False
        _publisher, publisher = token(world, "publisher")
        third = post_json(
            client,
            f"{org_a.slug}/targets",
            {**TARGET, "target_value": 95},
            publisher,
            publish="true",
        )
        assert third.status_code == 201
        assert third.json()["status"] == "in_force"
        public = client.get(url).json()["results"]
        assert [(t["version"], t["status"], t["target_value"]) for t in public] == [
            (3, "in_force", 95.0)
        ]
        drafts = OrganisationTarget.objects.filter(published_at__isnull=True)
        assert sorted(drafts.values_list("version", flat=True)) == [1, 2]  # left as they were

    def test_problems_are_listed_and_nothing_is_stored(self, client, world, org_a):
        _created, raw = token(world, "editor")
        body = {
            **TARGET,
            "indicator": "7.1.1",
            "target_value": None,
            "region": TOWN_B,
            "decision_link": "kein link",
        }
        response = post_json(client, f"{org_a.slug}/targets", body, raw)
        assert response.status_code == 422
        fields = {p["field"] for p in response.json()["problems"]}
        assert fields == {"indicator", "region", "target_value", "decision_link"}
        wrong_kind = post_json(client, f"{org_a.slug}/targets", {**TARGET, "kind": "bald"}, raw)
        assert wrong_kind.status_code == 422
        assert wrong_kind.json()["problems"][0]["field"] == "kind"
        assert written() == NOTHING

    def test_region_inside_the_area(self, client, world, org_a):
        _created, raw = token(world, "editor")
        response = post_json(client, f"{org_a.slug}/targets", {**TARGET, "region": "05154004"}, raw)
        assert response.status_code == 201
        assert response.json()["region"] == TOWN_A

    def test_unknown_organisation_and_invalid_token_on_read(self, client, world, org_a):
        assert client.get("/api/v1/organisations/gibt-es-nicht/targets").status_code == 404
        url = f"/api/v1/organisations/{org_a.slug}/targets"
        assert client.get(url, **bearer("zw_falsch")).status_code == 401


def test_a_publishing_write_reads_its_body_once(client, world, org_a, monkeypatch):
    """Check, drafts and publish work on the rows read once (no re-reading, no CSV detour)."""
    from zielwerk.workspace.services import uploads

    calls = []
    real = uploads.read_observations

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads, "read_observations", counted)
    _created, raw = token(world, "publisher")
    response = post_json(
        client, f"{org_a.slug}/observations", rows(10.5, 11.0), raw, publish="true"
    )
    assert response.status_code == 200, response.content
    assert response.json()["published"] == 2
    assert len(calls) == 1
