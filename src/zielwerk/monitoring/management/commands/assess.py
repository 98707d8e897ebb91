"""``zielwerk assess --method {dns,opensdg,eurostat} --observations OBS --targets TARGETS
[--as-of YEAR] [--output OUT.csv]`` — one row per assessed series (ARCHITECTURE.md).

Exit codes: 0 success, 1 invalid input (file, line and column named), 2 usage error.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from zielwerk.core.assessment import METHODS, assess
from zielwerk.core.errors import InputFileError
from zielwerk.core.observations import read_tidy
from zielwerk.core.targets import TargetSpec, read_targets
from zielwerk.messages import input_problem_text, problem_text

INVALID_INPUT = 1
USAGE = 2


def existing_file(path: str, what: str) -> Path:
    """The path, or a usage error when there is no such file."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(
            _("%(what)s nicht gefunden: %(path)s") % {"what": what, "path": path},
            returncode=USAGE,
        )
    return file


def invalid(lines: Iterable[str]) -> CommandError:
    """An invalid-input error listing every problem, one per line."""
    shown = list(lines)
    text = _("Ungültige Eingabe:") + "\n" + "\n".join("  " + line for line in shown[:50])
    if len(shown) > 50:
        text += "\n  " + _("… und %(count)s weitere") % {"count": len(shown) - 50}
    return CommandError(text, returncode=INVALID_INPUT)


def load_observations(path: Path) -> pl.DataFrame:
    """Read a tidy observations file with the project's reader; problems → exit code 1."""
    result = read_tidy(path)
    if not result.ok:
        lines = [problem_text(p) for p in result.problems]
        hidden = sum(result.problem_counts.values()) - len(lines)
        if hidden > 0:
            lines.append(_("… und %(count)s weitere") % {"count": hidden})
        raise invalid(lines)
    return result.frame


def load_targets(path: Path) -> list[TargetSpec]:
    """Read a targets file; problems → exit code 1."""
    try:
        return read_targets(path)
    except InputFileError as exc:
        raise invalid(input_problem_text(p) for p in exc.problems) from exc


def progress_bar(enabled: bool, total: int) -> Callable[[str], None]:
    """A step counter on stderr (a no-op when disabled)."""
    if not enabled:
        return lambda _name: None
    bar = tqdm(total=total, unit=_("Schritt"), file=sys.stderr, leave=False)

    def step(name: str) -> None:
        bar.set_description(name)
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return step


class Command(BaseCommand):
    help = _("Reihen bewerten: DNS-Wettersymbole, Open-SDG-Fortschritt oder Eurostat-Trend.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--method", required=True, choices=METHODS)
        parser.add_argument("--observations", required=True, help=_("tidy CSV/Parquet/XLSX"))
        parser.add_argument("--targets", required=True, help=_("Zieldatei (CSV)"))
        parser.add_argument("--as-of", type=int, default=None, help=_("Stand: Jahr"))
        parser.add_argument("--output", default=None, help=_("Ausgabedatei (CSV); sonst stdout"))
        parser.add_argument(
            "--horizon", type=int, choices=(5, 15), default=5, help=_("Eurostat: 5 oder 15 Jahre")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("ohne Fortschrittsbalken"))

    def handle(self, *args: Any, **options: Any) -> None:
        observations_path = existing_file(options["observations"], _("Beobachtungsdatei"))
        targets_path = existing_file(options["targets"], _("Zieldatei"))
        step = progress_bar(not options["no_progress"] and options["output"] is not None, 3)
        observations = load_observations(observations_path)
        targets = load_targets(targets_path)
        step(_("gelesen"))
        try:
            result = assess(
                options["method"],
                observations,
                targets,
                as_of=options["as_of"],
                horizon=options["horizon"],
            )
        except ValueError as exc:
            raise invalid([f"{observations_path}: {exc}"]) from exc
        step(_("bewertet"))
        if options["output"]:
            result.write_csv(options["output"])
        else:
            self.stdout.write(result.write_csv(), ending="")
        step(_("geschrieben"))
        self._summary(result, options)

    def _summary(self, result: pl.DataFrame, options: dict[str, Any]) -> None:
        counts = Counter(result.get_column("status").to_list())
        parts = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
        self.stderr.write(
            _("%(count)s Reihen bewertet (%(method)s): %(statuses)s")
            % {"count": result.height, "method": options["method"], "statuses": parts or "–"}
        )
