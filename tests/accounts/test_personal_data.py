"""GDPR: download one's own data; deleting the account keeps the audit trail anonymous."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.factories import PASSWORD
from zielwerk.monitoring.models import ImportRun
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_download_contains_account_memberships_and_own_changes(client, world):
    editor = world.members["editor"]
    services.indicator_selection_set(
        organisation=world.org_a, user=editor, shown=[world.un.pk], chosen=[world.un.pk]
    )
    client.force_login(editor)
    response = client.get(reverse("accounts:account_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["username"] == "a-editor"
    assert data["account"]["email"] == "a-editor@example.org"
    assert data["memberships"] == [
        {
            "organisation": "Bedburg-Hau",
            "role": "editor",
            "since": data["memberships"][0]["since"],
            "last_visit": None,
        }
    ]
    assert [e["subject"] for e in data["audit_entries"]] == ["7.2.1"]


def test_delete_account_keeps_changes_as_deleted_person(client, world):
    editor = world.members["editor"]
    services.indicator_selection_set(
        organisation=world.org_a, user=editor, shown=[world.un.pk], chosen=[world.un.pk]
    )
    ImportRun.objects.create(user=editor, actor="a-editor", source="Test")
    client.force_login(editor)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="a-editor").exists()
    entry = AuditEntry.objects.get(action="selection_added")
    assert entry.user is None
    assert ImportRun.objects.get().actor == ""
    client.force_login(world.members["viewer"])
    page = client.get(reverse("workspace:audit", args=[world.org_a.slug])).content.decode()
    assert "gelöschte Person" in page
    assert "a-editor" not in page
    assert "Erika" not in page


def test_delete_needs_the_password(client, world):
    client.force_login(world.members["editor"])
    response = client.post(reverse("accounts:account_delete"), {"password": "falsch"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(username="a-editor").exists()
    assert "Das Passwort ist nicht richtig" in response.content.decode()


def test_account_pages_need_login(client, world):
    for name in ("accounts:account", "accounts:account_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
