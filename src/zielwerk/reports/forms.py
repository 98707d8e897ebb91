"""Forms of the report builder."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.core.markup import MAX_TEXT

from .models import Report

FIRST_YEAR = 1990


class _IndicatorChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} {obj.title}"


class ReportForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    language = forms.ChoiceField(
        label=gettext_lazy("Sprache des Berichts"), choices=Report.Language.choices
    )
    layout = forms.ChoiceField(
        label=gettext_lazy("Gliederung"),
        choices=Report.Layout.choices,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    goals = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Ziele"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        help_text=gettext_lazy("keine Auswahl: alle 17 Ziele"),
    )
    indicators = _IndicatorChoice(
        label=gettext_lazy("Indikatoren"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        help_text=gettext_lazy(
            "keine Auswahl: alle Indikatoren mit Daten der Kommune in den gewählten Zielen"
        ),
    )
    year_from = forms.IntegerField(label=gettext_lazy("von Jahr"), min_value=FIRST_YEAR)
    year_to = forms.IntegerField(label=gettext_lazy("bis Jahr"), min_value=FIRST_YEAR)

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [  # type: ignore[attr-defined]
            (g.number, f"{g.number} {g.short}") for g in Goal.objects.order_by("number")
        ]
        self.fields["indicators"].queryset = indicators  # type: ignore[attr-defined]
        this_year = datetime.date.today().year
        for name in ("year_from", "year_to"):
            self.fields[name].validators.append(MaxValueValidator(this_year))
            self.fields[name].widget.attrs["max"] = this_year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error(
                "year_to", _("„bis Jahr“ liegt vor „von Jahr“ (%(start)s).") % {"start": start}
            )
        return data


class TextForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=gettext_lazy(
            "Absätze durch eine Leerzeile; „## Überschrift“; Listen mit „- “ oder „1. “; "
            "**fett**, *kursiv*, [Linktext](https://…). HTML wird als Text gezeigt."
        ),
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Wappen oder Logo"),
        help_text=gettext_lazy(
            "PNG, JPEG, GIF oder WebP, höchstens 2 MB; es wird neu als PNG gespeichert"
        ),
    )
    logo_alt = forms.CharField(
        label=gettext_lazy("Beschreibung des Bildes (Alternativtext)"), max_length=200
    )
