"""``zielwerk export_opensdg_site DIR [--language de --language en]``: the Open SDG data
service as static files (``DIR/<lang>/<kind>/<name>``, the layout of ``/api/v1/opensdg/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from zielwerk.api.services.opensdg import LANGUAGES
from zielwerk.api.services.opensdg_build import opensdg_site_build

BAR_WIDTH = 30


class Command(BaseCommand):
    help = _(
        "Den Open-SDG-Datendienst (data, edges, headline, comb, meta, stats, zip) als "
        "statische Dateien in ein Verzeichnis schreiben."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help=_("Zielverzeichnis"))
        parser.add_argument(
            "--language",
            action="append",
            choices=LANGUAGES,
            default=None,
            help=_("Sprache (mehrfach möglich; Standard: alle)"),
        )

    def _progress(self, done: int, total: int, name: str) -> None:
        if self.verbosity < 1 or (done % 25 and done != total):
            return
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {done}/{total} {name[:30]:<30}", ending=end)
        self.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        languages = tuple(dict.fromkeys(options["language"] or LANGUAGES))
        summary = opensdg_site_build(
            directory=options["directory"], languages=languages, progress=self._progress
        )
        self.stdout.write(
            _(
                "%(files)s Dateien (%(megabytes)s MB) für %(indicators)s Indikatoren, "
                "%(with_data)s mit Daten, Sprachen %(languages)s, in %(seconds)s s geschrieben."
            )
            % {
                "files": summary.files,
                "megabytes": round(summary.bytes / 1e6, 1),
                "indicators": summary.indicators,
                "with_data": summary.with_data,
                "languages": ", ".join(summary.languages),
                "seconds": round(summary.seconds, 2),
            }
        )
