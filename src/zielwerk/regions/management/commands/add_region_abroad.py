"""``zielwerk add_region_abroad``: a partner municipality outside Germany joins the directory."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zielwerk.regions.services import region_abroad_add


class Command(BaseCommand):
    help = _(
        "Eine Region im Ausland (Partnerkommune) mit Staat und eigenem Codesystem anlegen; "
        "Schlüssel <Staat>-<Code>, z. B. GB-E08000035."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", required=True, help=_("Staat (ISO 3166-1, z. B. GB)"))
        parser.add_argument("--scheme", required=True, help=_("Codesystem, z. B. GSS, NUTS, LAU"))
        parser.add_argument("--code", required=True, help=_("Code der Region im Codesystem"))
        parser.add_argument("--name", required=True, help=_("Name"))
        parser.add_argument("--kind", default="", help=_("Bezeichnung, z. B. City"))
        parser.add_argument("--population", type=int, default=None, help=_("Einwohner"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = region_abroad_add(
                country=options["country"],
                scheme=options["scheme"],
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                population=options["population"],
            )
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            _("Region %(name)s angelegt: %(key)s") % {"name": region.name, "key": region.ars}
        )
