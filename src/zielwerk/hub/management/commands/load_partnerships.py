"""``zielwerk load_partnerships [PATH]``: the Wikidata twin-town pairs into the hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

import zielwerk
from zielwerk.hub.services import PartnershipFileError, partnerships_load

TSV_NAME = "germany-sister-cities-wikidata-2017.tsv"
# The shared data beside a checkout of the repository; not part of the package.
SHARED_TSV = (
    Path(zielwerk.__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "partnerships"
    / TSV_NAME
)


class Command(BaseCommand):
    help = _(
        "Lädt die Städtepartnerschaften (Wikidata-Auszug, TSV) und ordnet die deutschen Städte "
        "per Name und Koordinaten einem ARS zu. Alles oder nichts; ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help=_("Pfad der TSV-Datei"))
        parser.add_argument(
            "--report",
            type=Path,
            help=_("CSV-Datei für nicht zugeordnete Zeilen (Standard: im Datenverzeichnis)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["path"]
        if path is None:
            if not SHARED_TSV.exists():
                raise CommandError(_("Bitte den Pfad der TSV-Datei angeben."))
            path = SHARED_TSV
        if not path.exists():
            raise CommandError(_("Datei nicht gefunden: %(path)s") % {"path": path})
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        report = Path(
            options["report"] or Path(settings.DATA_DIR) / "reports" / f"partnerships-{stamp}.csv"
        )
        try:
            load = partnerships_load(path=path, report=report)
        except PartnershipFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "%(rows)s Zeilen: %(matched)s zugeordnet, %(unmatched)s nicht zugeordnet, "
                "%(ambiguous)s mehrdeutig."
            )
            % {
                "rows": load.rows,
                "matched": load.matched,
                "unmatched": load.unmatched,
                "ambiguous": load.ambiguous,
            }
        )
        self.stdout.write(
            _(
                "Partnerschaften: %(created)s neu, %(updated)s geändert, %(unchanged)s "
                "unverändert; %(duplicates)s doppelte Zeilen übergangen."
            )
            % {
                "created": load.created,
                "updated": load.updated,
                "unchanged": load.unchanged,
                "duplicates": load.duplicates,
            }
        )
        self.stdout.write(
            _("Nicht zugeordnete und mehrdeutige Zeilen (Grund, Belege): %(path)s")
            % {"path": load.report}
        )
