"""Invitations by e-mail link: token stored as a hash, expiry, one use, roles never lowered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from zielwerk.accounts.models import Invitation, Membership
from zielwerk.accounts.services import (
    MembershipError,
    invitation_accept,
    membership_remove,
    membership_role_set,
    token_hash,
)

pytestmark = pytest.mark.django_db


def invite(client, world, email="neu@example.org", role="editor"):
    client.force_login(world.members["admin"])
    url = reverse("accounts:members", args=[world.org_a.slug])
    response = client.post(url, {"email": email, "role": role})
    client.logout()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return response, link


def test_invitation_mail_link_creates_account_and_membership(client, world):
    response, link = invite(client, world)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["neu@example.org"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash  # only the hash is stored
    page = client.get(link)
    assert page.status_code == 200
    assert "Bedburg-Hau" in page.content.decode()
    response = client.post(
        link,
        {
            "username": "neu",
            "password1": "ein-sicheres-Passwort-42",
            "password2": "ein-sicheres-Passwort-42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="neu")
    assert (membership.organisation, membership.role) == (world.org_a, "editor")
    assert membership.user.email == "neu@example.org"
    assert client.get(reverse("workspace:org_dashboard", args=["bedburg-hau"])).status_code == 200
    client.logout()
    assert client.get(link).status_code == 404  # used


def test_weak_password_is_refused_with_the_rule(client, world):
    _response, link = invite(client, world)
    response = client.post(link, {"username": "neu", "password1": "kurz", "password2": "kurz"})
    assert response.status_code == 400
    assert not Membership.objects.filter(user__username="neu").exists()
    assert "aria-describedby" in response.content.decode()


def test_expired_or_unknown_link_is_refused(client, world):
    _response, link = invite(client, world)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link).status_code == 404
    assert client.get(reverse("accounts:invitation", args=["erfunden"])).status_code == 404


def test_logged_in_member_accepting_keeps_the_higher_role(client, world):
    _response, link = invite(client, world, email="a-publisher@example.org", role="viewer")
    client.force_login(world.members["publisher"])
    client.post(link)
    assert Membership.objects.get(user=world.members["publisher"]).role == "publisher"


def test_invitation_cannot_be_accepted_twice(world):
    from zielwerk.accounts.services import invitation_create

    invitation, _token = invitation_create(
        organisation=world.org_a,
        email="b-admin@example.org",  # the invited address (issue 13)
        role="viewer",
        invited_by=None,
        accept_url=str,
    )
    invitation_accept(invitation=invitation, user=world.members["b-admin"])
    with pytest.raises(MembershipError):
        invitation_accept(invitation=invitation, user=world.members["b-admin"])


def test_last_admin_stays(world):
    admin = Membership.objects.get(organisation=world.org_a, role="admin")
    with pytest.raises(MembershipError):
        membership_role_set(membership=admin, role="viewer")
    with pytest.raises(MembershipError):
        membership_remove(membership=admin)
    membership_role_set(
        membership=Membership.objects.get(user=world.members["editor"]), role="admin"
    )
    membership_role_set(membership=admin, role="viewer")
    assert Membership.objects.get(pk=admin.pk).role == "viewer"
