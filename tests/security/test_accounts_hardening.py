"""Accounts under attack (issue 13): the admin login locks like the site's, rate-limit counters
are atomic in a database cache shared by all workers, an organisation always keeps an
administrator, and an invitation is accepted only by the invited address."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts import fixtures
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory
from zielwerk.accounts.models import Invitation, Membership
from zielwerk.web.cache import DatabaseCache

pytestmark = pytest.mark.django_db
# The small world of two municipalities, fast password hashing, a clean page cache.
world = fixtures.world
_fast_passwords = fixtures._fast_passwords
_clear_cache = fixtures._clear_cache
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche"


def _try(client: Client, path: str, username: str, password: str, ip: str = "10.1.1.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- Lockout on every login --------------------------------------------------------------


def test_admin_login_locks_after_five_failures(world):
    world.members["admin"].is_staff = True
    world.members["admin"].save()
    client = Client()
    for _ in range(5):
        response = _try(client, "/admin/login/", "a-admin", "falsch")
        assert LOCKED not in response.content.decode()
    response = _try(client, "/admin/login/", "a-admin", PASSWORD)  # even the right password
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another address is not affected
    assert _try(Client(), "/admin/login/", "a-admin", PASSWORD, ip="10.1.1.2").status_code == 302


def test_failures_count_across_site_and_admin_login(world):
    client = Client()
    for _ in range(3):
        _try(client, "/konto/anmelden/", "a-editor", "falsch")
    for _ in range(2):
        _try(client, "/admin/login/", "a-editor", "falsch")
    for path in ("/konto/anmelden/", "/admin/login/"):
        assert LOCKED in _try(client, path, "a-editor", PASSWORD).content.decode()


# --- A shared cache with atomic counters ------------------------------------------------


def test_rate_limits_live_in_a_database_table_created_by_migrate():
    assert isinstance(caches["shared"], DatabaseCache)
    assert "zielwerk_shared_cache" in connection.introspection.table_names()


def test_database_incr_keeps_the_expiry_and_refuses_missing_or_expired_keys():
    cache = caches["shared"]
    cache.add("k", 1, 900)
    assert cache.incr("k") == 2
    assert cache.incr("k", 3) == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM zielwerk_shared_cache")
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite without converters
        from django.utils.dateparse import parse_datetime

        expires = parse_datetime(expires)
    if timezone.is_naive(expires):
        expires = timezone.make_aware(expires, UTC)
    # Django's own incr would have reset this to the default timeout (300 s).
    assert expires - timezone.now() > timedelta(seconds=800)
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("old", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("old")


def test_filling_the_page_cache_cannot_evict_a_lock(world, settings):
    client = Client()
    for _ in range(5):
        _try(client, "/konto/anmelden/", "a-editor", "falsch")
    page_cache = caches["default"]
    page_cache._max_entries = 10  # a flood of page-cache entries makes Django cull that table
    for n in range(40):
        page_cache.set(f"flood-{n}", n)
    assert LOCKED in _try(client, "/konto/anmelden/", "a-editor", PASSWORD).content.decode()


# --- An organisation always keeps an administrator ----------------------------------------


def test_deleting_the_only_administrator_is_refused_with_the_organisation(client, world):
    admin = world.members["admin"]
    MembershipFactory(organisation=world.org_b, role="admin", user=admin)  # second admin there
    client.force_login(admin)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 409
    assert "„Bedburg-Hau“" in page
    assert "Emmerich" not in page.split("einzige Verwaltung", 1)[1].split("</p>", 1)[0]
    assert "andere Person zur Verwaltung" in page
    assert get_user_model().objects.filter(pk=admin.pk).exists()
    assert Membership.objects.filter(organisation=world.org_a, role="admin").exists()


def test_deleting_an_administrator_with_a_successor_works(client, world):
    admin = world.members["admin"]
    successor = Membership.objects.get(user=world.members["publisher"])
    successor.role = "admin"
    successor.save()
    client.force_login(admin)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=admin.pk).exists()


@pytest.mark.parametrize("action", ["member_role", "member_remove"])
def test_last_administrator_cannot_be_demoted_or_removed_in_member_management(
    client, world, action
):
    admin = world.members["admin"]
    membership = Membership.objects.get(user=admin, organisation=world.org_a)
    client.force_login(admin)
    url = reverse(f"accounts:{action}", args=[world.org_a.slug, membership.pk])
    page = client.post(url, {"role": "viewer"}, follow=True).content.decode()
    assert "mindestens eine Verwaltung" in page
    assert Membership.objects.get(pk=membership.pk).role == "admin"


# --- Invitations bound to the invited address ---------------------------------------------


def _invite(world, email: str) -> str:
    inviter = Client()
    inviter.force_login(world.members["admin"])
    inviter.post(
        reverse("accounts:members", args=[world.org_a.slug]), {"email": email, "role": "editor"}
    )
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def test_invitation_is_refused_for_another_signed_in_account(client, world):
    link = _invite(world, "neu@example.org")
    stranger = UserFactory(username="fremd", email="fremd@example.org")
    client.force_login(stranger)
    shown = client.get(link)
    assert shown.status_code == 403
    assert "neu@example.org" in shown.content.decode()
    assert "andere" in shown.content.decode()
    response = client.post(link)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=stranger).exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_is_accepted_by_the_invited_address_in_any_case(client, world):
    link = _invite(world, "Neu@Example.org")
    invited = UserFactory(username="neu", email="neu@example.org")
    client.force_login(invited)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=invited).role == "editor"


def test_signup_from_an_invitation_always_gets_the_invited_address(client, world):
    link = _invite(world, "neu@example.org")
    response = client.post(
        link,
        {
            "username": "neu",
            "email": "andere@example.org",  # not a field: ignored
            "password1": "ein-langes-Passwort-2026",
            "password2": "ein-langes-Passwort-2026",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="neu").email == "neu@example.org"
