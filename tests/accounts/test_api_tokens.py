"""API tokens in the account area: created by members, shown once, stored as a hash,
listed with creator and last use, revoked by their creator or an administrator."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zielwerk.accounts import gdpr
from zielwerk.accounts.models import ApiToken
from zielwerk.accounts.services import api_token_create, api_token_find

pytestmark = pytest.mark.django_db


def page(world):
    return reverse("accounts:api_tokens", args=[world.org_a.slug])


def create(client, world, name="Statistikstelle", scope="write", validity="90"):
    return client.post(page(world), {"name": name, "scope": scope, "validity": validity})


def test_the_token_is_shown_once_and_only_its_hash_is_stored(client, world):
    client.force_login(world.members["admin"])
    response = create(client, world)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["created_token"]
    assert raw.startswith("zw_") and len(raw) > 40
    assert raw in response.content.decode()
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in repr(list(ApiToken.objects.values()))
    assert (stored.name, stored.scope, stored.created_by) == (
        "Statistikstelle",
        "write",
        world.members["admin"],
    )
    assert timedelta(days=89) < stored.expires_at - timezone.now() <= timedelta(days=90)
    again = client.get(page(world)).content.decode()
    assert raw not in again
    assert "Statistikstelle" in again
    assert api_token_find(token=raw) == stored
    assert ApiToken.objects.get().last_used_at is not None


def test_members_see_their_own_tokens_administrators_all(client, world):
    api_token_create(organisation=world.org_a, user=world.members["admin"], name="Verwaltung")
    client.force_login(world.members["editor"])
    assert create(client, world, name="Nachtlauf", validity="").status_code == 200
    own = ApiToken.objects.get(name="Nachtlauf")
    assert own.expires_at is None
    listed = [t.name for t, _role in client.get(page(world)).context["tokens"]]
    assert listed == ["Nachtlauf"]
    client.force_login(world.members["admin"])
    listed = [t.name for t, _role in client.get(page(world)).context["tokens"]]
    assert sorted(listed) == ["Nachtlauf", "Verwaltung"]


def test_revoking_ends_the_token_at_once(client, world):
    created, raw = api_token_create(
        organisation=world.org_a, user=world.members["editor"], name="Nachtlauf"
    )
    client.force_login(world.members["admin"])  # an administrator may revoke any token
    url = reverse("accounts:api_token_revoke", args=[world.org_a.slug, created.pk])
    assert client.post(url).status_code == 302
    created.refresh_from_db()
    assert created.revoked_by == world.members["admin"]
    assert api_token_find(token=raw) is None
    assert "widerrufen am" in client.get(page(world)).content.decode()


def test_the_creator_may_revoke_their_own_token(client, world):
    created, _raw = api_token_create(
        organisation=world.org_a, user=world.members["viewer"], name="Lesen", scope="read"
    )
    client.force_login(world.members["viewer"])
    url = reverse("accounts:api_token_revoke", args=[world.org_a.slug, created.pk])
    assert client.post(url).status_code == 302
    assert not ApiToken.objects.get().is_active


def test_names_are_unique_among_valid_tokens(client, world):
    client.force_login(world.members["admin"])
    assert create(client, world).status_code == 200
    duplicate = create(client, world)
    assert duplicate.status_code == 400
    assert "schon ein gültiges Token" in duplicate.content.decode()
    ApiToken.objects.update(revoked_at=timezone.now())
    assert create(client, world).status_code == 200  # a revoked token's name is free again


def test_expired_tokens_and_inactive_creators_do_not_authenticate(world):
    _expired, expired = api_token_create(
        organisation=world.org_a,
        user=world.members["admin"],
        name="alt",
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    _valid, valid = api_token_create(
        organisation=world.org_a, user=world.members["editor"], name="neu"
    )
    assert api_token_find(token=expired) is None
    assert api_token_find(token=valid) is not None
    world.members["editor"].is_active = False
    world.members["editor"].save()
    assert api_token_find(token=valid) is None
    assert api_token_find(token="zw_falsch") is None


def test_tokens_are_in_the_personal_data_and_go_with_the_account(world):
    api_token_create(organisation=world.org_a, user=world.members["editor"], name="Nachtlauf")
    exported = gdpr.account_export(user=world.members["editor"])
    assert [t["name"] for t in exported["api_tokens"]] == ["Nachtlauf"]
    gdpr.account_delete(user=world.members["editor"])
    assert not ApiToken.objects.exists()


def test_site_admins_can_list_and_revoke_in_the_django_admin(client, world):
    created, raw = api_token_create(
        organisation=world.org_a, user=world.members["editor"], name="Nachtlauf"
    )
    root = type(world.members["admin"]).objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    changelist = reverse("admin:accounts_apitoken_changelist")
    assert "Nachtlauf" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "revoke", "_selected_action": [created.pk]})
    assert api_token_find(token=raw) is None
