"""Words and symbols for the codes the core returns (assessment statuses, trends)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

DNS = {
    "sun": ("☀", _("Sonne: Ziel wird (voraussichtlich) erreicht")),
    "sun_cloud": (
        "🌤",
        _("Leicht bewölkt: Entwicklung in die richtige Richtung, Ziel knapp verfehlt"),
    ),
    "cloud": ("☁", _("Wolke: Entwicklung in die richtige Richtung, Ziel deutlich verfehlt")),
    "thunderstorm": ("⛈", _("Gewitter: Entwicklung in die falsche Richtung")),
    "not_assessed": ("–", _("keine Bewertung möglich")),
}
OPENSDG = {
    "target_achieved": _("Ziel erreicht"),
    "substantial_progress": _("deutlicher Fortschritt"),
    "moderate_progress": _("mäßiger Fortschritt"),
    "limited_progress": _("geringer Fortschritt"),
    "deterioration": _("Verschlechterung"),
    "not_available": _("nicht bewertbar"),
}
TREND = {"up": ("↗", _("steigend")), "down": ("↘", _("fallend")), "flat": ("→", _("gleich"))}


@register.filter
def dns_symbol(code: str) -> str:
    return DNS[code][0] if code in DNS else ""


@register.filter
def dns_label(code: str) -> str:
    return str(DNS[code][1]) if code in DNS else str(_("kein Ziel"))


@register.filter
def opensdg_label(code: str) -> str:
    return str(OPENSDG.get(code, _("kein Ziel")))


@register.filter
def trend_symbol(code: str) -> str:
    return TREND[code][0] if code in TREND else ""


@register.filter
def trend_label(code: str) -> str:
    return str(TREND[code][1]) if code in TREND else str(_("zu wenige Werte"))


@register.filter
def number(value: float | None) -> str:
    """A value without spurious decimals, German decimal comma."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


@register.filter
def lookup(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
