"""Words for the status codes of the assessment methods, and a plain-language explanation.

zielwerk.core returns codes; this is the one place where they become German (or English) words.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
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

# Weather symbols as small inline SVG icons (decorative, hidden from screen readers; the label
# is always written out beside them). Not emoji: without an emoji font a thunderstorm showed
# as an empty box.
_SVG = (
    '<svg class="zw-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" '
    'focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" '
    'stroke-linecap="round" stroke-linejoin="round">{}</svg>'
)
_SUN = (
    '<circle cx="12" cy="12" r="4.2" fill="currentColor"/>'
    '<path d="M12 2.5v2.5M12 19v2.5M2.5 12H5M19 12h2.5M5.3 5.3l1.8 1.8M16.9 16.9l1.8 1.8'
    'M5.3 18.7l1.8-1.8M16.9 7.1l1.8-1.8"/>'
)
_CLOUD = '<path d="M7 18.5h10a4 4 0 0 0 .4-8A5.5 5.5 0 0 0 6.8 9.3 4.6 4.6 0 0 0 7 18.5z"/>'
SYMBOLS: dict[str, SafeString] = {
    "sun": mark_safe(_SVG.format(_SUN)),  # noqa: S308 - constant markup
    "sun_cloud": mark_safe(  # noqa: S308 - constant markup
        _SVG.format(
            '<circle cx="8" cy="8" r="3.2" fill="currentColor"/>'
            '<path d="M8 1.8v1.4M1.8 8h1.4M3.6 3.6l1 1M12.4 3.6l-1 1"/>'
            '<path d="M9 20h9a3.5 3.5 0 0 0 .3-7 4.8 4.8 0 0 0-9.2-1A4 4 0 0 0 9 20z" '
            'fill="white"/>'
        )
    ),
    "cloud": mark_safe(_SVG.format(_CLOUD)),  # noqa: S308 - constant markup
    "thunderstorm": mark_safe(  # noqa: S308 - constant markup
        _SVG.format(
            '<path d="M7 15.5h10a4 4 0 0 0 .4-8A5.5 5.5 0 0 0 6.8 6.3 4.6 4.6 0 0 0 7 15.5z"/>'
            '<path d="M12.5 13l-2.5 4.5h3l-2 4.5" stroke-width="2"/>'
        )
    ),
}
DESCRIPTIONS: dict[str, Promise] = {
    "sun": gettext_lazy("Ziel wird (voraussichtlich) erreicht"),
    "sun_cloud": gettext_lazy("Entwicklung in die richtige Richtung, Ziel knapp verfehlt"),
    "cloud": gettext_lazy("Entwicklung in die richtige Richtung, Ziel deutlich verfehlt"),
    "thunderstorm": gettext_lazy("Entwicklung in die falsche Richtung"),
}
"""What a DNS weather symbol means (tooltips), beside its short label in ``LABELS``."""

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
