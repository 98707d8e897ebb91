"""Units in the active language: labels and choices from the controlled vocabulary."""

from __future__ import annotations

from django.utils.translation import get_language

from zielwerk.core.units import load_vocabulary


def _language() -> str:
    return get_language() or "de"


def unit_label(code: str) -> str:
    """The label of a unit code (or ``;``-joined codes) in the active language."""
    return load_vocabulary().label(code or "", _language())


def unit_choices(*, blank: str | None = None) -> list[tuple[str, str]]:
    """Every unit of the vocabulary as (code, label) in the active language, by label."""
    language = _language()
    units = sorted(load_vocabulary().units.values(), key=lambda u: u.label(language).casefold())
    choices = [(u.code, u.label(language)) for u in units]
    return [("", blank), *choices] if blank is not None else choices


def is_unit(code: str) -> bool:
    """Whether ``code`` is a unit code (empty = no unit is allowed)."""
    return code == "" or code in load_vocabulary()
