"""Who may do what in an organisation: named predicates composed into permissions.

The object of every permission is an ``Organisation``. Objects belonging to an organisation
(targets, uploads, drafts) are looked up through it, so a permission on the organisation is
a permission on its objects. Active superusers (site admins) have every permission.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import ROLE_RANK, Membership, Organisation, Role


def role_of(user: Any, organisation: Organisation | None) -> str | None:
    """The user's role in the organisation (cached on the user object for the request)."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_zw_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


def _at_least(role: str, name: str) -> rules.Predicate:
    def check(user: Any, organisation: Organisation | None) -> bool:
        found = role_of(user, organisation)
        return found is not None and ROLE_RANK[found] >= ROLE_RANK[role]

    return rules.predicate(check, name=name)


is_viewer = _at_least(Role.VIEWER, "is_viewer")
is_editor = _at_least(Role.EDITOR, "is_editor")
is_publisher = _at_least(Role.PUBLISHER, "is_publisher")
is_org_admin = _at_least(Role.ADMIN, "is_org_admin")

rules.add_perm("accounts.view_organisation", is_viewer)
rules.add_perm("accounts.manage_members", is_org_admin)
# Every member may create API tokens for themselves (a token acts with its creator's role);
# administrators see and revoke every token of the organisation.
rules.add_perm("accounts.create_api_token", is_viewer)
rules.add_perm("accounts.manage_api_tokens", is_org_admin)


@rules.predicate
def is_operator(user: Any) -> bool:
    """Staff of the platform (``is_staff`` or superuser, active): operates the whole site."""
    return bool(
        getattr(user, "is_active", False)
        and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))
    )


# The operator area (``accounts.operator_views``): organisations and their first
# administrators; a permission without an object, as it concerns the whole platform.
rules.add_perm("accounts.operate_platform", is_operator)
