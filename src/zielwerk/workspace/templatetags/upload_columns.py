"""The columns of an upload file for the upload page (one source: the template service)."""

from __future__ import annotations

from django import template

from ..services import TemplateColumn, template_columns

register = template.Library()


@register.simple_tag
def upload_columns() -> list[TemplateColumn]:
    """German name, English name, other accepted names, required, meaning — per column."""
    return template_columns()
