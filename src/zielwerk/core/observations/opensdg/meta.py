"""Open SDG metadata: YAML front matter in ``meta/<id>.md`` (or ``meta/<id>.yml``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_FRONT = re.compile(r"^\s*---\s*\n(.*?)\n---\s*(?:\n|$)", re.S)
ID_PATTERN = re.compile(r"^\d+(?:-[0-9a-z]+)+$")


def indicator_code(file_id: str) -> str:
    """The indicator code for an Open SDG id: ``7-2-a`` → ``7.2.a``.

    >>> indicator_code("1-1-ab"), indicator_code("10-1")
    ('1.1.ab', '10.1')
    """
    return file_id.replace("-", ".")


def file_id(code: str) -> str:
    """The Open SDG id for an indicator code: ``7.2.a`` → ``7-2-a``.

    >>> file_id("7.2.a")
    '7-2-a'
    """
    return code.replace(".", "-")


def parse_front_matter(text: str) -> dict[str, Any]:
    """The YAML between the first two ``---`` lines (or the whole text for ``.yml``).

    Broken YAML yields an empty dict: metadata never blocks an import of data.

    >>> parse_front_matter("---\\nindicator: '7.2.a'\\ngoal: 7\\n---\\nText")
    {'indicator': '7.2.a', 'goal': 7}
    """
    match = _FRONT.match(text)
    body = match.group(1) if match else text
    try:
        loaded = yaml.safe_load(body)
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    for suffix in (".md", ".yml", ".yaml"):
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            try:
                return parse_front_matter(candidate.read_text("utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                return {}
    return {}


def read_metadata(root: Path, ident: str) -> dict[str, dict[str, Any]]:
    """German (``meta/<id>``) and English (``meta/en/<id>``) metadata of one indicator."""
    meta = root / "meta"
    found = {"de": _read(meta / ident), "en": _read(meta / "en" / ident)}
    return {lang: values for lang, values in found.items() if values}


def metadata_unit(metadata: dict[str, dict[str, Any]]) -> str:
    """The unit named in the metadata (``computation_units``), if any."""
    unit = metadata.get("de", {}).get("computation_units")
    return str(unit).strip() if unit else ""
