"""The `zielwerk` command: Django management commands plus Zielwerk's own.

`zielwerk <command> ...` is the same as `python manage.py <command> ...`.
"""

from __future__ import annotations

import os
import sys

FILE_ONLY_COMMANDS = {"assess", "index"}
"""Commands that compute from files only: they sign nothing and need no secret key."""


def file_only(args: list[str]) -> bool:
    """Whether the command line computes from files only (also ``import --dry-run``)."""
    command = args[1] if len(args) > 1 else ""
    return command in FILE_ONLY_COMMANDS or (command == "import" and "--dry-run" in args)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zielwerk.web.settings")
    args = list(sys.argv if argv is None else ["zielwerk", *argv])
    if file_only(args):
        # The settings then accept a missing secret key (an ephemeral one, never stored).
        os.environ["ZIELWERK_FILE_ONLY_COMMAND"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
