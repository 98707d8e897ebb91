"""Permissions of the workspace, on an ``Organisation`` (see ``zielwerk.accounts.rules``).

| permission                     | viewer | editor | publisher | admin |
|--------------------------------|--------|--------|-----------|-------|
| workspace.view                 | yes    | yes    | yes       | yes   |
| workspace.select_indicators    |        | yes    | yes       | yes   |
| workspace.edit_indicator       |        | yes    | yes       | yes   |
| workspace.edit_target          |        | yes    | yes       | yes   |
| workspace.edit_data            |        | yes    | yes       | yes   |
| workspace.publish              |        |        | yes       | yes   |
"""

from __future__ import annotations

import rules

from zielwerk.accounts.rules import is_editor, is_publisher, is_viewer

PERMISSIONS = {
    "workspace.view": is_viewer,
    "workspace.select_indicators": is_editor,
    "workspace.edit_indicator": is_editor,
    "workspace.edit_target": is_editor,
    "workspace.edit_data": is_editor,
    "workspace.publish": is_publisher,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
