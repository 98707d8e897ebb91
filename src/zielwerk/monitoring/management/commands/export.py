"""``zielwerk export OUT --format {csv,xlsx,opensdg,sdmx} [--indicator ...] [--region ...]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zielwerk.monitoring.services import ExportFormat, observations_export


class Command(BaseCommand):
    help = _("Beobachtungen exportieren: tidy CSV/XLSX, Open-SDG-Repository, SDMX-CSV.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help=_("Zieldatei (bei opensdg: Zielordner)"))
        parser.add_argument(
            "--format",
            choices=[f.value for f in ExportFormat],
            default=None,
            help=_("Standard: aus der Dateiendung (.csv, .xlsx), sonst opensdg"),
        )
        parser.add_argument("--indicator", action="append", default=[], help=_("Indikatorcode"))
        parser.add_argument("--region", action="append", default=[], help=_("ARS (12 Stellen)"))
        parser.add_argument("--from-year", type=int, default=None)
        parser.add_argument("--to-year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        chosen = options["format"] or {".csv": "csv", ".xlsx": "xlsx"}.get(
            output.suffix.lower(), "opensdg"
        )
        export_format = ExportFormat(chosen)
        if export_format is not ExportFormat.OPENSDG and output.is_dir():
            raise CommandError(_("%(path)s ist ein Ordner") % {"path": output}, returncode=2)
        rows = observations_export(
            path=output,
            export_format=export_format,
            indicators=options["indicator"],
            regions=options["region"],
            years=(options["from_year"], options["to_year"]),
        )
        self.stdout.write(
            _("%(rows)s Beobachtungen nach %(path)s geschrieben (%(format)s).")
            % {"rows": rows, "path": output, "format": export_format.value}
        )
