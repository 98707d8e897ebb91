"""``zielwerk refresh_assessments``: recompute missing or stale stored assessments.

Assessments are computed after every import and every published council target. If a
process died in between, this finds exactly the indicators whose results are missing or older
than their data or targets and recomputes them; run it any time, a second run does nothing.
``--all`` recomputes every indicator with a target.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from zielwerk.monitoring.services import assessments_refresh
from zielwerk.monitoring.services.assessing import assessments_repair


class Command(BaseCommand):
    help = _("Fehlende oder veraltete Bewertungen neu rechnen (--all: alle).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help=_("alle Bewertungen neu rechnen"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            done = assessments_refresh()
            self.stdout.write(
                _("%(n)s Indikatoren bewertet, %(stored)s Ergebnisse gespeichert")
                % {"n": done.indicators, "stored": done.stored}
            )
            return
        repair = assessments_repair()
        self.stdout.write(
            _("Fehlend: %(missing)s Indikatoren, veraltet: %(stale)s Indikatoren")
            % {"missing": len(repair.missing), "stale": len(repair.stale)}
        )
        if repair.refreshed is not None:
            self.stdout.write(
                _("%(stored)s Ergebnisse neu gespeichert") % {"stored": repair.refreshed.stored}
            )
