"""Where each tidy budget field comes from: a Fiscal Data Package descriptor or a mapping.

A ``ColumnMapping`` names, for one CSV file, the column of every tidy field (see
``zielwerk.core.budgets`` for the tidy layout) and how the file and its numbers are written.
``descriptor_mapping`` derives it from a Fiscal Data Package (FDP) descriptor
(``datapackage.json``); a city without a descriptor passes a ``ColumnMapping`` itself.

Supported FDP features (the OpenSpending/OffenerHaushalt dialect found in the shared data):

- ``resources[]``: ``path`` (relative, inside the descriptor's folder), ``encoding`` (UTF-8
  only), ``dialect`` (``delimiter``, ``quoteChar``, ``doubleQuote``, ``skipInitialSpace``;
  ``lineTerminator`` is recognised by the CSV reader itself).
- ``schema.fields[]``: the column type in ``columnType`` (FDP 1.0) or ``osType``
  (OpenSpending), ``decimalChar`` and ``groupChar`` of the value field. Types used:
  ``value`` → amount, ``date:fiscal-year`` → year, ``direction`` → direction,
  ``value-kind:*`` / ``phase:*`` / ``expenditure-type:*`` → phase (Ansatz, Ergebnis, …),
  ``administrative-classification:generic:levelN:code[:full|:part]`` / ``…:label`` →
  Produktbereich (level 1), Produktgruppe (2), Produkt (3); a level-less
  ``administrative-classification:generic:code`` counts as level 3.
- ``model.measures`` (one measure: its ``source`` is the amount when no field is typed
  ``value``; its ``currency`` must be EUR or absent) and ``model.dimensions`` named ``date``,
  ``direction`` and ``value-kind``/``phase`` (their single ``primaryKey`` attribute's
  ``source``) when no field carries the type.

Not supported: remote paths (URLs), several resources at once, inline ``data``, foreign
keys, ``economic-classification`` / ``functional-classification`` (ignored), FDP
``model.dimensions`` hierarchies beyond the three product levels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from zielwerk.core.errors import InputCode, InputFileError, InputProblem, read_utf8
from zielwerk.core.limits import LimitExceeded, json_load

MAX_DESCRIPTOR_BYTES = 1024 * 1024
"""Size of one ``datapackage.json`` (the shared ones are below 20 kB)."""

FIELDS = (
    "year",
    "direction",
    "amount",
    "phase",
    "area_code",
    "area_name",
    "group_code",
    "group_name",
    "product_code",
    "product_name",
)
"""Tidy fields a mapping can feed; the first three are required."""

_LEVELS = {"1": "area", "2": "group", "3": "product"}
_CLASSIFICATION = re.compile(
    r"^administrative-classification:generic:(?:level(?P<level>[123]):)?"
    r"(?P<part>code|label)(?::(?:full|part))?$"
)
_PHASE_PREFIXES = ("value-kind", "phase", "expenditure-type")


@dataclass(frozen=True)
class ColumnMapping:
    """The source column of each tidy field and how the file is written.

    ``decimal_char`` and ``group_char`` describe the amounts: German ``1.234,56`` is the
    default; ``group_char=""`` allows no grouping at all.

    >>> m = ColumnMapping(year="Jahr", direction="Art", amount="Betrag", area_code="PB")
    >>> m.columns()["area_code"], m.decimal_char
    ('PB', ',')
    """

    year: str
    direction: str
    amount: str
    phase: str | None = None
    area_code: str | None = None
    area_name: str | None = None
    group_code: str | None = None
    group_name: str | None = None
    product_code: str | None = None
    product_name: str | None = None
    decimal_char: str = ","
    group_char: str = "."
    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    skip_initial_space: bool = False

    def columns(self) -> dict[str, str]:
        """Tidy field → source column, for the fields this mapping feeds."""
        named = {name: getattr(self, name) for name in FIELDS}
        return {name: column for name, column in named.items() if column is not None}


@dataclass(frozen=True)
class DescriptorResource:
    """One resource of a descriptor: the file to read and how."""

    path: Path
    name: str
    mapping: ColumnMapping


def _problem(
    file: str, column: str, value: str | None, code: InputCode, **params: str
) -> InputProblem:
    return InputProblem(file, None, column, value, code, params)


def descriptor_load(path: str | Path) -> dict[str, Any]:
    """A descriptor's JSON, bounded (size, nesting); InputFileError when it is unusable."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        problem = _problem(
            str(path), "datapackage", None, InputCode.UNREADABLE, detail=exc.strerror or ""
        )
        raise InputFileError([problem]) from exc
    if size > MAX_DESCRIPTOR_BYTES:
        raise LimitExceeded("max_descriptor_bytes", MAX_DESCRIPTOR_BYTES, size)
    try:
        data = json_load(read_utf8(path))
    except ValueError as exc:
        if isinstance(exc, InputFileError | LimitExceeded):
            raise
        problem = _problem(str(path), "datapackage", None, InputCode.UNREADABLE, detail=str(exc))
        raise InputFileError([problem]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        problem = _problem(
            str(path),
            "resources",
            None,
            InputCode.MALFORMED_ENTRY,
            entry="resources",
            detail="list",
        )
        raise InputFileError([problem])
    return data


def _field_type(field: Mapping[str, Any]) -> str:
    kind = field.get("columnType") or field.get("osType") or ""
    return kind if isinstance(kind, str) else ""


def _from_fields(fields: list[Any]) -> tuple[dict[str, str], Mapping[str, Any]]:
    """Tidy field → column from the typed schema fields, and the value field (for chars)."""
    found: dict[str, str] = {}
    value_field: Mapping[str, Any] = {}
    for field in fields:
        if not isinstance(field, Mapping) or not isinstance(field.get("name"), str):
            continue
        kind, name = _field_type(field), field["name"]
        match = _CLASSIFICATION.match(kind)
        if kind == "value":
            found.setdefault("amount", name)
            value_field = value_field or field
        elif kind == "date:fiscal-year":
            found.setdefault("year", name)
        elif kind == "direction":
            found.setdefault("direction", name)
        elif kind.split(":")[0] in _PHASE_PREFIXES:
            found.setdefault("phase", name)
        elif match:
            level = _LEVELS[match["level"] or "3"]
            part = "code" if match["part"] == "code" else "name"
            found.setdefault(f"{level}_{part}", name)
    return found, value_field


def _single_source(block: Any) -> str | None:
    """The ``source`` of a model dimension with one primary-key attribute."""
    if not isinstance(block, Mapping):
        return None
    keys, attributes = block.get("primaryKey"), block.get("attributes")
    if not isinstance(keys, list) or len(keys) != 1 or not isinstance(attributes, Mapping):
        return None
    source = (attributes.get(keys[0]) or {}).get("source")
    return source if isinstance(source, str) else None


def _from_model(model: Any, found: dict[str, str], file: str) -> list[InputProblem]:
    """Fill what the fields left open from ``model``; check the measure's currency."""
    if not isinstance(model, Mapping):
        return []
    problems: list[InputProblem] = []
    measures = model.get("measures")
    if isinstance(measures, Mapping) and len(measures) == 1:
        measure = next(iter(measures.values()))
        if isinstance(measure, Mapping):
            if isinstance(measure.get("source"), str):
                found.setdefault("amount", measure["source"])
            currency = measure.get("currency")
            if currency not in (None, "EUR"):
                problems.append(
                    _problem(
                        file,
                        "model.measures.currency",
                        str(currency),
                        InputCode.NOT_ONE_OF,
                        allowed="EUR",
                    )
                )
    dimensions = model.get("dimensions")
    if isinstance(dimensions, Mapping):
        for dimension, field in (
            ("date", "year"),
            ("direction", "direction"),
            ("value-kind", "phase"),
            ("phase", "phase"),
        ):
            source = _single_source(dimensions.get(dimension))
            if source is not None:
                found.setdefault(field, source)
    return problems


def _resource_path(base: Path, resource: Mapping[str, Any], file: str) -> Path | InputProblem:
    """The resource's file, refused unless a relative path inside the descriptor's folder."""
    raw = resource.get("path")
    pure = PurePosixPath(raw) if isinstance(raw, str) else None
    if (
        pure is None
        or pure.is_absolute()
        or ".." in pure.parts
        or "://" in str(raw)
        or "\\" in str(raw)
    ):
        return _problem(
            file, "resources.path", str(raw), InputCode.MALFORMED_VALUE, detail="relative path"
        )
    return base / pure


def _pick(resources: list[Any], name: str | None, file: str) -> Mapping[str, Any]:
    named = [r for r in resources if isinstance(r, Mapping)]
    names = [str(r.get("name")) for r in named]
    if name is None and len(named) == 1:
        return named[0]
    if name is not None and name in names:
        return named[names.index(name)]
    problem = _problem(file, "resource", name, InputCode.NOT_ONE_OF, allowed=", ".join(names))
    raise InputFileError([problem])


def descriptor_mapping(
    path: str | Path, *, resource: str | None = None, ignore_currency: bool = False
) -> DescriptorResource:
    """The file and column mapping of one resource of a Fiscal Data Package descriptor.

    ``resource`` names the resource; it may be left out when the package has only one.
    A measure in another currency than EUR is refused unless ``ignore_currency`` (Frankfurt's
    descriptor says USD for a budget in euros). Raises InputFileError naming the descriptor.

    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> fields = [{"name": "Jahr", "osType": "date:fiscal-year"},
    ...     {"name": "Art", "osType": "direction"},
    ...     {"name": "Betrag", "osType": "value", "decimalChar": ".", "groupChar": ","}]
    >>> _ = (folder / "datapackage.json").write_text(json.dumps(
    ...     {"resources": [{"name": "b", "path": "b.csv", "schema": {"fields": fields}}]}))
    >>> found = descriptor_mapping(folder / "datapackage.json")
    >>> found.path.name, found.mapping.amount, found.mapping.decimal_char
    ('b.csv', 'Betrag', '.')
    """
    path = Path(path)
    file = str(path)
    data = descriptor_load(path)
    chosen = _pick(data["resources"], resource, file)
    problems: list[InputProblem] = []
    schema = chosen.get("schema")
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    found, value_field = _from_fields(fields if isinstance(fields, list) else [])
    problems += _from_model(data.get("model"), found, file)
    if ignore_currency:
        problems = [p for p in problems if p.column != "model.measures.currency"]
    encoding = str(chosen.get("encoding") or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8", "utf-8-sig"):
        problems.append(
            _problem(file, "resources.encoding", encoding, InputCode.NOT_ONE_OF, allowed="utf-8")
        )
    for required in ("year", "direction", "amount"):
        if required not in found:
            problems.append(
                _problem(file, "schema.fields", None, InputCode.MISSING_FOR_KIND, kinds=required)
            )
    target = _resource_path(path.parent, chosen, file)
    if isinstance(target, InputProblem):
        problems.append(target)
    if problems or isinstance(target, InputProblem):
        raise InputFileError(problems)
    dialect = chosen.get("dialect") if isinstance(chosen.get("dialect"), Mapping) else {}
    assert isinstance(dialect, Mapping)
    mapping = ColumnMapping(
        **found,
        decimal_char=str(value_field.get("decimalChar", ".")),
        group_char=str(value_field.get("groupChar", "")),
        delimiter=str(dialect.get("delimiter", ",")),
        quote_char=str(dialect.get("quoteChar", '"')),
        double_quote=bool(dialect.get("doubleQuote", True)),
        skip_initial_space=bool(dialect.get("skipInitialSpace", False)),
    )
    return DescriptorResource(target, str(chosen.get("name")), mapping)
