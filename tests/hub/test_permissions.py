"""Who may do what with partnerships (the table in ``zielwerk.hub.rules``), for the rule
and for the pages: the region page shows the form link, the form accepts or refuses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from rules.permissions import permissions

from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from zielwerk.hub.models import Partnership

# who → (view, change) on the region of the organisation
TABLE = {
    "anonymous": (True, False),
    "outsider": (True, False),
    "viewer": (True, False),
    "editor": (True, True),
    "publisher": (True, True),
    "admin": (True, True),
    "editor_elsewhere": (True, False),
}
ACTIONS = ("hub.view_partnership", "hub.change_partnership")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_hub_permission_is_in_the_table() -> None:
    assert {name for name in permissions if name.startswith("hub.")} == set(ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("who", TABLE)
def test_permission_table(who: str) -> None:
    organisation: Any = OrganisationFactory()
    region = organisation.region
    user: Any
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "outsider":
        user = UserFactory()
    elif who == "editor_elsewhere":
        user = MembershipFactory(role="editor", organisation=OrganisationFactory()).user
    else:
        user = MembershipFactory(role=who, organisation=organisation).user
    assert tuple(user.has_perm(action, region) for action in ACTIONS) == TABLE[who]


POST = {
    "partner_name": "Lublin",
    "partner_country": "Poland",
    "kind": "staedtepartnerschaft",
    "since": "1991",
    "partner_lat": "51.25",
    "partner_lon": "22.57",
    "source": "Ratsbeschluss vom 12. März 1991",
}


def _login(client: Client, who: str, organisation: Any) -> Any:
    if who == "anonymous":
        return None
    user: Any
    if who == "outsider":
        user = UserFactory()
    elif who == "editor_elsewhere":
        user = MembershipFactory(role="editor", organisation=OrganisationFactory()).user
    else:
        user = MembershipFactory(role=who, organisation=organisation).user
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("who", TABLE)
def test_the_form_follows_the_table(client: Client, who: str) -> None:
    organisation: Any = OrganisationFactory()
    region = organisation.region
    user = _login(client, who, organisation)
    may_change = TABLE[who][1]
    url = reverse("hub:add", args=[region.ars])
    page = client.get(reverse("hub:region", args=[region.ars]))
    assert page.status_code == 200
    assert (f'href="{url}"' in page.content.decode()) is may_change
    form = client.get(url)
    posted = client.post(url, POST)
    if who == "anonymous":
        assert form.status_code == posted.status_code == 302
        assert posted["Location"].startswith(reverse("accounts:login"))
    elif not may_change:
        assert form.status_code == posted.status_code == 403
    else:
        assert form.status_code == 200 and posted.status_code == 302
        stored = Partnership.objects.get(region=region)
        assert (stored.partner_name, stored.since, stored.created_by) == ("Lublin", 1991, user)
        assert stored.source == POST["source"] and stored.kind == Partnership.Kind.TWIN_TOWN
        again = client.post(url, POST)  # the same partner twice: refused with a reason
        assert again.status_code == 200 and "schon erfasst" in again.content.decode()
    assert Partnership.objects.filter(region=region).count() == (1 if may_change else 0)


@pytest.mark.django_db
def test_the_form_refuses_bad_values(client: Client) -> None:
    organisation: Any = OrganisationFactory()
    _login(client, "editor", organisation)
    url = reverse("hub:add", args=[organisation.region.ars])
    for field, value in (("partner_lat", "91"), ("since", "3000"), ("partner_name", "")):
        page = client.post(url, {**POST, field: value})
        assert page.status_code == 200 and f'id="id_{field}-error"' in page.content.decode()
    page = client.post(url, {**POST, "partner_lon": ""})
    assert "Breiten- und Längengrad zusammen" in page.content.decode()
    assert not Partnership.objects.exists()
