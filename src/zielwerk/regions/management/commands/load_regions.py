"""manage.py load_regions: load the bundled region directory into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zielwerk.regions.services import PACKAGE_DATA_DIR, regions_load


class Command(BaseCommand):
    help = "Lädt Bund, Länder, Regierungsbezirke, Kreise und Gemeinden mit Umrissen (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=PACKAGE_DATA_DIR,
            help="Ordner mit regions.csv und den GeoJSON-Dateien (Vorgabe: Paketdaten)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = regions_load(data_dir=options["data_dir"])
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Regionen: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert")
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            }
        )
        self.stdout.write(
            _("Umrisse: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert")
            % {
                "created": summary.outlines_created,
                "updated": summary.outlines_updated,
                "unchanged": summary.outlines_unchanged,
            }
        )
        if summary.not_in_data:
            self.stdout.write(
                _("%(count)s Regionen in der Datenbank fehlen in den Daten (behalten)")
                % {"count": summary.not_in_data}
            )
