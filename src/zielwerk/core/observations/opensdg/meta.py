"""Open SDG metadata: YAML front matter in ``meta/<id>.md`` (or ``meta/<id>.yml``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ...limits import LimitExceeded, yaml_load

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

    Broken YAML yields an empty dict: metadata never blocks an import of data. YAML beyond
    the input limits (aliases, size: ``zielwerk.core.limits.yaml_load``) raises
    ``LimitExceeded``: such a file is refused, fast, rather than read.

    >>> parse_front_matter("---\\nindicator: '7.2.a'\\ngoal: 7\\n---\\nText")
    {'indicator': '7.2.a', 'goal': 7}
    """
    match = _FRONT.match(text)
    body = match.group(1) if match else text
    try:
        loaded = yaml_load(body)
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class MetadataRefused(ValueError):
    """A metadata file beyond an input limit; ``file`` is its path in the repository."""

    def __init__(self, file: str, exceeded: LimitExceeded) -> None:
        super().__init__(f"{file}: {exceeded}")
        self.file = file
        self.exceeded = exceeded


def _read(path: Path) -> dict[str, Any]:
    for suffix in (".md", ".yml", ".yaml"):
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            try:
                return parse_front_matter(candidate.read_text("utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                return {}
            except LimitExceeded as exc:
                name = f"{candidate.parent.name}/{candidate.name}"
                raise MetadataRefused(name, exc) from exc
    return {}


META_FOLDERS = ("global-meta", "meta", "csv-meta")
"""Metadata folders read when the repository's config names none, in merge order."""
_CONFIGS = ("config_data.yml", "config_data.yaml", "_config_data.yml")


def metadata_folders(root: Path) -> list[str]:
    """The metadata folders of a repository: those its ``config_data.yml`` names in its
    metadata inputs (``path_pattern: global-meta/*.yml`` …), else the usual ones present.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = pathlib.Path(tmp)
    ...     _ = (root / "config_data.yml").write_text("inputs: [{class: InputCsvData, "
    ...         "path_pattern: data/*.csv}, {class: InputYamlMeta, path_pattern: "
    ...         "indicator-config/*.yml}, {class: InputYamlMdMeta, path_pattern: meta/*.md}]")
    ...     for name in ("indicator-config", "meta"):
    ...         (root / name).mkdir()
    ...     metadata_folders(root)
    ['indicator-config', 'meta']
    """
    for name in _CONFIGS:
        config = root / name
        if config.is_file():
            try:
                loaded = yaml_load(config.read_text("utf-8-sig")) or {}
            except (yaml.YAMLError, LimitExceeded, OSError, UnicodeDecodeError):
                break
            inputs = loaded.get("inputs", []) if isinstance(loaded, dict) else []
            folders = [
                str(item.get("path_pattern", "")).split("/", 1)[0]
                for item in inputs
                if (isinstance(item, dict) and "meta" in str(item.get("class", "")).lower())
                or (isinstance(item, dict) and "config" in str(item.get("class", "")).lower())
            ]
            folders = [f for f in dict.fromkeys(folders) if f and (root / f).is_dir()]
            if folders:
                return folders
    return [f for f in META_FOLDERS if (root / f).is_dir()] or ["meta"]


def _read_csv_meta(path: Path) -> dict[str, Any]:
    """``csv-meta/<id>.csv``: one field per row (field, value); a header row is skipped."""
    import csv

    try:
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError):
        return {}
    fields = {r[0].strip(): r[1] for r in rows if len(r) >= 2 and r[0].strip()}
    for header in ("field", "key", "name"):
        if fields.get(header, "").strip().lower() in ("value", "wert"):
            del fields[header]
    return fields


def _read_any(folder: Path, ident: str) -> dict[str, Any]:
    found = _read(folder / ident)
    csv_path = folder / f"{ident}.csv"
    if csv_path.is_file():
        found = {**found, **_read_csv_meta(csv_path)}
    return found


def read_metadata(root: Path, ident: str) -> dict[str, dict[str, Any]]:
    """German and English metadata of one indicator, merged over the repository's metadata
    folders in order (a later folder's field wins): ``<folder>/<id>`` and ``<folder>/en/<id>``.
    """
    merged: dict[str, dict[str, Any]] = {"de": {}, "en": {}}
    for name in metadata_folders(root):
        folder = root / name
        merged["de"].update(_read_any(folder, ident))
        merged["en"].update(_read_any(folder / "en", ident))
    return {lang: values for lang, values in merged.items() if values}


def metadata_unit(metadata: dict[str, dict[str, Any]]) -> str:
    """The unit named in the metadata (``computation_units``), if any."""
    unit = metadata.get("de", {}).get("computation_units")
    return str(unit).strip() if unit else ""
