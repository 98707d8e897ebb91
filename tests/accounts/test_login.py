"""Login with Django auth, rate-limited per username and address; logout by POST only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/konto/anmelden/"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_leads_to_the_workspace(client, world):
    response = attempt(client, "a-editor", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("workspace:dashboard")
    assert client.get(response.url).url == reverse("workspace:org_dashboard", args=["bedburg-hau"])


def test_wrong_password_is_refused_with_a_clear_message(client, world):
    response = attempt(client, "a-editor", "falsch")
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()


def test_five_failures_block_the_username_from_that_address_for_a_while(client, world):
    for _ in range(5):
        attempt(client, "a-editor", "falsch")
    response = attempt(client, "a-editor", PASSWORD)  # even the right password
    page = response.content.decode()
    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in page
    assert "15 Minuten" in page
    assert "_auth_user_id" not in client.session
    # another address, or another username, is not blocked
    assert attempt(Client(), "a-editor", PASSWORD, ip="10.0.0.2").status_code == 302
    assert attempt(Client(), "a-viewer", PASSWORD).status_code == 302


def test_four_failures_then_success_resets_the_count(client, world):
    for _ in range(4):
        attempt(client, "a-editor", "falsch")
    assert attempt(client, "a-editor", PASSWORD).status_code == 302
    other = Client()
    for _ in range(4):
        attempt(other, "a-editor", "falsch")
    assert attempt(other, "a-editor", PASSWORD).status_code == 302


def test_username_case_does_not_bypass_the_limit(client, world):
    for name in ("a-editor", "A-EDITOR", "A-Editor", "a-EDITOR", "a-editoR"):
        attempt(client, name, "falsch")
    assert "Zu viele" in attempt(client, "a-editor", PASSWORD).content.decode()


def test_logout_needs_post(client, world):
    client.force_login(world.members["viewer"])
    assert client.get("/konto/abmelden/").status_code == 405
    assert client.post("/konto/abmelden/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_form_is_accessible(client, world):
    page = attempt(client, "", "").content.decode()
    assert 'for="id_username"' in page
    assert 'aria-describedby="id_username-error"' in page
    assert 'id="id_username-error"' in page
