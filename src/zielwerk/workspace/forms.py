"""Forms of the workspace; the grid is parsed by ``parse_grid``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.catalogue.models import DnsTarget, Goal, Indicator, Target
from zielwerk.catalogue.units import unit_choices
from zielwerk.core.observations.series import SeriesKeyError, normalise_series_key

from .selectors.data import Grid
from .services.upload_files import EXTENSIONS
from .templatetags.workspace import number


def _unit_choices() -> list[tuple[str, str]]:
    return unit_choices(blank=_("ohne Einheit"))


class _GoalChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Goals named in the page's language ("7 Affordable and clean energy")."""

    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.number} {obj.short}"


class OwnIndicatorForm(forms.Form):
    title_de = forms.CharField(label=gettext_lazy("Titel (deutsch)"), max_length=500)
    title_en = forms.CharField(
        label=gettext_lazy("Titel (englisch)"), max_length=500, required=False
    )
    definition_de = forms.CharField(
        label=gettext_lazy("Definition (deutsch)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    definition_en = forms.CharField(
        label=gettext_lazy("Definition (englisch)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    unit = forms.ChoiceField(label=gettext_lazy("Einheit"), choices=_unit_choices, required=False)
    direction = forms.ChoiceField(
        label=gettext_lazy("Gewünschte Richtung"),
        choices=Indicator.Direction.choices,
        required=False,
    )
    goal = _GoalChoiceField(label=gettext_lazy("SDG"), queryset=Goal.objects.all())
    target_codes = forms.CharField(
        label=gettext_lazy("SDG-Unterziele"),
        required=False,
        help_text=gettext_lazy("Codes durch Komma getrennt, z. B. 11.2, 11.6"),
    )
    source = forms.CharField(
        label=gettext_lazy("Quelle der Daten"), max_length=1000, required=False
    )

    def clean_target_codes(self) -> list[Target]:
        codes = [c.strip() for c in re.split(r"[,;\s]+", self.cleaned_data["target_codes"]) if c]
        found = {t.code: t for t in Target.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unbekannte Unterziele: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Art des Ziels"), choices=DnsTarget.Kind.choices)
    direction = forms.ChoiceField(
        label=gettext_lazy("Richtung"), choices=Indicator.Direction.choices, required=False
    )
    target_value = forms.FloatField(label=gettext_lazy("Zielwert"), required=False)
    target_year = forms.IntegerField(
        label=gettext_lazy("Zieljahr"), required=False, min_value=1990, max_value=2100
    )
    base_year = forms.IntegerField(
        label=gettext_lazy("Basisjahr"), required=False, min_value=1950, max_value=2100
    )
    limit = forms.FloatField(
        label=gettext_lazy("Natürliche Grenze"),
        required=False,
        help_text=gettext_lazy("z. B. 0 oder 100 bei Anteilen in Prozent"),
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Einheit"),
        choices=_unit_choices,
        required=False,
        help_text=gettext_lazy("Das Ziel gilt nur für Werte in dieser Einheit."),
    )
    series = forms.CharField(
        label=gettext_lazy("Nur für die Reihe"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("leer = für alle Reihen; sonst z. B. sex=female"),
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Datum des Ratsbeschlusses"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision_reference = forms.CharField(
        label=gettext_lazy("Beschlussnummer oder Drucksache"), max_length=200
    )
    decision_link = forms.URLField(
        label=gettext_lazy("Link zum Beschluss"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    note = forms.CharField(
        label=gettext_lazy("Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_series(self) -> str:
        try:
            return normalise_series_key(self.cleaned_data["series"])
        except SeriesKeyError:
            raise forms.ValidationError(
                _("Ungültiger Reihenschlüssel (erwartet: merkmal=wert|merkmal=wert)")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in ("year", "annual") and data.get("target_value") is None:
            self.add_error("target_value", _("Bei dieser Art ist ein Zielwert nötig."))
        if kind == "year" and data.get("target_year") is None:
            self.add_error("target_year", _("Bei dieser Art ist ein Zieljahr nötig."))
        if kind in ("annual", "direction") and not data.get("direction"):
            self.add_error("direction", _("Bei dieser Art ist eine Richtung nötig."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "Tidy-CSV oder XLSX (Spalten indicator, region, series, year, value, unit, flag), "
            "eine Open-SDG-Datei indicator_….csv oder ein Open-SDG-Datenordner als ZIP. "
            "Zeilen ohne Regionalschlüssel gelten für das Gebiet Ihrer Organisation."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    source = forms.CharField(
        label=gettext_lazy("Quelle"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy("z. B. Statistikstelle der Stadt, Stand 2025"),
    )
    codes = forms.ChoiceField(
        label=gettext_lazy("Die Indikatorcodes der Datei sind"),
        choices=[
            ("catalogue", gettext_lazy("Codes wie im Zielwerk-Katalog (UN, DNS, K…, eigene)")),
            ("un", gettext_lazy("Nummern der UN-Indikatoren")),
            ("dns", gettext_lazy("Nummern der Deutschen Nachhaltigkeitsstrategie")),
            ("kom", gettext_lazy("Codes der SDG-Indikatoren für Kommunen (K…)")),
        ],
        initial="catalogue",
        required=False,
        help_text=gettext_lazy(
            "Eine Nummer wird nur in diesem Codesystem gesucht: eine eigene Nummer 8.1 landet "
            "nie im DNS-Indikator 8.1."
        ),
    )


def parse_number(text: str) -> float | None:
    """A number as people type it: 12.5, 12,5, 1.234,5 (German) or empty."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


_CELL = re.compile(r"^cell-(\d{1,4})-(\d{4})$")
_NEW_CELL = re.compile(r"^new-(\d{4})$")


@dataclass
class GridInput:
    """What a grid form asks to change.

    ``cells``: (series, year, value) the person changed; ``expected``: for these, the value
    (``None``: no value) shown when the form was loaded, where the form said so;
    ``names``: the field name of each (series, year); ``typed``: the text of every field;
    ``seen_raw``: the ``seen-`` field of every field name that had one; ``errors`` by
    field name; ``years`` and ``series`` the form covered."""

    cells: list[tuple[str, int, float]] = field(default_factory=list)
    expected: dict[tuple[str, int], float | None] = field(default_factory=dict)
    names: dict[tuple[str, int], str] = field(default_factory=dict)
    typed: dict[tuple[str, int], str] = field(default_factory=dict)
    seen_raw: dict[str, str] = field(default_factory=dict)
    keep: dict[str, str] = field(default_factory=dict)  # conflict choice by field name
    errors: dict[str, str] = field(default_factory=dict)
    new_series: str = ""
    new_typed: dict[int, str] = field(default_factory=dict)  # the new row's texts by year
    years: set[int] = field(default_factory=set)
    series: set[str] = field(default_factory=set)


def seen_text(value: float | None) -> str:
    """The exact value in a hidden ``seen-`` field (the shown text may be rounded)."""
    return "" if value is None else repr(value)


def _seen(data: QueryDict, name: str) -> tuple[bool, float | None]:
    """Whether the form carried the last-seen value of the field, and that value."""
    if f"seen-{name}" not in data:
        return False, None
    raw = data.get(f"seen-{name}", "")
    try:
        value = float(raw) if raw.strip() else None
    except ValueError:
        return True, None  # tampered: as if there was no value (a conflict, not a write)
    return True, value if value is None or math.isfinite(value) else None


def _grid_fields(data: QueryDict, grid: Grid, new_series: str) -> list[tuple[str, str, int]]:
    """(field name, series, year) of every value field of the form.

    Rows are identified by their ``series-<i>`` field, not by position: a series added by
    someone else meanwhile does not shift the rows."""
    fields = []
    for name in data:
        if found := _CELL.match(name):
            index, year = int(found.group(1)), int(found.group(2))
            if f"series-{index}" in data:
                try:
                    series = normalise_series_key(data.get(f"series-{index}", ""))
                except SeriesKeyError:
                    continue
            elif index < len(grid.series):
                series = grid.series[index]  # a form from before the rows were named
            else:
                continue
            fields.append((name, series, year))
        elif (found := _NEW_CELL.match(name)) and new_series:
            fields.append((name, new_series, int(found.group(1))))
    return fields


def parse_grid(data: QueryDict, grid: Grid) -> GridInput:
    """What the person changed in the grid, and what they saw before changing it.

    A cell is changed when its text differs from the value shown (``seen-<field>``; without
    it: the current value). Empty cells change nothing; a cell whose conflict was settled
    for the stored value (``keep-<field>=theirs``) neither.
    """
    found = GridInput()
    found.new_series = data.get("new_series", "").strip()
    try:
        found.new_series = normalise_series_key(found.new_series)
    except SeriesKeyError:
        found.errors["new_series"] = _("Ungültiger Reihenschlüssel (erwartet: merkmal=wert)")
        found.new_series = ""
    for name in data:
        if (new_cell := _NEW_CELL.match(name)) and data.get(name, "").strip():
            found.new_typed[int(new_cell.group(1))] = data.get(name, "")[:40]
    if found.new_typed and not found.new_series and "new_series" not in found.errors:
        # Values typed in the new row are never dropped silently.
        found.errors["new_series"] = _(
            "Für die Werte der neuen Reihe fehlt der Reihenschlüssel (z. B. sex=female)."
        )
    for name, series, year in _grid_fields(data, grid, found.new_series):
        text = data.get(name, "")
        found.names[(series, year)] = name
        found.typed[(series, year)] = text
        if f"seen-{name}" in data:
            found.seen_raw[name] = data.get(f"seen-{name}", "")[:40]
        if data.get(f"keep-{name}") in ("mine", "theirs"):
            found.keep[name] = data.get(f"keep-{name}", "")
        found.years.add(year)
        found.series.add(series)
        try:
            value = parse_number(text)
        except ValueError:
            found.errors[name] = _(
                "„%(value)s“ ist keine Zahl. Bitte nur die Zahl eingeben, ohne Einheit, "
                "z. B. 12,5; die Einheit steht oben."
            ) % {"value": text.strip()[:40]}
            continue
        carried, seen = _seen(data, name)
        if not carried and name.startswith("cell-"):
            cell = grid.cells.get((series, year))
            seen = cell.current if cell is not None else None
        if value is None or data.get(f"keep-{name}") == "theirs":
            continue
        if seen is not None and (value == seen or text.strip() == number(seen)):
            continue
        found.cells.append((series, year, value))
        if carried or name.startswith("new-"):
            found.expected[(series, year)] = seen
    return found
