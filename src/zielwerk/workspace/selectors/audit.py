"""The audit trail as the organisation sees it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation

from ..models import AuditEntry


def actor_name(user: Any) -> str:
    """The person's name, or "gelöschte Person" when the account was deleted."""
    if user is None:
        return _("gelöschte Person")
    return str(user.get_full_name() or user.username)


def audit_list(*, organisation: Organisation, since: Any = None) -> QuerySet[AuditEntry]:
    queryset = AuditEntry.objects.filter(organisation=organisation).select_related("user")
    if since is not None:
        queryset = queryset.filter(at__gt=since)
    return queryset
