"""``manage.py load_catalogue``: load the bundled SDG/DNS catalogue into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zielwerk.catalogue.services import catalogue_load
from zielwerk.core.errors import InputFileError
from zielwerk.messages import input_problem_lines


class Command(BaseCommand):
    help = _(
        "Lädt den mitgelieferten Katalog (UN-Ziele, Unterziele, Indikatoren, DNS-Indikatoren, "
        "DNS-Ziele, veröffentlichte Wettersymbole). Idempotent: ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, help=_("anderes Katalogverzeichnis (Vorgabe: Paketdaten)")
        )
        parser.add_argument(
            "--targets", type=Path, help=_("andere Zieldatei (Vorgabe: dns_targets.csv im Paket)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = catalogue_load(
                directory=options["directory"], targets_path=options["targets"]
            )
        except InputFileError as exc:
            raise CommandError("\n".join(input_problem_lines(exc.problems))) from exc
        for table, count in summary.items():
            self.stdout.write(
                _(
                    "%(table)s: %(created)s neu, %(updated)s geändert, "
                    "%(unchanged)s unverändert, %(deleted)s gelöscht"
                )
                % {
                    "table": table,
                    "created": count.created,
                    "updated": count.updated,
                    "unchanged": count.unchanged,
                    "deleted": count.deleted,
                }
            )
        changed = any(count.changed for count in summary.values())
        message = _("Katalog aktualisiert.") if changed else _("Katalog war bereits aktuell.")
        self.stdout.write(self.style.SUCCESS(message))
