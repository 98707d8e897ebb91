"""Accessible form fields in KERN UX markup: label, hint and error linked to the input."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()


def _css(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


@register.simple_tag
def field_input(field: BoundField) -> SafeString:
    """The widget with class, ``aria-describedby`` (hint, error) and ``aria-invalid``."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    css = _css(field)
    attrs: dict[str, str | bool] = {"class": css + (f" {css}--error" if field.errors else "")}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    widget = field.as_widget(attrs=attrs)
    if css == "kern-form-input__select" and not field.field.widget.allow_multiple_selected:
        # KERN draws the border and the arrow of a select on its wrapper.
        return SafeString(f'<div class="kern-form-input__select-wrapper">{widget}</div>')
    return widget
