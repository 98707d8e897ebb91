"""Permissions of reports, on an ``Organisation`` (see ``zielwerk.accounts.rules``).

| permission       | viewer | editor | publisher | admin |
|------------------|--------|--------|-----------|-------|
| reports.view     | yes    | yes    | yes       | yes   |
| reports.edit     |        | yes    | yes       | yes   |
| reports.publish  |        |        | yes       | yes   |

Anyone may read a published edition (the public page, PDF and DOCX); drafts and draft
renditions only members of the organisation.
"""

from __future__ import annotations

import rules

from zielwerk.accounts.rules import is_editor, is_publisher, is_viewer

PERMISSIONS = {
    "reports.view": is_viewer,
    "reports.edit": is_editor,
    "reports.publish": is_publisher,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
