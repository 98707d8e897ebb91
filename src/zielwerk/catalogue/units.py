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


def recode_units(model: type, field: str) -> None:
    """Rewrite stored unit spellings of ``model.field`` as vocabulary codes (for migrations);
    unknown spellings stay as they are and are shown as written."""
    vocabulary = load_vocabulary()
    manager = model._default_manager  # type: ignore[attr-defined]
    for spelling in manager.values_list(field, flat=True).order_by().distinct():
        code = vocabulary.code_for(spelling)
        if code is not None and code != spelling:
            manager.filter(**{field: spelling}).update(**{field: code})
