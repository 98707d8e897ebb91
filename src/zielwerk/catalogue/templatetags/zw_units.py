"""``{{ code|unit }}``: a unit code shown in the active language."""

from __future__ import annotations

from django import template

from ..units import unit_label

register = template.Library()


@register.filter(name="unit")
def unit(code: str | None) -> str:
    return unit_label(code or "")
