"""Services of the accounts app: organisations, memberships and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.regions.models import Region

from .models import ROLE_RANK, Invitation, Membership, Organisation, Role

INVITATION_DAYS = 7


class MembershipError(ValueError):
    """A change that would leave an organisation without an administrator."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def organisation_create(
    *, name: str, slug: str, kind: str, region: Region, admin: Any | None = None
) -> Organisation:
    """A new organisation; ``admin`` (a user), when given, becomes its administrator."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug, kind=kind, region=region)
        if admin is not None:
            Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    return organisation


def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: Any, accept_url: Any
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link; returns the invitation and the raw token.

    ``accept_url`` turns the token into the absolute link written into the e-mail.
    """
    if role not in ROLE_RANK:
        raise ValueError(role)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip(),
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    context = {
        "organisation": organisation.name,
        "role": Role(role).label,
        "link": accept_url(token),
        "days": INVITATION_DAYS,
    }
    send_mail(
        subject=_("Einladung zu Zielwerk: %(organisation)s") % context,
        message=_(
            "Sie sind eingeladen, in Zielwerk bei „%(organisation)s“ mitzuarbeiten "
            "(Rolle: %(role)s).\n\nZum Annehmen öffnen Sie diesen Link:\n%(link)s\n\n"
            "Der Link ist %(days)s Tage gültig. Wenn Sie die Einladung nicht erwartet haben, "
            "können Sie diese E-Mail ignorieren."
        )
        % context,
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation, token


def invitation_find(*, token: str) -> Invitation | None:
    """The open (not accepted, not expired) invitation for a link token."""
    found = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return found if found is not None and found.is_open else None


def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    """Make the user a member with the invited role (never lowering an existing role)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise MembershipError(_("Diese Einladung ist nicht mehr gültig."))
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=locked.organisation, defaults={"role": locked.role}
        )
        if not created and ROLE_RANK[locked.role] > ROLE_RANK[membership.role]:
            membership.role = locked.role
            membership.save(update_fields=["role"])
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return membership


def invitation_signup(*, invitation: Invitation, form: Any) -> Any:
    """Create the invited person's account from a valid signup form and accept."""
    with transaction.atomic():
        user = form.save()
        invitation_accept(invitation=invitation, user=user)
    return user


def _admins_left(organisation: Organisation, without: Membership) -> int:
    return (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .exclude(pk=without.pk)
        .count()
    )


def membership_role_set(*, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last administrator stays an administrator."""
    if role not in ROLE_RANK:
        raise ValueError(role)
    with transaction.atomic():
        if (
            membership.role == Role.ADMIN
            and role != Role.ADMIN
            and not _admins_left(membership.organisation, membership)
        ):
            raise MembershipError(_("Die Organisation braucht mindestens eine Verwaltung."))
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    """Remove a member; the last administrator cannot be removed."""
    with transaction.atomic():
        if membership.role == Role.ADMIN and not _admins_left(membership.organisation, membership):
            raise MembershipError(_("Die Organisation braucht mindestens eine Verwaltung."))
        membership.delete()


def user_create(*, username: str, email: str, password: str, **extra: Any) -> Any:
    """A new user account (for the command line and tests); the password is validated."""
    from django.contrib.auth.password_validation import validate_password

    user_model = get_user_model()
    user = user_model(username=username, email=email, **extra)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user
