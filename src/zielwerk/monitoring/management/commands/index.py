"""``zielwerk index --observations OBS --codebook CODEBOOK [--year YEAR]
[--goal-colour {two-worst,mean-red-third}] --output-dir DIR`` (ARCHITECTURE.md).

Writes ``DIR/indicators.csv``, ``DIR/goals.csv`` and ``DIR/index.csv``. Exit codes: 0 success,
1 invalid input (file, line and column named), 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zielwerk.core.assessment import GOAL_COLOUR_RULES, read_codebook, sdg_index
from zielwerk.core.errors import InputFileError
from zielwerk.messages import input_problem_text

from .assess import USAGE, existing_file, invalid, load_observations, progress_bar


class Command(BaseCommand):
    help = _("SDG-Index, Zielwerte und Dashboard-Farben für alle Regionen berechnen.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--observations", required=True, help=_("tidy CSV/Parquet/XLSX"))
        parser.add_argument("--codebook", required=True, help=_("Codebuch (CSV)"))
        parser.add_argument("--year", type=int, default=None, help=_("Stand: Jahr"))
        parser.add_argument("--goal-colour", choices=GOAL_COLOUR_RULES, default="two-worst")
        parser.add_argument("--output-dir", required=True, help=_("Zielordner"))
        parser.add_argument("--no-progress", action="store_true", help=_("ohne Fortschrittsbalken"))

    def handle(self, *args: Any, **options: Any) -> None:
        observations_path = existing_file(options["observations"], _("Beobachtungsdatei"))
        codebook_path = existing_file(options["codebook"], _("Codebuch"))
        output = Path(options["output_dir"])
        if output.exists() and not output.is_dir():
            raise CommandError(_("%(path)s ist kein Ordner") % {"path": output}, returncode=USAGE)
        step = progress_bar(not options["no_progress"], 3)
        observations = load_observations(observations_path)
        try:
            codebook = read_codebook(codebook_path)
        except InputFileError as exc:
            raise invalid(input_problem_text(p) for p in exc.problems) from exc
        step(_("gelesen"))
        try:
            result = sdg_index(
                observations, codebook, year=options["year"], goal_colour=options["goal_colour"]
            )
        except ValueError as exc:
            raise invalid([f"{observations_path}: {exc}"]) from exc
        step(_("berechnet"))
        output.mkdir(parents=True, exist_ok=True)
        result.indicators.write_csv(output / "indicators.csv")
        result.goals.write_csv(output / "goals.csv")
        result.index.write_csv(output / "index.csv")
        step(_("geschrieben"))
        self.stdout.write(
            _(
                "%(regions)s Regionen, %(indicators)s Indikatorwerte, %(goals)s Zielwerte nach "
                "%(path)s geschrieben."
            )
            % {
                "regions": result.index.height,
                "indicators": result.indicators.height,
                "goals": result.goals.height,
                "path": output,
            }
        )
