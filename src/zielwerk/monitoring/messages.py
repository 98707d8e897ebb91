"""Problem and skip codes from the core, in the user's language (German by default)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.core.observations import Problem, ProblemCode, SkipCode


def _problem_texts() -> dict[ProblemCode, str]:
    return {
        ProblemCode.UNREADABLE: _("Datei nicht lesbar"),
        ProblemCode.ENCODING: _("Zeichenkodierung fehlerhaft (erwartet: %(detail)s)"),
        ProblemCode.EMPTY_FILE: _("Datei ist leer"),
        ProblemCode.MISSING_COLUMN: _("Pflichtspalte fehlt"),
        ProblemCode.MALFORMED_ROW: _("Zeile hat eine falsche Anzahl von Feldern"),
        ProblemCode.FORMULA: _("Tabellenformel statt Wert"),
        ProblemCode.MISSING_INDICATOR: _("Indikator fehlt"),
        ProblemCode.UNKNOWN_INDICATOR: _("unbekannter Indikator"),
        ProblemCode.INVALID_REGION: _("ungültiger Regionalschlüssel"),
        ProblemCode.UNKNOWN_REGION: _("unbekannte Region"),
        ProblemCode.MISSING_REGION: _(
            "keine Region angegeben: wessen Daten sind das? Regionalschlüssel in die Datei "
            "oder die Region beim Import nennen (zielwerk import --region)"
        ),
        ProblemCode.MALFORMED_YEAR: _("kein gültiges Jahr"),
        ProblemCode.NON_NUMERIC_VALUE: _("Wert ist keine Zahl"),
        ProblemCode.INVALID_SERIES: _("ungültiger Reihenschlüssel (erwartet: key=value|key=value)"),
        ProblemCode.INVALID_FLAG: _("unbekanntes Kennzeichen"),
        ProblemCode.DUPLICATE: _("doppelte Beobachtung (schon in Zeile %(detail)s)"),
        ProblemCode.UNIT_MISMATCH: _("Einheit passt nicht (erwartet: %(detail)s)"),
        ProblemCode.UNKNOWN_UNIT: _(
            "unbekannte Einheit (nicht im Einheitenverzeichnis, siehe docs/units.md)"
        ),
        ProblemCode.INVALID_MAPPING: _("Zuordnungsdatei fehlerhaft %(detail)s"),
        ProblemCode.INVALID_EDITION: _(
            "Ausgabe der Quelle ist kein Datum (erwartet: JJJJ, JJJJ-MM oder JJJJ-MM-TT)"
        ),
        ProblemCode.UNKNOWN_FORMAT: _("Format nicht erkannt; bitte --format angeben"),
    }


def _skip_texts() -> dict[SkipCode, str]:
    return {
        SkipCode.EMPTY_VALUE: _("ohne Wert (fehlende Angabe)"),
        SkipCode.TARGET_ROW: _("Zieljahr ohne Wert (Zielzeile)"),
        SkipCode.NOT_AN_INDICATOR_FILE: _("keine Indikatordatei (indicator_<id>.csv)"),
        SkipCode.UNKNOWN_INDICATOR: _("Indikator %(detail)s nicht im Katalog"),
        SkipCode.UNKNOWN_REGION: _("Region nicht im Regionenverzeichnis"),
        SkipCode.UNKNOWN_COMMENT: _("Fußnote ist kein bekanntes Kennzeichen (ignoriert)"),
        SkipCode.IDENTICAL_DUPLICATE: _("Zeile wiederholt eine andere unverändert"),
        SkipCode.UNASSIGNED_ROWS: _("Reihe gehört zu keinem Teilindikator von %(detail)s"),
        SkipCode.PARTS_NOT_MARKED: _(
            "Datei fasst die Indikatoren %(detail)s zusammen, aber keine Aufgliederung beginnt "
            "mit deren Buchstaben (a), b) …): Zeilen keinem Indikator zuzuordnen"
        ),
        SkipCode.FILTERED: _("durch Filter der Zuordnungsdatei ausgeschlossen"),
    }


def problem_text(problem: Problem) -> str:
    """One line: where, which value, what is wrong."""
    reason = _problem_texts()[problem.code] % {"detail": problem.detail}
    place = [problem.file]
    if problem.line is not None:
        place.append(_("Zeile %(line)s") % {"line": problem.line})
    if problem.column:
        place.append(_("Spalte „%(column)s“") % {"column": problem.column})
    if problem.value is not None and problem.value != "":
        place.append(_("Wert „%(value)s“") % {"value": problem.value[:80]})
    return ", ".join(place) + ": " + reason.strip()


def skip_text(code: SkipCode, detail: str = "") -> str:
    """Why rows or files were left out."""
    return _skip_texts()[code] % {"detail": detail}
