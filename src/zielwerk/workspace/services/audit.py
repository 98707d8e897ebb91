"""The audit trail: every change to observations, targets and indicator metadata."""

from __future__ import annotations

from typing import Any

from zielwerk.accounts.models import Organisation
from zielwerk.monitoring.models import ImportRun

from ..models import AuditEntry


def audit_record(
    *,
    organisation: Organisation,
    user: Any,
    action: str,
    subject: str,
    old: str = "",
    new: str = "",
    source: str = "",
    import_run: ImportRun | None = None,
) -> AuditEntry:
    """Write one entry (call inside the transaction of the change it records)."""
    return AuditEntry.objects.create(
        organisation=organisation,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        subject=subject[:500],
        old_value=old,
        new_value=new,
        source=source,
        import_run=import_run,
    )


def audit_export(user: Any) -> list[dict[str, Any]]:
    """The user's own entries, for the personal data download."""
    return [
        {
            "organisation": e.organisation.name,
            "at": e.at.isoformat(),
            "action": e.action,
            "subject": e.subject,
            "old": e.old_value,
            "new": e.new_value,
            "source": e.source,
        }
        for e in AuditEntry.objects.filter(user=user).select_related("organisation")
    ]
