"""Services of the accounts app: organisations, memberships, invitations and API tokens."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zielwerk.core.regions import fold_name
from zielwerk.regions.models import Region

from .models import ROLE_RANK, ApiToken, Invitation, Membership, Organisation, Role

INVITATION_DAYS = 7
API_TOKEN_PREFIX = "zw_"  # noqa: S105 (a public marker, not a secret)
# Writing ``last_used_at`` on every request would turn each read into a write.
API_TOKEN_TOUCH_SECONDS = 60


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


class InvitationAddressError(MembershipError):
    """The invitation was sent to another e-mail address than the account's."""


def invitation_address_problem(*, invitation: Invitation, user: Any) -> str | None:
    """Why ``user`` may not accept ``invitation``, or None: only the account of the invited
    e-mail address (case-insensitive) may accept, so a link that reached someone else (a
    forwarded mail, a shared mailbox) gives no access."""
    email = (getattr(user, "email", "") or "").strip().casefold()
    if email and email == invitation.email.strip().casefold():
        return None
    return _(
        "Diese Einladung gilt für die E-Mail-Adresse %(email)s, Sie sind aber mit einem "
        "Konto mit einer anderen Adresse angemeldet. Bitte melden Sie sich ab und nehmen "
        "Sie die Einladung mit dem Konto dieser Adresse an, oder bitten Sie die "
        "Verwaltung um eine Einladung an Ihre eigene Adresse."
    ) % {"email": invitation.email}


def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    """Make the user a member with the invited role (never lowering an existing role);
    refused for any account but the invited address's (``invitation_address_problem``)."""
    problem = invitation_address_problem(invitation=invitation, user=user)
    if problem:
        raise InvitationAddressError(problem)
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


def api_token_create(
    *,
    organisation: Organisation,
    user: Any,
    name: str,
    scope: str = ApiToken.Scope.WRITE,
    expires_at: Any = None,
) -> tuple[ApiToken, str]:
    """A new token of the organisation acting as ``user``; returns it and the raw token,
    which is shown once and never stored (only its SHA-256 hash is)."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(scope)
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    created = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        token_hash=token_hash(token),
        scope=scope,
        created_by=user,
        expires_at=expires_at,
    )
    return created, token


def api_token_find(*, token: str) -> ApiToken | None:
    """The active token (not revoked, not expired, creator's account active) for a raw
    token, with its organisation and creator; records the use."""
    if not token.startswith(API_TOKEN_PREFIX) or len(token) > 100:
        return None
    found = (
        ApiToken.objects.select_related("organisation__region", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if found is None or not found.is_active or not found.created_by.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > (
        API_TOKEN_TOUCH_SECONDS
    ):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def api_token_revoke(*, api_token: ApiToken, user: Any) -> ApiToken:
    """Revoke the token at once (kept for the record, never usable again)."""
    if api_token.revoked_at is None:
        api_token.revoked_at = timezone.now()
        api_token.revoked_by = user
        api_token.save(update_fields=["revoked_at", "revoked_by"])
    return api_token


# --- The platform operator area (``operator_views``) ---------------------------------------

# Creating an organisation is not in the workspace audit trail (``AuditEntry`` belongs to an
# organisation's own work and recording this there would need a migration); who created which
# organisation and when goes to this log, invitations keep ``invited_by`` and ``created_at``.
operator_log = logging.getLogger("zielwerk.operator")

SLUG_MAX = Organisation._meta.get_field("slug").max_length or 60

# The kind of organisation that usually works for a region of this level.
KIND_OF_LEVEL = {
    Region.Level.GEMEINDE: Organisation.Kind.GEMEINDE,
    Region.Level.KREIS: Organisation.Kind.KREIS,
    Region.Level.LAND: Organisation.Kind.LAND,
}


def organisation_slug_suggest(*, name: str) -> str:
    """A free short name from ``name`` (umlauts spelled out, ``-2``, ``-3`` … when taken)."""
    base = slugify(fold_name(name))[:SLUG_MAX].strip("-") or "organisation"
    candidate, number = base, 1
    while Organisation.objects.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)] + suffix
    return candidate


def organisation_create_by_operator(
    *, name: str, slug: str, kind: str, region: Region, operator: Any
) -> Organisation:
    """A new organisation created in the operator area, logged with who created it; it gets
    its first administrator by invitation (``organisation_admin_invite``), never directly."""
    organisation = organisation_create(name=name, slug=slug, kind=kind, region=region)
    operator_log.info(
        "organisation created: slug=%s name=%r region=%s kind=%s by user id=%s username=%s at %s",
        organisation.slug,
        organisation.name,
        region.ars,
        kind,
        getattr(operator, "pk", None),
        getattr(operator, "username", ""),
        organisation.created_at.isoformat(),
    )
    return organisation


def organisation_admin_invite(
    *, organisation: Organisation, email: str, invited_by: Any, accept_url: Any
) -> Invitation:
    """Invite the administrator of an organisation (role ``admin``) by e-mail, with the same
    invitation as every member's (``invitation_create``: only the invited address accepts)."""
    invitation, _token = invitation_create(
        organisation=organisation,
        email=email,
        role=Role.ADMIN,
        invited_by=invited_by,
        accept_url=accept_url,
    )
    operator_log.info(
        "administrator invited: organisation=%s invitation id=%s by user id=%s username=%s",
        organisation.slug,
        invitation.pk,
        getattr(invited_by, "pk", None),
        getattr(invited_by, "username", ""),
    )
    return invitation
