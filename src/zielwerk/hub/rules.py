"""Who may do what with partnerships and networks.

| action | anonymous | viewer | editor of an organisation of the region | publisher, admin |
|---|---|---|---|---|
| ``hub.view_partnership`` | yes | yes | yes | yes |
| ``hub.change_partnership`` | no | no | yes | yes |

The object of ``hub.change_partnership`` is the ``Region`` of the partnership; the user must
be at least editor of an organisation of that region. Active superusers may do everything.
"""

from __future__ import annotations

from typing import Any

import rules

from zielwerk.accounts.models import ROLE_RANK, Membership, Role


@rules.predicate
def is_editor_of_region(user: Any, region: Any) -> bool:
    """At least editor of an organisation whose region is ``region``."""
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    roles = Membership.objects.filter(user=user, organisation__region=region).values_list(
        "role", flat=True
    )
    return any(ROLE_RANK[role] >= ROLE_RANK[Role.EDITOR] for role in roles)


rules.add_perm("hub.view_partnership", rules.always_allow)
rules.add_perm("hub.change_partnership", is_editor_of_region)
