"""The `zielwerk` command: Django management commands plus Zielwerk's own.

`zielwerk <command> ...` is the same as `python manage.py <command> ...`.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zielwerk.web.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["zielwerk", *argv])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
