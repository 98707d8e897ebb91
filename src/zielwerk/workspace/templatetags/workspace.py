"""Words and symbols for the codes the core returns (assessment statuses, trends)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zielwerk.monitoring.status import DESCRIPTIONS, LABELS, SYMBOLS, label

register = template.Library()

TREND = {"up": ("↗", _("steigend")), "down": ("↘", _("fallend")), "flat": ("→", _("gleich"))}


# One vocabulary: the words and icons of monitoring.status, not a second set here.


@register.filter
def dns_symbol(code: str) -> str:
    return SYMBOLS.get(code, "")


@register.filter
def dns_label(code: str) -> str:
    if code not in LABELS:
        return str(_("kein Ziel"))
    meaning = DESCRIPTIONS.get(code)
    return f"{label(code)}: {meaning}" if meaning else label(code)


@register.filter
def opensdg_label(code: str) -> str:
    return label(code) if code in LABELS else str(_("kein Ziel"))


@register.filter
def trend_symbol(code: str) -> str:
    return TREND[code][0] if code in TREND else ""


@register.filter
def trend_label(code: str) -> str:
    return str(TREND[code][1]) if code in TREND else str(_("zu wenige Werte"))


@register.filter
def number(value: float | None) -> str:
    """A value without spurious decimals and without thousands signs (it also fills input
    fields), with the page language's decimal sign: 12,5 in German, 12.5 in English."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text if (get_language() or "de").startswith("en") else text.replace(".", ",")


@register.filter
def lookup(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
