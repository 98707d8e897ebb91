"""Problems from the core, in the user's language (German by default).

The core reports problems as codes with parameters (observation problems and skips, input
problems of targets, codebooks, kit and catalogue files, region codes); this module is the one
place that words them, in German with English translations. It sits between the core and the
apps, so every app (and the CLI) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zielwerk.core.errors import InputCode, InputProblem
from zielwerk.core.observations import Problem, ProblemCode, SkipCode
from zielwerk.core.regions import RegionCodeError, RegionProblem


def _problem_texts() -> dict[ProblemCode, str]:
    return {
        ProblemCode.UNREADABLE: _("Datei nicht lesbar"),
        ProblemCode.ENCODING: _("Zeichenkodierung fehlerhaft (erwartet: %(detail)s)"),
        ProblemCode.EMPTY_FILE: _("Datei ist leer"),
        ProblemCode.MISSING_COLUMN: _("Pflichtspalte fehlt"),
        ProblemCode.DUPLICATE_COLUMN: _(
            "doppelte Spalte: meint dasselbe wie die Spalte „%(detail)s“; bitte nur eine der "
            "beiden behalten"
        ),
        ProblemCode.MALFORMED_ROW: _("Zeile hat eine falsche Anzahl von Feldern"),
        ProblemCode.FORMULA: _("Tabellenformel statt Wert"),
        ProblemCode.MISSING_INDICATOR: _("Indikator fehlt"),
        ProblemCode.UNKNOWN_INDICATOR: _("unbekannter Indikator"),
        ProblemCode.INVALID_REGION: _("ungültiger Regionalschlüssel"),
        ProblemCode.UNKNOWN_REGION: _("unbekannte Region"),
        ProblemCode.NOT_AN_AGS: _(
            "kein Gemeindeschlüssel (AGS): eine AGS-Spalte erwartet 8 Ziffern; andere "
            "Regionen bitte in einer Spalte „Region“ oder „ARS“ angeben"
        ),
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
        ProblemCode.TOO_MANY_COLUMNS: _(
            "zu viele Spalten (Eingabegrenze max_columns: höchstens %(detail)s)"
        ),
        ProblemCode.TOO_MANY_ROWS: _(
            "zu viele Zeilen (Eingabegrenze max_rows: höchstens %(detail)s)"
        ),
        ProblemCode.CELL_TOO_LONG: _(
            "Zelle zu lang (Eingabegrenze max_cell_chars: höchstens %(detail)s Zeichen)"
        ),
        ProblemCode.ARCHIVE_TOO_LARGE: _(
            "entpackt zu groß (Eingabegrenze max_unpacked_bytes: höchstens %(detail)s)"
        ),
        ProblemCode.ARCHIVE_TOO_MANY_FILES: _(
            "zu viele Dateien im Archiv (Eingabegrenze max_archive_members: höchstens %(detail)s)"
        ),
        ProblemCode.ARCHIVE_RATIO: _(
            "ungewöhnlich stark komprimiert, vermutlich eine ZIP-Bombe (Eingabegrenze "
            "max_compression_ratio: höchstens %(detail)s-fach)"
        ),
        ProblemCode.ARCHIVE_CORRUPT: _(
            "ZIP-Archiv beschädigt: Angaben im Kopf passen nicht zum Inhalt (%(detail)s)"
        ),
        ProblemCode.YAML_ALIASES: _(
            "YAML-Anker und -Aliase (*name) sind nicht erlaubt (Eingabegrenze yaml_aliases)"
        ),
        ProblemCode.YAML_TOO_LARGE: _("YAML-Metadaten zu umfangreich (Eingabegrenze %(detail)s)"),
        ProblemCode.NUL_CHARACTER: _("NUL-Zeichen (Byte 0) ist in Daten nicht erlaubt"),
        ProblemCode.NO_OBSERVATIONS: _(
            "keine Werte: die Datei hat keine Datenzeile mit einem Wert (nur Kopfzeile, "
            "leere Werte oder ausgelassene Zeilen)"
        ),
        ProblemCode.NO_INDICATOR_FILES: _(
            "keine Indikatordatei gefunden (erwartet: data/indicator_<id>.csv im ZIP-Archiv)"
        ),
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


def _place(file: str, line: int | None, column: str | None, value: str | None) -> list[str]:
    place = [file] if file else []
    if line is not None:
        place.append(_("Zeile %(line)s") % {"line": line})
    if column:
        place.append(_("Spalte „%(column)s“") % {"column": column})
    if value is not None and value != "":
        place.append(_("Wert „%(value)s“") % {"value": value[:80]})
    return place


def problem_text(problem: Problem) -> str:
    """One line: where, which value, what is wrong."""
    reason = _problem_texts()[problem.code] % {"detail": problem.detail}
    place = _place(problem.file, problem.line, problem.column, problem.value)
    return ", ".join(place) + ": " + reason.strip()


def _input_texts() -> dict[InputCode, str]:
    return {
        InputCode.NOT_UTF8: _("keine gültige UTF-8-Datei (%(reason)s, Byte %(byte)s)"),
        InputCode.UNREADABLE: _("nicht lesbar (%(detail)s)"),
        InputCode.MISSING_COLUMN: _("Pflichtspalte fehlt"),
        InputCode.MISSING_VALUE: _("Pflichtangabe fehlt"),
        InputCode.MISSING_FOR_KIND: _("Angabe fehlt (nötig bei Art %(kinds)s)"),
        InputCode.NOT_A_NUMBER: _("keine Zahl"),
        InputCode.NOT_AN_INTEGER: _("keine ganze Zahl"),
        InputCode.NOT_ONE_OF: _("erlaubt sind: %(allowed)s"),
        InputCode.WRONG_PREFIX: _("muss mit „%(prefix)s“ beginnen"),
        InputCode.OUT_OF_RANGE: _("Zahl von %(low)s bis %(high)s erwartet"),
        InputCode.UNKNOWN_UNIT: _("Einheit nicht im Einheitenverzeichnis"),
        InputCode.DUPLICATE: _("doppelt"),
        InputCode.NO_FRONT_MATTER: _("kein YAML-Kopf (---) gefunden"),
        InputCode.YAML_ERROR: _("YAML-Fehler: %(detail)s"),
        InputCode.MALFORMED_ENTRY: _("Eintrag %(entry)s unvollständig (%(detail)s)"),
        InputCode.MALFORMED_VALUE: _("Wert nicht lesbar (%(detail)s)"),
        InputCode.NOT_A_TARGET_CODE: _("kein Unterziel-Code seines Ziels"),
        InputCode.NOT_AN_INDICATOR_CODE: _("kein Indikator-Code seines Ziels oder Unterziels"),
        InputCode.UNKNOWN_GOAL: _("unbekanntes Ziel"),
        InputCode.UNKNOWN_TARGET: _("unbekanntes Unterziel"),
        InputCode.UNKNOWN_INDICATOR: _("unbekannter Indikator"),
        InputCode.UNKNOWN_CATEGORY: _("unbekannte Kategorie"),
        InputCode.UNKNOWN_WEATHER: _("unbekanntes Wettersymbol"),
        InputCode.NO_SUCH_TARGET: _("kein Ziel dieses Indikators"),
    }


def input_problem_text(problem: InputProblem) -> str:
    """One line for a problem in a targets, codebook, kit or catalogue file."""
    reason = _input_texts()[problem.code] % _params(problem.params)
    if "of" in problem.params:
        reason += " " + _("(genannt bei %(of)s)") % {"of": problem.params["of"]}
    place = _place(problem.file, problem.line, problem.column, problem.value)
    return ", ".join(place) + ": " + reason


def input_problem_lines(problems: Iterable[InputProblem], limit: int = 20) -> list[str]:
    """The first ``limit`` problems as lines, and how many more there are."""
    listed = list(problems)
    lines = [input_problem_text(p) for p in listed[:limit]]
    if len(listed) > limit:
        lines.append(_("… und %(count)s weitere Fehler") % {"count": len(listed) - limit})
    return lines


def _kind_names() -> dict[str, str]:
    return {
        "ars": pgettext("in einem Satz", "Regionalschlüssel (ARS)"),
        "ags": pgettext("in einem Satz", "Gemeindeschlüssel (AGS)"),
        "geocode": pgettext("in einem Satz", "GeoCode"),
        "verband": pgettext("in einem Satz", "Verbandsteil"),
    }


def _region_texts() -> dict[RegionProblem, str]:
    return {
        RegionProblem.NOT_A_STRING: _("Zeichenkette erwartet"),
        RegionProblem.WRONG_LENGTH: _("%(expected)s Ziffern erwartet, %(found)s gefunden"),
        RegionProblem.NOT_A_DIGIT: _("nur Ziffern erlaubt, „%(char)s“ an Stelle %(position)s"),
        RegionProblem.LAND_ZERO: _("Land 00 ist nur für Deutschland (nur Nullen) zulässig"),
        RegionProblem.UNKNOWN_LAND: _("Land „%(land)s“ gibt es nicht (01 bis 16)"),
        RegionProblem.VERBAND_KEY: _("Schlüssel eines Gemeindeverbands, nicht einer Region"),
        RegionProblem.GEMEINDE_WITHOUT_KREIS: _("Gemeindeteil ohne Kreis"),
        RegionProblem.AGS_WITHOUT_VERBAND: _(
            "Gemeinde-AGS ohne Verbandsteil lässt sich nicht in einen ARS umwandeln"
        ),
        RegionProblem.GEOCODE_FORMAT: _("„code“ und Ziffern erwartet"),
        RegionProblem.GEOCODE_LENGTH: _("2, 3, 5 oder 12 Ziffern erwartet, %(found)s gefunden"),
        RegionProblem.NOT_A_LAND: _("kein GeoCode eines Landes (code01 bis code16)"),
    }


def region_code_text(error: RegionCodeError) -> str:
    """Why a region code is refused: „01001“ ist kein gültiger ARS: 12 Ziffern erwartet …"""
    reason = _region_texts()[error.code] % _params(error.params)
    kind = _kind_names().get(error.kind, error.kind)
    return _("„%(value)s“ ist kein gültiger %(kind)s: %(reason)s") % {
        "value": error.value,
        "kind": kind,
        "reason": reason,
    }


def _params(params: Mapping[str, str | int]) -> dict[str, str | int]:
    """Parameters for %-formatting; a text without placeholders ignores them."""
    return dict(params)


def skip_text(code: SkipCode, detail: str = "") -> str:
    """Why rows or files were left out."""
    return _skip_texts()[code] % {"detail": detail}
