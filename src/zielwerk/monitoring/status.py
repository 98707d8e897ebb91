"""Words for the status codes of the assessment methods, and a plain-language explanation.

zielwerk.core returns codes; this is the one place where they become German (or English) words.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABELS: dict[str, Promise] = {
    "sun": gettext_lazy("Sonne"),
    "sun_cloud": gettext_lazy("Leicht bewölkt"),
    "cloud": gettext_lazy("Wolke"),
    "thunderstorm": gettext_lazy("Gewitter"),
    "not_assessed": gettext_lazy("Nicht bewertet"),
    "target_achieved": gettext_lazy("Ziel erreicht"),
    "substantial_progress": gettext_lazy("Deutlicher Fortschritt"),
    "moderate_progress": gettext_lazy("Mäßiger Fortschritt"),
    "limited_progress": gettext_lazy("Geringer Fortschritt"),
    "deterioration": gettext_lazy("Verschlechterung"),
    "not_available": gettext_lazy("Keine Bewertung möglich"),
    "significant_progress": gettext_lazy("Deutlicher Fortschritt"),
    "insufficient_progress": gettext_lazy("Unzureichender Fortschritt"),
    "movement_away": gettext_lazy("Entfernung vom Ziel"),
    "moderate_movement_away": gettext_lazy("Leichte Entfernung vom Ziel"),
    "significant_movement_away": gettext_lazy("Deutliche Entfernung vom Ziel"),
}

# Weather symbols as characters (decorative; the label is always written out beside them).
SYMBOLS = {"sun": "☀", "sun_cloud": "🌤", "cloud": "☁", "thunderstorm": "⛈"}

# Good (2) / middle (1) / bad (0) for the colour of a badge.
TONES = {
    "sun": "good",
    "target_achieved": "good",
    "substantial_progress": "good",
    "significant_progress": "good",
    "sun_cloud": "fair",
    "moderate_progress": "fair",
    "cloud": "poor",
    "limited_progress": "poor",
    "insufficient_progress": "poor",
    "moderate_movement_away": "poor",
    "thunderstorm": "bad",
    "deterioration": "bad",
    "movement_away": "bad",
    "significant_movement_away": "bad",
}


def label(status: str) -> str:
    return str(LABELS.get(status, status))


def _n(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    return number_format(round(float(value), digits), decimal_pos=None, use_l10n=True)


def _pct(value: Any) -> str:
    return "–" if value is None else _n(float(value) * 100, 1) + " %"


def explain(method: str, status: str, c: dict[str, Any]) -> str:
    """One or two sentences a citizen can follow, with the numbers the status came from."""
    if status in ("not_assessed", "not_available") or not c.get("current_year"):
        note = c.get("note") or ""
        return _("Zu wenige Werte für eine Bewertung. %(note)s") % {"note": note}
    now = _("Letzter Wert %(value)s (%(year)s).") % {
        "value": _n(c.get("current_value")),
        "year": c.get("current_year"),
    }
    if method == "dns" and c.get("rule") == "year":
        return (
            now
            + " "
            + _(
                "Die Werte änderten sich seit %(base)s im Mittel um %(delta)s je Jahr. "
                "Geht es so weiter, wird %(target_year)s der Wert %(projection)s erreicht; "
                "Ziel ist %(target)s. "
                "Von der heutigen Lücke zum Ziel bliebe %(gap)s."
            )
            % {
                "base": c.get("base_year"),
                "delta": _n(c.get("mean_change")),
                "target_year": c.get("target_year"),
                "projection": _n(c.get("projection")),
                "target": _n(c.get("target_value")),
                "gap": _pct(c.get("gap_ratio")),
            }
        )
    if method == "dns":
        return (
            now
            + " "
            + _(
                "Mittlere Änderung der letzten Jahre %(delta)s, letzte Änderung %(last)s "
                "(gewünschte Richtung: %(direction)s)."
            )
            % {
                "delta": _n(c.get("mean_change")),
                "last": _n(c.get("last_change")),
                "direction": _("steigend") if c.get("direction") == "increase" else _("fallend"),
            }
        )
    growth = c.get("cagr_observed")
    text = (
        now
        + " "
        + _("Seit %(base)s (%(base_value)s) wuchs der Wert um %(growth)s je Jahr.")
        % {
            "base": c.get("base_year"),
            "base_value": _n(c.get("base_value")),
            "growth": _pct(growth),
        }
    )
    if c.get("cagr_required") is not None:
        text += " " + _(
            "Für das Ziel %(target)s bis %(year)s wären %(required)s je Jahr nötig."
        ) % {
            "target": _n(c.get("target_value")),
            "year": c.get("target_year"),
            "required": _pct(c.get("cagr_required")),
        }
    return text
