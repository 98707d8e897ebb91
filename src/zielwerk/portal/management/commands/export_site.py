"""``zielwerk export-site DIR``: write the public portal as a static site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from zielwerk.portal.static_site import site_export

BAR_WIDTH = 30


class Command(BaseCommand):
    help = _("Das öffentliche Portal als statische Website in ein Verzeichnis schreiben.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help=_("Zielverzeichnis"))

    def _progress(self, done: int, total: int, path: str) -> None:
        if self.verbosity < 1:
            return
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} {path[:50]:<50}", ending=end)
        self.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        summary = site_export(directory=options["directory"], progress=self._progress)
        self.stdout.write(
            _(
                "%(pages)s Seiten und %(files)s weitere Dateien (%(megabytes)s MB) in "
                "%(seconds)s s geschrieben; %(unlinked)s Verweise auf nicht exportierte Seiten "
                "als Text belassen."
            )
            % {
                "pages": summary.pages,
                "files": summary.files,
                "megabytes": round(summary.bytes / 1e6, 1),
                "seconds": round(summary.seconds, 1),
                "unlinked": summary.unlinked,
            }
        )
