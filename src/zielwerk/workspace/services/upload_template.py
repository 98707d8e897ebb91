"""The upload template: a spreadsheet (or CSV) with German column names, pre-filled with
the organisation's chosen indicators and its region(s), ready to fill in and upload.

Regions: the organisation's own region. For a Kreis also its Gemeinden, but only for the
indicators that have Gemeinde data in that Kreis already (published or as a draft):
otherwise a Kreis with 60 Gemeinden would get 60 rows per indicator nobody can fill.

Year: the year after the newest value for that indicator and region (published or draft),
never later than the current year; without any value the previous year (data for a year
usually appears the year after).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from zielwerk.accounts.models import Organisation
from zielwerk.core.formulas import cell_safe
from zielwerk.core.observations.headers import ALIASES, GERMAN
from zielwerk.core.units import load_vocabulary
from zielwerk.monitoring.models import Observation
from zielwerk.regions.models import Region

from ..models import StagedObservation
from ..scope import selected_indicators

FIELDS = ("indicator", "region", "series", "year", "value", "unit", "source", "flag")
"""The template's columns, in this order (German names in ``GERMAN``)."""
TEMPLATE_SHEET = "Daten"
NOTES_SHEET = "Hinweise"
_SHOWN = {"gebiet": "Gebiet", "ars": "ARS", "ags": "AGS"}


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the tidy format as explained to the user."""

    german: str
    english: str
    aliases: tuple[str, ...]
    required: bool
    meaning: str


@dataclass(frozen=True)
class TemplateRow:
    indicator: str
    title: str
    region: str
    region_name: str
    year: int
    unit: str


def template_columns() -> list[TemplateColumn]:
    """The columns of an upload file, German name first (for the page, the sheet and docs)."""
    meaning = {
        "indicator": _("Indikatornummer aus dem Indikatorenset, z. B. 7.2.a"),
        "region": _(
            "Regionalschlüssel (ARS, 12 Ziffern) oder Gemeindeschlüssel (AGS, 8 Ziffern, "
            "Spalte „AGS“); leer: die Region Ihrer Organisation"
        ),
        "series": _("Aufgliederung, z. B. sex=female; leer: Gesamtwert"),
        "year": _("Berichtsjahr, z. B. 2024"),
        "value": _("Zahl, Dezimalkomma oder -punkt (21,5); leer: Zeile wird übersprungen"),
        "unit": _("Einheit aus dem Einheitenverzeichnis, z. B. Prozent"),
        "source": _("Quelle dieses Wertes; leer: die beim Hochladen genannte Quelle"),
        "flag": _("Kennzeichen, z. B. p (vorläufig) oder s (geschätzt); meist leer"),
    }
    required = {"indicator", "year", "value"}
    return [
        TemplateColumn(
            GERMAN[field],
            ALIASES[field][0],
            tuple(
                _SHOWN.get(name, name)
                for name in ALIASES[field][1:]
                if name != GERMAN[field].lower()
            ),
            field in required,
            meaning[field],
        )
        for field in FIELDS
    ]


def _newest_years(organisation: Organisation) -> dict[tuple[int, int], int]:
    """(indicator id, region id) → newest year with a value, published or draft."""
    indicators = selected_indicators(organisation).values("pk")
    newest: dict[tuple[int, int], int] = {}
    published = Observation.objects.filter(indicator__in=indicators)
    drafts = StagedObservation.objects.filter(organisation=organisation, indicator__in=indicators)
    area = _area_prefix(organisation)
    for queryset in (published, drafts):
        if area is not None:
            queryset = queryset.filter(region__ars__startswith=area)
        for ind, reg, year in (
            queryset.values("indicator_id", "region_id")
            .annotate(newest=Max("year"))
            .values_list("indicator_id", "region_id", "newest")
        ):
            newest[(ind, reg)] = max(year, newest.get((ind, reg), year))
    return newest


def _area_prefix(organisation: Organisation) -> str | None:
    region = organisation.region
    if region is None:
        return None
    return region.ars[:5] if region.level == Region.Level.KREIS else region.ars


def _unit_text(code: str) -> str:
    """The German label of a unit code when it reads back as that code, else the code."""
    vocabulary = load_vocabulary()
    known = vocabulary.code_for(code)
    if not known:  # no unit, or a text the import would refuse: left to the user
        return ""
    label = vocabulary.label(known, "de")
    return label if vocabulary.code_for(label) == known else known


def template_rows(organisation: Organisation) -> list[TemplateRow]:
    """One row per chosen indicator × region (see the module docstring for which)."""
    region = organisation.region
    indicators = list(selected_indicators(organisation))
    newest = _newest_years(organisation)
    regions = [region] if region is not None else []
    gemeinden: list[Region] = []
    if region is not None and region.level == Region.Level.KREIS:
        gemeinden = list(
            Region.objects.filter(
                level=Region.Level.GEMEINDE, ars__startswith=region.ars[:5]
            ).order_by("name", "ars")
        )
    by_gemeinde = {g.pk for g in gemeinden}
    with_gemeinde_data = {ind for ind, reg in newest if reg in by_gemeinde}
    units = _units(organisation)
    this_year = date.today().year
    rows = []
    for indicator in indicators:
        chosen = [*regions, *(gemeinden if indicator.pk in with_gemeinde_data else [])]
        places: list[Region | None] = [*chosen] or [None]  # no region: the user names it
        for place in places:
            year = newest.get((indicator.pk, place.pk)) if place is not None else None
            rows.append(
                TemplateRow(
                    indicator.code,
                    indicator.title,
                    place.ars if place is not None else "",
                    place.name if place is not None else "",
                    min(year + 1, this_year) if year is not None else this_year - 1,
                    _unit_text(units.get(indicator.pk, indicator.unit)),
                )
            )
    return rows


def _units(organisation: Organisation) -> dict[int, str]:
    """Indicator id → the unit of its published values (what a new value must match)."""
    indicators = selected_indicators(organisation).values("pk")
    found = Observation.objects.filter(indicator__in=indicators, series="").exclude(unit="")
    area = _area_prefix(organisation)
    units = dict(found.values_list("indicator_id", "unit").distinct())
    if area is not None:  # the organisation's own values first
        units.update(found.filter(region__ars__startswith=area).values_list("indicator_id", "unit"))
    return units


def _cells(row: TemplateRow) -> list[str | int | None]:
    """A row of the template: value, series, source and flag left to fill."""
    return [
        cell_safe(row.indicator),
        cell_safe(row.region),
        "",
        row.year,
        None,
        cell_safe(row.unit),
        "",
        "",
        cell_safe(row.title),
        cell_safe(row.region_name),
    ]


def _header(sheet: Worksheet, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _data_sheet(sheet: Worksheet, rows: list[TemplateRow]) -> None:
    sheet.title = TEMPLATE_SHEET
    titles = [_("Titel (wird nicht eingelesen)"), _("Regionsname (wird nicht eingelesen)")]
    _header(sheet, [GERMAN[f] for f in FIELDS] + titles)
    for row in rows:
        sheet.append(_cells(row))
    # Keys stay text (leading zeros) also when someone types a new one.
    for letter in ("A", "B", "C", "F", "G", "H"):
        for cell in sheet[letter][1:]:
            cell.number_format = "@"
    widths = {"A": 12, "B": 16, "C": 16, "D": 8, "E": 12, "F": 16, "G": 30, "H": 12}
    widths.update({"I": 60, "J": 30})
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def _notes_sheet(sheet: Worksheet) -> None:
    sheet.title = NOTES_SHEET
    _header(
        sheet,
        [_("Spalte"), _("englischer Name"), _("weitere Namen"), _("Pflicht"), _("Bedeutung")],
    )
    for column in template_columns():
        sheet.append(
            [
                column.german,
                column.english,
                ", ".join(column.aliases),
                _("ja") if column.required else _("nein"),
                cell_safe(column.meaning),
            ]
        )
    sheet.append([])
    for text in _notes():
        sheet.append([cell_safe(text)])
    for letter, width in {"A": 14, "B": 16, "C": 18, "D": 8, "E": 90}.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _notes() -> list[str]:
    return [
        _("So füllen Sie die Vorlage aus:"),
        _(
            "1. Tragen Sie im Blatt „Daten“ die Werte in die Spalte „Wert“ ein. Zeilen ohne "
            "Wert werden beim Hochladen übersprungen."
        ),
        _(
            "2. Weitere Jahre oder Aufgliederungen: Zeile kopieren und Jahr oder Reihe ändern. "
            "Jede Kombination aus Indikator, Region, Reihe und Jahr darf nur einmal vorkommen."
        ),
        _(
            "3. Die Spalten „Titel“ und „Regionsname“ dienen nur der Orientierung und werden "
            "nicht eingelesen. Spaltennamen dürfen deutsch oder englisch sein, aber jedes Feld "
            "nur einmal."
        ),
        _(
            "4. Laden Sie die Datei im Arbeitsbereich unter „Daten → Datei hochladen“ hoch. "
            "Sie sehen zuerst eine Vorschau mit allen Fehlern; gespeichert wird erst nach "
            "Ihrer Bestätigung und nur als Entwurf."
        ),
        _(
            "Regionalschlüssel als Text lassen (führende Null). Keine Formeln: Zellen, die "
            "mit = beginnen, werden abgelehnt."
        ),
    ]


def upload_template_xlsx(*, organisation: Organisation) -> bytes:
    """The template as an Excel workbook: sheet „Daten“ first (the one read on upload),
    then „Hinweise“ explaining the columns."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    _data_sheet(sheet, template_rows(organisation))
    _notes_sheet(book.create_sheet(NOTES_SHEET))
    book.properties.language = get_language() or "de"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload_template_csv(*, organisation: Organisation) -> bytes:
    """The template as CSV (semicolon, UTF-8 with BOM, as Excel in German expects it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    titles = [_("Titel (wird nicht eingelesen)"), _("Regionsname (wird nicht eingelesen)")]
    writer.writerow([GERMAN[f] for f in FIELDS] + titles)
    for row in template_rows(organisation):
        writer.writerow(_cells(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
