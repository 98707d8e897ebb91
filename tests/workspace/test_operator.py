"""The platform operator area and the first steps of a new organisation.

Who may use the operator area is a table (anonymous → login, members → 403, operators → in);
an organisation is created by searching its region by name or key, its first administrator is
invited through the ordinary invitation; the first-steps states follow from the data.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone

from tests.accounts.factories import MembershipFactory, UserFactory
from zielwerk.accounts.models import Invitation, Membership, Organisation
from zielwerk.accounts.services import token_hash
from zielwerk.workspace import services
from zielwerk.workspace.selectors.first_steps import first_steps_state

pytestmark = pytest.mark.django_db

CREATE = reverse("accounts:operator_create")


@pytest.fixture
def operator(world):
    return UserFactory(username="betrieb", email="betrieb@example.org", is_staff=True)


@pytest.fixture
def superuser(world):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


# (name, method, url (from the world), data) — every URL of the operator area
OPERATOR_ACTIONS = [
    ("list", "get", lambda w: reverse("accounts:operator_organisations"), None),
    ("create form", "get", lambda w: CREATE, None),
    ("region search", "get", lambda w: CREATE + "?q=Kleve", None),
    ("region chosen", "get", lambda w: CREATE + "?region=" + w.kreis.ars, None),
    (
        "create",
        "post",
        lambda w: CREATE,
        lambda w: {"region": w.kreis.ars, "name": "Kreis Kleve", "slug": "", "kind": "kreis"},
    ),
    ("invite form", "get", lambda w: reverse("accounts:operator_invite", args=["emmerich"]), None),
    (
        "invite",
        "post",
        lambda w: reverse("accounts:operator_invite", args=["emmerich"]),
        lambda w: {"email": "verwaltung@emmerich.example"},
    ),
]
IDS = [a[0] for a in OPERATOR_ACTIONS]


def _request(client, world, action):
    _name, method, url, data = action
    if method == "get":
        return client.get(url(world))
    return client.post(url(world), data(world))


def _footprint():
    return Organisation.objects.count(), Invitation.objects.count(), len(mail.outbox)


@pytest.mark.parametrize("action", OPERATOR_ACTIONS, ids=IDS)
def test_anonymous_is_sent_to_login(client, world, action):
    before = _footprint()
    response = _request(client, world, action)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert _footprint() == before


@pytest.mark.parametrize("action", OPERATOR_ACTIONS, ids=IDS)
@pytest.mark.parametrize("who", ["viewer", "admin", "b-admin"])
def test_members_even_administrators_are_refused(client, world, action, who):
    client.force_login(world.members[who])
    before = _footprint()
    assert _request(client, world, action).status_code == 403
    assert _footprint() == before


@pytest.mark.parametrize("action", OPERATOR_ACTIONS, ids=IDS)
@pytest.mark.parametrize("who", ["operator", "superuser"])
def test_operators_may(client, world, action, who, request):
    client.force_login(request.getfixturevalue(who))
    response = _request(client, world, action)
    expected = 302 if action[1] == "post" else 200
    assert response.status_code == expected, response.content[:500]


def test_inactive_staff_is_no_operator(world):
    user = UserFactory(username="ehemals", is_staff=True, is_active=False)
    assert not user.has_perm("accounts.operate_platform")
    assert not world.members["admin"].has_perm("accounts.operate_platform")


def test_every_operator_url_is_in_the_table(world):
    """A new page of the operator area fails here until it is in ``OPERATOR_ACTIONS``."""
    from zielwerk.accounts.urls import urlpatterns

    names = {p.name for p in urlpatterns if "operator_views" in p.callback.__module__}
    covered = {resolve(url(world).split("?")[0]).url_name for _n, _m, url, _d in OPERATOR_ACTIONS}
    assert len(names) == 3
    assert names <= covered, names - covered


def test_the_list_shows_region_members_and_administrators(client, world, operator):
    client.force_login(operator)
    response = client.get(reverse("accounts:operator_organisations"))
    rows = {o.slug: o for o in response.context["organisations"]}
    assert rows["bedburg-hau"].member_count == 4
    assert [m.user.username for m in rows["bedburg-hau"].admins] == ["a-admin"]
    assert rows["emmerich"].member_count == 1
    page = response.content.decode()
    assert "051540004004" in page and "a-admin@example.org" in page


class TestCreateByRegionSearch:
    def test_search_by_name_lists_regions_with_a_link_to_choose(self, client, world, operator):
        client.force_login(operator)
        response = client.get(CREATE, {"q": "bedburg"})
        assert response.status_code == 200
        regions = [c.region for c in response.context["results"].choices]
        assert regions == [world.town_a]
        # the existing organisation for that region is named, so nobody adds it twice
        assert response.context["results"].choices[0].organisations == [world.org_a]
        assert f'href="?region={world.town_a.ars}&amp;q=bedburg"' in response.content.decode()

    def test_search_by_key_prefix(self, client, world, operator):
        client.force_login(operator)
        response = client.get(CREATE, {"q": "05154"})
        found = {c.region.ars for c in response.context["results"].choices}
        assert found == {world.kreis.ars, world.town_a.ars, world.town_b.ars}

    def test_nothing_found_says_where_it_searched(self, client, world, operator):
        client.force_login(operator)
        response = client.get(CREATE, {"q": "Atlantis"})
        assert response.status_code == 200
        assert "Keine Region gefunden" in response.content.decode()

    def test_a_too_long_query_names_the_limit(self, client, world, operator):
        client.force_login(operator)
        response = client.get(CREATE, {"q": "x" * 101})
        assert response.status_code == 400
        assert "höchstens 100 Zeichen (eingegeben: 101)" in response.content.decode()

    def test_choosing_a_region_fills_name_and_kind(self, client, world, operator):
        client.force_login(operator)
        response = client.get(CREATE, {"region": world.kreis.ars})
        form = response.context["form"]
        assert (form.initial["name"], form.initial["kind"]) == ("Kleve", "kreis")
        assert f'name="region" value="{world.kreis.ars}"' in response.content.decode()

    def test_create_logs_who_and_goes_on_to_the_invitation(self, client, world, operator, caplog):
        client.force_login(operator)
        data = {"region": world.kreis.ars, "name": "Kreis Kleve Süd", "slug": "", "kind": "kreis"}
        with caplog.at_level(logging.INFO, logger="zielwerk.operator"):
            response = client.post(CREATE, data)
        created = Organisation.objects.get(name="Kreis Kleve Süd")
        assert (created.slug, created.kind, created.region) == (
            "kreis-kleve-sued",
            "kreis",
            world.kreis,
        )
        assert not created.memberships.exists()  # the administrator comes by invitation
        assert response.url == reverse("accounts:operator_invite", args=["kreis-kleve-sued"])
        (record,) = [r for r in caplog.records if r.name == "zielwerk.operator"]
        message = record.getMessage()
        assert "kreis-kleve-sued" in message and world.kreis.ars in message
        assert f"id={operator.pk} username=betrieb" in message

    def test_a_generated_short_name_never_collides(self, client, world, operator):
        client.force_login(operator)
        data = {"region": world.town_b.ars, "name": "Emmerich", "slug": "", "kind": "gemeinde"}
        assert client.post(CREATE, data).status_code == 302
        assert Organisation.objects.filter(name="Emmerich").count() == 2
        assert Organisation.objects.filter(slug="emmerich-2").exists()

    def test_a_taken_short_name_is_refused_at_the_field(self, client, world, operator):
        client.force_login(operator)
        before = Organisation.objects.count()
        data = {"region": world.town_b.ars, "name": "Neu", "slug": "emmerich", "kind": "gemeinde"}
        response = client.post(CREATE, data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Der Kurzname „emmerich“ ist schon vergeben (an „Emmerich“)" in page
        assert 'id="id_slug-error"' in page and 'aria-invalid="true"' in page
        assert Organisation.objects.count() == before
        # what was typed stays
        assert 'value="Neu"' in page

    @pytest.mark.parametrize(
        ("region", "expected"),
        [("999999999999", "„999999999999“"), ("", "zuerst die Region")],
    )
    def test_an_unknown_or_missing_region_is_refused(
        self, client, world, operator, region, expected
    ):
        client.force_login(operator)
        before = Organisation.objects.count()
        response = client.post(CREATE, {"region": region, "name": "X", "kind": "gemeinde"})
        assert response.status_code == 400
        assert expected in response.content.decode()
        assert Organisation.objects.count() == before

    def test_an_empty_post_creates_nothing(self, client, world, operator):
        client.force_login(operator)
        before = Organisation.objects.count()
        response = client.post(CREATE, {})
        assert response.status_code == 400
        assert "zuerst die Region" in response.content.decode()
        assert Organisation.objects.count() == before


class TestInviteTheAdministrator:
    def _invite(self, client, operator, slug="emmerich", email="verwaltung@emmerich.example"):
        client.force_login(operator)
        url = reverse("accounts:operator_invite", args=[slug])
        return client.post(url, {"email": email})

    def test_invitation_goes_to_the_address_with_the_admin_role(self, client, world, operator):
        response = self._invite(client, operator)
        assert response.url == reverse("accounts:operator_organisations")
        invitation = Invitation.objects.get()
        assert (invitation.organisation, invitation.email, invitation.role) == (
            world.org_b,
            "verwaltung@emmerich.example",
            "admin",
        )
        assert invitation.invited_by == operator
        assert mail.outbox[-1].to == ["verwaltung@emmerich.example"]
        assert "Verwalten" in mail.outbox[-1].body
        link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert invitation.token_hash == token_hash(token)
        # the list now shows the open invitation
        page = client.get(response.url).content.decode()
        assert "Einladung offen:" in page and "verwaltung@emmerich.example" in page

    def test_the_invited_person_becomes_administrator(self, client, world, operator):
        self._invite(client, operator)
        link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
        client.logout()
        password = "ein-sicheres-Passwort-42"
        response = client.post(
            link, {"username": "verwaltung", "password1": password, "password2": password}
        )
        assert response.status_code == 302
        membership = Membership.objects.get(user__username="verwaltung")
        assert (membership.organisation, membership.role) == (world.org_b, "admin")

    def test_a_bad_address_is_refused_at_the_field(self, client, world, operator):
        response = self._invite(client, operator, email="keine-adresse")
        assert response.status_code == 400
        assert 'id="id_email-error"' in response.content.decode()
        assert not Invitation.objects.exists() and not mail.outbox

    def test_unknown_organisation_is_404(self, client, world, operator):
        client.force_login(operator)
        assert (
            client.get(reverse("accounts:operator_invite", args=["nirgendwo"])).status_code == 404
        )


class TestLanding:
    def test_an_operator_without_organisation_lands_in_the_operator_area(
        self, client, world, superuser
    ):
        client.force_login(superuser)
        response = client.get(reverse("workspace:dashboard"))
        assert response.url == reverse("accounts:operator_organisations")

    def test_a_person_without_organisation_learns_who_can_add_them(self, client, world):
        user = UserFactory(username="neu", email="neu@kommune.example")
        client.force_login(user)
        response = client.get(reverse("workspace:dashboard"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Rolle „Verwalten“" in page and "„Mitglieder“" in page
        assert "neu@kommune.example" in page
        assert reverse("accounts:operator_organisations") not in page

    def test_an_operator_with_organisations_sees_the_operator_link(self, client, world, operator):
        MembershipFactory(user=operator, organisation=world.org_a, role="viewer")
        MembershipFactory(user=operator, organisation=world.org_b, role="viewer")
        client.force_login(operator)
        page = client.get(reverse("workspace:dashboard")).content.decode()
        assert reverse("accounts:operator_organisations") in page


def _states(organisation):
    return first_steps_state(organisation=organisation).done


class TestFirstSteps:
    def test_states_follow_the_data(self, world, operator):
        fresh = Organisation.objects.create(
            name="Kleve", slug="kleve", kind="kreis", region=world.kreis
        )
        admin = MembershipFactory(organisation=fresh, role="admin").user
        assert _states(fresh) == {
            "organisation": True,
            "members": False,
            "kit": False,
            "data": False,
            "targets": False,
            "publishing": False,
        }
        # an open invitation is not yet a member
        Invitation.objects.create(
            organisation=fresh,
            email="x@example.org",
            role="editor",
            token_hash="h",
            expires_at=timezone.now() + timedelta(days=7),
        )
        state = first_steps_state(organisation=fresh)
        assert (state.members, state.open_invitations, state.done["members"]) == (1, 1, False)
        MembershipFactory(organisation=fresh, role="editor")
        assert _states(fresh)["members"]
        services.indicator_selection_set(
            organisation=fresh, user=admin, shown=[world.un.pk], chosen=[world.un.pk]
        )
        assert _states(fresh)["kit"] and not _states(fresh)["data"]
        rows = [services.DraftRow(world.un.pk, world.kreis.pk, "", 2020, 1.5, "Prozent")]
        services.staged_observations_save(organisation=fresh, user=admin, rows=rows, origin="grid")
        assert _states(fresh)["data"] and not _states(fresh)["targets"]
        services.organisation_target_create(
            organisation=fresh,
            user=admin,
            indicator=world.un,
            data=services.TargetData(
                kind="year",
                direction="increase",
                target_value=50,
                target_year=2030,
                decision_date=date(2025, 3, 1),
                decision_reference="DS 1/2025",
            ),
        )
        assert _states(fresh)["targets"] and not _states(fresh)["publishing"]
        services.drafts_publish(organisation=fresh, user=admin)
        state = first_steps_state(organisation=fresh)
        assert state.complete and state.drafts == 0  # data stays done after publishing
        # the other organisation's work does not count here
        assert _states(world.org_b)["kit"] is False

    def test_page_shows_each_step_with_state_and_link(self, client, world):
        client.force_login(world.members["admin"])
        response = client.get(reverse("workspace:first_steps", args=["bedburg-hau"]))
        assert response.status_code == 200
        steps = {s.key: s for s in response.context["steps"]}
        assert list(steps) == ["organisation", "members", "kit", "data", "targets", "publishing"]
        assert steps["members"].done  # four members
        assert steps["members"].url == reverse("accounts:members", args=["bedburg-hau"])
        assert not steps["kit"].done
        assert steps["kit"].url == reverse("workspace:kit", args=["bedburg-hau"])
        page = response.content.decode()
        assert "2 von 6 Schritten erledigt" in page
        assert page.count("noch nicht erledigt") == 4

    def test_a_viewer_gets_no_members_link_but_is_told_who_does_it(self, client, world):
        client.force_login(world.members["viewer"])
        response = client.get(reverse("workspace:first_steps", args=["bedburg-hau"]))
        steps = {s.key: s for s in response.context["steps"]}
        assert steps["members"].url is None
        assert "Das erledigt die Verwaltung." in response.content.decode()

    def test_the_dashboard_leads_to_the_first_steps(self, client, world):
        client.force_login(world.members["admin"])
        page = client.get(reverse("workspace:org_dashboard", args=["bedburg-hau"]))
        html = page.content.decode()
        assert reverse("workspace:first_steps", args=["bedburg-hau"]) in html
        assert "2 von 6 Schritten erledigt" in html

    def test_other_organisations_first_steps_are_refused(self, client, world):
        client.force_login(world.members["admin"])
        response = client.get(reverse("workspace:first_steps", args=["emmerich"]))
        assert response.status_code == 403
