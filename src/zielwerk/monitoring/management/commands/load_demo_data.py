"""``zielwerk load_demo_data``: import the bundled DNS and Destatis SDG data (idempotent).

Run after ``load_regions`` and ``load_catalogue``; a second run reports everything as
unchanged and writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zielwerk.core.observations import InputFormat
from zielwerk.core.regions import BUND_ARS
from zielwerk.messages import problem_text
from zielwerk.monitoring.services import observations_import

DEMO_DIR = Path(__file__).resolve().parents[3] / "data" / "demo"
# (folder, source, code framework): both repositories hold Germany's data (national rows
# without GeoCode, the Länder with one), the DNS one in DNS codes, the other in UN codes.
DEMO_SETS = (
    (
        "dns-indicators",
        "Statistisches Bundesamt (Destatis), dns-indikatoren.de, dl-de/by-2-0",
        "dns",
    ),
    (
        "destatis-sdg-indicators",
        "Statistisches Bundesamt (Destatis), sdg-indikatoren.de, dl-de/by-2-0",
        "un",
    ),
)


class Command(BaseCommand):
    help = _("Mitgelieferte Demodaten (DNS- und SDG-Indikatoren von Destatis) importieren.")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for folder, source, codes in DEMO_SETS:
            summary = observations_import(
                path=DEMO_DIR / folder,
                file_format=InputFormat.OPENSDG,
                source=source,
                actor="load_demo_data",
                region=BUND_ARS,
                codes=codes,
            )
            self.stdout.write(
                _(
                    "%(name)s: %(read)s gelesen, %(created)s neu, %(unchanged)s unverändert, "
                    "%(revised)s revidiert"
                )
                % {
                    "name": folder,
                    "read": summary.observations,
                    "created": summary.created,
                    "unchanged": summary.unchanged,
                    "revised": summary.revised,
                }
            )
            for problem in summary.problems:
                failed = True
                self.stderr.write("  " + problem_text(problem))
        if failed:
            sys.exit(1)
