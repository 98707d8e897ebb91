"""``zielwerk import PATH [--format ...] [--mapping ...] [--source ...] [--dry-run] ...``.

Lives in the workspace app: with ``--codes own:<organisation>`` it creates the organisation's own
indicators; everything else is the monitoring import service.

Exit codes: 0 success, 1 invalid input (nothing written), 2 usage error, 3 some files refused
(``--per-file``), 75 busy: another import was writing for longer than ``--wait`` seconds
(nothing written; try again).
"""

from __future__ import annotations

import csv
import getpass
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from tqdm import tqdm

from zielwerk.core.observations import InputFormat, detect_format
from zielwerk.core.observations.regions import region_ars
from zielwerk.messages import problem_text, skip_text
from zielwerk.monitoring.locks import Busy
from zielwerk.monitoring.services import ImportSummary, observations_import
from zielwerk.monitoring.services.importing import observations_import_per_file
from zielwerk.monitoring.services.resolve import CODE_FRAMEWORKS
from zielwerk.regions.models import Region

BUSY = 75  # EX_TEMPFAIL of sysexits.h: try again later
BUSY_WAIT = 60.0


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class Command(BaseCommand):
    help = _("Beobachtungen importieren (tidy CSV/Parquet/XLSX, Open-SDG-Repository, GENESIS).")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.exit_on_error = True
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("Datei oder Open-SDG-Ordner"))
        parser.add_argument("--format", choices=[f.value for f in InputFormat], default=None)
        parser.add_argument("--mapping", help=_("Zuordnungsdatei (YAML) für GENESIS-Dateien"))
        parser.add_argument("--source", default="", help=_("Quellenangabe"))
        parser.add_argument(
            "--region",
            default=None,
            help=_(
                "Region (ARS oder AGS) der Zeilen ohne Regionalschlüssel; ohne diese Angabe "
                "sind solche Zeilen Fehler (nichts gilt stillschweigend für Deutschland)"
            ),
        )
        parser.add_argument(
            "--codes",
            default=None,
            help=_(
                "Codesystem der Indikatorcodes: catalogue (wie Zielwerk sie schreibt), un, dns, "
                "kom oder own:<Organisation> (eigene Indikatoren, aus den Metadaten angelegt); "
                "für Open-SDG-Repositorys Pflicht"
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("nur prüfen, nichts schreiben")
        )
        parser.add_argument(
            "--code-map",
            default=None,
            help=_(
                "CSV-Datei mit den Spalten code,indicator: Codes der Quelle, die "
                "Katalog-Indikatoren entsprechen (mit own:… werden die übrigen eigene Indikatoren)"
            ),
        )
        parser.add_argument(
            "--geocodes",
            default="",
            help=_(
                "Staat (ISO 3166-1, z. B. GB), dessen Regionscodes die GeoCodes eines "
                "Open-SDG-Repositorys sind: Regionen im Ausland (zielwerk add_region_abroad)"
            ),
        )
        parser.add_argument(
            "--edition",
            default="",
            help=_(
                "Ausgabe (Stand) der Quelle: JJJJ, JJJJ-MM oder JJJJ-MM-TT; Werte einer "
                "neueren Ausgabe werden dann nicht überschrieben"
            ),
        )
        parser.add_argument(
            "--allow-older",
            action="store_true",
            help=_("auch Werte einer neueren Ausgabe durch diese ältere ersetzen"),
        )
        parser.add_argument(
            "--per-file",
            action="store_true",
            help=_(
                "jede Indikatordatei eines Open-SDG-Repositorys für sich: gültige Dateien "
                "werden geschrieben, fehlerhafte abgelehnt und gemeldet (Exit-Code 3)"
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("ohne Fortschrittsbalken"))
        parser.add_argument(
            "--wait",
            type=float,
            default=BUSY_WAIT,
            help=_(
                "Sekunden, die auf einen laufenden anderen Import gewartet wird; danach "
                "Abbruch ohne Änderung (Exit-Code 75)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        mapping = Path(options["mapping"]) if options["mapping"] else None
        if not path.exists():
            raise CommandError(_("Pfad nicht gefunden: %(path)s") % {"path": path}, returncode=2)
        if mapping is not None and not mapping.is_file():
            raise CommandError(
                _("Zuordnungsdatei nicht gefunden: %(path)s") % {"path": mapping}, returncode=2
            )
        file_format = InputFormat(options["format"]) if options["format"] else detect_format(path)
        region = self._region(options["region"])
        codes = options["codes"]
        if codes is None and file_format is InputFormat.OPENSDG:
            raise CommandError(
                _(
                    "Open-SDG-Repository: bitte mit --codes angeben, zu welchem Codesystem die "
                    "Indikatornummern gehören (un, dns, kom, catalogue oder own:<Organisation>)"
                ),
                returncode=2,
            )
        codes = codes or "catalogue"
        if codes not in CODE_FRAMEWORKS and not codes.startswith("own:"):
            raise CommandError(
                _("Unbekanntes Codesystem: %(codes)s") % {"codes": codes}, returncode=2
            )
        bar = None if options["no_progress"] else tqdm(total=4, unit=_("Schritt"), file=sys.stderr)

        def progress(name: str, number: int, total: int) -> None:
            if bar is not None:
                bar.set_description(name)
                bar.update(number - bar.n)

        arguments: dict[str, Any] = {
            "path": path,
            "file_format": file_format,
            "mapping": mapping,
            "source": options["source"],
            "actor": _actor(),
            "dry_run": options["dry_run"],
            "progress": progress,
            "region": region,
            "edition": options["edition"],
            "allow_older": options["allow_older"],
            "geocode_country": options["geocodes"],
            "lock_wait": max(options["wait"], 0.0),
        }
        importer = observations_import_per_file if options["per_file"] else observations_import
        code_map = self._code_map(options["code_map"])
        try:
            summary = self._import(importer, codes, code_map, arguments)
        except Busy as exc:
            if bar is not None:
                bar.close()
            self.stderr.write(
                _(
                    "Ein anderer Import schreibt gerade; nach %(seconds)s Sekunden Warten "
                    "abgebrochen, nichts wurde geschrieben. Bitte später erneut versuchen "
                    "(oder mit --wait länger warten)."
                )
                % {"seconds": f"{exc.waited:g}"}
            )
            sys.exit(BUSY)
        if bar is not None:
            bar.close()
        self._report(summary)
        if not summary.ok:
            sys.exit(1)
        if summary.refused_files:
            sys.exit(3)

    def _import(
        self, importer: Any, codes: str, code_map: dict[str, str] | None, arguments: dict[str, Any]
    ) -> ImportSummary:
        if codes.startswith("own:"):
            # The organisation's own indicators are the workspace's; it builds on monitoring.
            from ...services.own_import import own_repository_import

            try:
                summary = own_repository_import(
                    organisation_slug=codes[4:],
                    importer=importer,
                    catalogue_codes=code_map,
                    **arguments,
                )
            except LookupError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            return summary
        return importer(codes=codes, code_map=code_map, **arguments)  # type: ignore[no-any-return]

    def _code_map(self, name: str | None) -> dict[str, str] | None:
        if name is None:
            return None
        try:
            with Path(name).open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if rows and not {"code", "indicator"} <= set(rows[0]):
            raise CommandError(
                _("%(file)s: Spalten code,indicator erwartet") % {"file": name}, returncode=2
            )
        return {r["code"].strip(): r["indicator"].strip() for r in rows if r["code"].strip()}

    def _region(self, text: str | None) -> str | None:
        if text is None:
            return None
        code = region_ars(text) or text  # "DG"/"DE" for Germany, GeoCodes, ARS prefixes
        found = Region.objects.filter(Q(ars=code) | Q(ags=code)).values_list("ars", flat=True)
        if not found:
            raise CommandError(
                _("Region %(code)s nicht im Regionenverzeichnis") % {"code": text}, returncode=2
            )
        return str(found[0])

    def _report(self, summary: ImportSummary) -> None:
        out = self.stdout
        out.write(
            _("Import von %(path)s (Format: %(format)s)")
            % {"path": summary.path, "format": summary.file_format or "?"}
        )
        counts = {
            _("Dateien"): summary.files_read,
            _("Indikatoren"): summary.indicators,
            _("Reihen"): summary.series,
            _("Regionen"): summary.regions,
            _("Beobachtungen gelesen"): summary.observations,
            _("neu"): summary.created,
            _("unverändert"): summary.unchanged,
            _("revidiert"): summary.revised,
            _("neuere Werte behalten (ältere Ausgabe)"): summary.kept,
            _("geschrieben"): summary.written,
            _("Zeilen ausgelassen"): summary.skipped_rows,
        }
        for label, number in counts.items():
            out.write(f"  {label}: {number}")
        if summary.own_indicators_created:
            out.write(
                _("  eigene Indikatoren angelegt: %(n)s") % {"n": summary.own_indicators_created}
            )
        self._report_skips(summary)
        if summary.refused_files:
            out.write(
                _("Abgelehnte Dateien (%(n)s), nichts daraus geschrieben:")
                % {"n": len(summary.refused_files)}
            )
            for name, count in sorted(summary.refused_files.items()):
                out.write(_("  %(file)s: %(n)s Fehler") % {"file": name, "n": count})
            for problem in summary.problems:
                out.write("    " + problem_text(problem))
        if summary.dry_run and summary.ok:
            out.write(_("Probelauf: nichts geschrieben."))
        if not summary.ok:
            self._report_problems(summary)

    def _report_skips(self, summary: ImportSummary) -> None:
        grouped: dict[tuple[Any, str], list[tuple[str, int]]] = defaultdict(list)
        for skip in summary.skips:
            grouped[(skip.code, skip.detail if skip.code.value.startswith("un") else "")].append(
                (skip.file, skip.rows)
            )
        if grouped:
            self.stdout.write(_("Ausgelassen:"))
        for (code, detail), items in grouped.items():
            rows = sum(n for _file, n in items)
            files = ", ".join(sorted({f for f, _n in items})[:5])
            more = "" if len(items) <= 5 else " …"
            self.stdout.write(
                "  "
                + _("%(reason)s: %(rows)s Zeilen in %(files)s Dateien (%(names)s)")
                % {
                    "reason": skip_text(code, detail),
                    "rows": rows,
                    "files": len({f for f, _n in items}),
                    "names": files + more,
                }
            )

    def _report_problems(self, summary: ImportSummary) -> None:
        total = sum(summary.problem_counts.values())
        self.stderr.write(_("%(count)s Fehler gefunden – nichts importiert:") % {"count": total})
        for problem in summary.problems:
            self.stderr.write("  " + problem_text(problem))
        shown = len(summary.problems)
        if total > shown:
            self.stderr.write(_("  … und %(count)s weitere") % {"count": total - shown})
