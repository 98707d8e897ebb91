"""``zielwerk load_municipal_data``: import the bundled municipal data (idempotent).

Run after ``load_regions`` and ``load_catalogue``. Every Kreis and Gemeinde gets the kit
indicators its sources cover (INKAR, Deutschlandatlas, VGRdL, localzero), then the peer
standings are computed. A second run imports nothing (each edition is imported once).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zielwerk.messages import problem_text
from zielwerk.monitoring.services import municipal_data_load


class Command(BaseCommand):
    help = _("Mitgelieferte Kommunaldaten (INKAR, Deutschlandatlas, VGRdL, localzero) importieren.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(edition: str) -> None:
            self.stdout.write(_("Importiere %(edition)s …") % {"edition": edition})
            self.stdout.flush()

        result = municipal_data_load(progress=progress)
        for edition, summary in result.imported:
            self.stdout.write(
                _(
                    "%(name)s: %(read)s gelesen, %(created)s neu, %(unchanged)s unverändert, "
                    "%(revised)s revidiert"
                )
                % {
                    "name": edition,
                    "read": summary.observations,
                    "created": summary.created,
                    "unchanged": summary.unchanged,
                    "revised": summary.revised,
                }
            )
            for problem in summary.problems:
                self.stderr.write("  " + problem_text(problem))
        if result.already:
            self.stdout.write(
                _("Bereits importiert: %(editions)s") % {"editions": ", ".join(result.already)}
            )
        if result.peers is not None:
            self.stdout.write(
                _("Vergleichsgruppen: %(standings)s Stellungen, %(bands)s Bänder")
                % {"standings": result.peers.standings, "bands": result.peers.bands}
            )
        self.stdout.write(
            _("Dauer: %(seconds)s s") % {"seconds": f"{time.perf_counter() - started:.1f}"}
        )
        if not result.ok:
            sys.exit(1)
