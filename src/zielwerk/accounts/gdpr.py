"""Personal data (GDPR art. 15, 17, 20): a user's own data as JSON, and deleting the account.

Other apps add what they hold about a person with ``register_exporter`` (in their
``AppConfig.ready``), so this module needs no knowledge of them. Records that must stay for
accountability (audit trail, import runs) keep only a nulled user reference and are shown as
"gelöschte Person".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.monitoring.models import ImportRun

from .models import ApiToken, Invitation, Membership, Organisation, Role

Exporter = Callable[[Any], list[dict[str, Any]]]
_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add a section ``name`` to every account export (idempotent per name)."""
    _EXPORTERS[name] = exporter


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def account_export(*, user: Any) -> dict[str, Any]:
    """Everything Zielwerk stores about the user, as JSON-ready data."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "since": _iso(m.created_at),
                "last_visit": _iso(m.last_visit_at),
            }
            for m in memberships
        ],
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "created_at": _iso(i.created_at),
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "api_tokens": [
            {
                "organisation": t.organisation.name,
                "name": t.name,
                "scope": t.scope,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(created_by=user).select_related("organisation")
        ],
        "import_runs": [
            {"started_at": _iso(r.started_at), "source": r.source, "file": r.file_name}
            for r in ImportRun.objects.filter(user=user)
        ],
    }
    for name, exporter in sorted(_EXPORTERS.items()):
        data[name] = exporter(user)
    return data


class AccountDeleteRefused(Exception):
    """The account is the only administrator of an organisation: deleting it would leave the
    organisation without anyone who can manage it."""

    def __init__(self, organisations: list[Organisation]) -> None:
        self.organisations = organisations
        names = ", ".join(f"„{o.name}“" for o in organisations)
        super().__init__(
            _(
                "Ihr Konto kann nicht gelöscht werden: Sie sind die einzige Verwaltung von "
                "%(organisations)s. Bitte ernennen Sie zuerst eine andere Person zur Verwaltung "
                "(unter „Mitglieder“) und löschen Sie dann Ihr Konto."
            )
            % {"organisations": names}
        )


def organisations_only_admin(*, user: Any) -> list[Organisation]:
    """The organisations in which ``user`` is the only administrator."""
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, role=Role.ADMIN)
        .select_related("organisation")
        .order_by("organisation__name")
        if not Membership.objects.filter(organisation=m.organisation, role=Role.ADMIN)
        .exclude(user=user)
        .exists()
    ]


def account_delete(*, user: Any) -> None:
    """Delete the account and personal data; kept records lose the reference to the person.
    Refused (``AccountDeleteRefused``) while the user is an organisation's only administrator."""
    with transaction.atomic():
        # Lock the administrator rows: a parallel demotion cannot slip in between.
        list(Membership.objects.select_for_update().filter(role=Role.ADMIN, user=user))
        alone = organisations_only_admin(user=user)
        if alone:
            raise AccountDeleteRefused(alone)
        # ``actor`` may hold the user name (command-line imports): remove it with the person.
        ImportRun.objects.filter(user=user).update(actor="")
        Invitation.objects.filter(email__iexact=user.email).exclude(email="").delete()
        user.delete()
