"""Words for codes the portal shows: observation flags, series keys, region levels, numbers."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from zielwerk.catalogue.units import unit_label
from zielwerk.core.charts import ENGLISH_NUMBERS, GERMAN_NUMBERS
from zielwerk.core.observations import parse_series_key

# The signs of German official statistics (Zeichenerklärung), see core.observations.flags.
FLAG_LABELS: dict[str, Promise] = {
    "p": gettext_lazy("vorläufiger Wert"),
    "s": gettext_lazy("geschätzter Wert"),
    "r": gettext_lazy("berichtigter Wert"),
    "|": gettext_lazy("Zeitreihenbruch"),
    "0": gettext_lazy("weniger als die Hälfte von 1 in der letzten Stelle, jedoch mehr als nichts"),
    "-": gettext_lazy("nichts vorhanden"),
    ".": gettext_lazy("Zahlenwert unbekannt oder geheim zu halten"),
    "…": gettext_lazy("Angabe fällt später an"),
    "x": gettext_lazy("Tabellenfach gesperrt, weil Aussage nicht sinnvoll"),
}

LEVEL_MAP_TITLES: dict[str, Promise] = {
    "land": gettext_lazy("Länder"),
    "rbz": gettext_lazy("Regierungsbezirke"),
    "kreis": gettext_lazy("Kreise und kreisfreie Städte"),
    "gemeinde": gettext_lazy("Gemeinden"),
}


def flag_text(flags: str) -> str:
    """The flags of one observation in words, e.g. ``"pr"`` → "vorläufiger Wert, berichtigter
    Wert"."""
    return ", ".join(str(FLAG_LABELS.get(sign, sign)) for sign in flags)


def series_label(key: str) -> str:
    """A series key as readers see it: "Gesamt" for the headline, else "dimension: value; …"
    with the HTML some publishers put into the values removed."""
    if not key:
        return _("Gesamt")
    try:
        dimensions = parse_series_key(key)
    except ValueError:
        return strip_tags(key)
    # A unit in a key is a code of the vocabulary: shown in the page's language.
    return "; ".join(
        f"{strip_tags(name).strip()}: "
        + (unit_label(value) if name == "Units" else strip_tags(value).strip())
        for name, value in dimensions.items()
    )


def number(value: float | None, *, trim: bool = False) -> str:
    """A value as it is published (up to four decimals), with the reader's decimal sign;
    ``trim`` writes whole numbers without decimals (targets: "41", not "41,0")."""
    if value is None:
        return "–"
    if trim and float(value).is_integer():
        return number_format(int(value), use_l10n=True)
    return number_format(round(value, 4), use_l10n=True)


def chart_numbers() -> dict[str, Any]:
    """The number locale of charts (decimal and thousands signs) in the active language."""
    english = (get_language() or "de").startswith("en")
    return dict(ENGLISH_NUMBERS if english else GERMAN_NUMBERS)
