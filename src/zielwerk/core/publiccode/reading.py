"""Reading a publiccode.yml: typed values by field path, every problem collected."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

from zielwerk.core.limits import LimitExceeded, yaml_load
from zielwerk.core.publiccode.licences import licence_family, licence_ids, licence_of_text
from zielwerk.core.publiccode.model import (
    DEVELOPMENT_STATUSES,
    KNOWN_VERSIONS,
    LONG_MAX,
    LONG_MIN,
    MAINTENANCE_TYPES,
    SHORT_MAX,
    SOFTWARE_TYPES,
    Contact,
    Contractor,
    Description,
    PubliccodeCode,
    PubliccodeProblem,
    PubliccodeResult,
    Solution,
)

_TOP_KEYS = frozenset(
    {
        "publiccodeYmlVersion",
        "name",
        "applicationSuite",
        "url",
        "landingURL",
        "isBasedOn",
        "organizationUri",
        "softwareVersion",
        "releaseDate",
        "logo",
        "monochromeLogo",
        "inputTypes",
        "outputTypes",
        "platforms",
        "categories",
        "usedBy",
        "roadmap",
        "developmentStatus",
        "softwareType",
        "intendedAudience",
        "description",
        "legal",
        "maintenance",
        "localisation",
        "dependsOn",
    }
)
_DEPRECATED = frozenset(
    {"monochromeLogo", "inputTypes", "outputTypes", "genericName", "authorsFile"}
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _line_index(text: str) -> dict[str, int]:
    """Field path → 1-based line, from the composed node tree (no construction)."""
    lines: dict[str, int] = {}
    stack: list[tuple[str, yaml.Node]] = []
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is not None:
        stack.append(("", root))
    while stack:
        path, node = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 1
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(node.value))
    return lines


class _Reader:
    """Collects problems while reading typed values by path."""

    def __init__(self, file: str, lines: dict[str, int]) -> None:
        self.file, self.lines = file, lines
        self.problems: list[PubliccodeProblem] = []

    def add(self, path: str, value: Any, code: PubliccodeCode, **params: str | int) -> None:
        shown = None if value is None or isinstance(value, dict | list) else str(value)[:200]
        line = self.lines.get(path)
        self.problems.append(PubliccodeProblem(self.file, line, path, shown, code, params))

    def get(self, data: Mapping[str, Any], path: str, kind: type, *, required: bool) -> Any:
        """The value at the last part of ``path`` in ``data`` if of ``kind``, else None."""
        value = data.get(path.rsplit(".", 1)[-1])
        if value is None:
            if required:
                self.add(path, None, PubliccodeCode.MISSING)
            return None
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # YAML 1.1 typing: an unquoted 1.0 is still the string "1.0"
        if not isinstance(value, kind):
            self.add(path, value, PubliccodeCode.WRONG_TYPE, expected=kind.__name__)
            return None
        return value.strip() if isinstance(value, str) else value

    def text(self, data: Mapping[str, Any], path: str, *, required: bool = False) -> str | None:
        value: str | None = self.get(data, path, str, required=required)
        if required and value == "":
            self.add(path, value, PubliccodeCode.MISSING)
        return value

    def choice(self, data: Mapping[str, Any], path: str, allowed: tuple[str, ...]) -> str:
        value = self.text(data, path, required=True)
        if value and value not in allowed:
            self.add(path, value, PubliccodeCode.NOT_ONE_OF, allowed=", ".join(allowed))
        return value or ""

    def url(self, data: Mapping[str, Any], path: str, *, required: bool = False) -> str | None:
        value = self.text(data, path, required=required)
        if value and not _URL.match(value):
            self.add(path, value, PubliccodeCode.NOT_A_URL)
        return value

    def date(self, data: Mapping[str, Any], path: str, *, required: bool = False) -> dt.date | None:
        value = data.get(path.rsplit(".", 1)[-1])
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) or value is None:
            if value is None and required:
                self.add(path, None, PubliccodeCode.MISSING)
            return value
        if isinstance(value, str) and _DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(path, value, PubliccodeCode.NOT_A_DATE)
        return None

    def strings(
        self, data: Mapping[str, Any], path: str, *, required: bool = False
    ) -> tuple[str, ...]:
        value = data.get(path.rsplit(".", 1)[-1])
        if isinstance(value, str):
            value = [value]
        if value is None or value == []:
            if required:
                self.add(path, None, PubliccodeCode.MISSING)
            return ()
        if not isinstance(value, list):
            self.add(path, value, PubliccodeCode.WRONG_TYPE, expected="list")
            return ()
        items = []
        for i, item in enumerate(value):
            if (
                isinstance(item, str | int | float)
                and not isinstance(item, bool)
                and str(item).strip()
            ):
                items.append(str(item).strip())
            else:
                self.add(f"{path}[{i}]", item, PubliccodeCode.WRONG_TYPE, expected="str")
        return tuple(items)

    def section(
        self, data: Mapping[str, Any], path: str, *, required: bool = False
    ) -> dict[str, Any]:
        value: dict[str, Any] | None = self.get(data, path, dict, required=required)
        return value or {}

    def length(self, path: str, value: str, low: int, high: int) -> None:
        if len(value) < low:
            self.add(path, value, PubliccodeCode.TOO_SHORT, min=low, length=len(value))
        elif len(value) > high:
            self.add(path, value, PubliccodeCode.TOO_LONG, max=high, length=len(value))


def _keys(read: _Reader, data: Mapping[str, Any], prefix: str) -> None:
    """Unknown and deprecated keys (warnings); country sections are two-letter keys."""
    for key in data:
        path = f"{prefix}{key}"
        if key in _DEPRECATED:
            read.add(path, None, PubliccodeCode.DEPRECATED_KEY)
        elif not prefix and key not in _TOP_KEYS and not re.fullmatch(r"[a-z]{2}", str(key)):
            read.add(path, None, PubliccodeCode.UNKNOWN_KEY)


def _descriptions(read: _Reader, data: Mapping[str, Any]) -> tuple[Description, ...]:
    section = read.section(data, "description", required=True)
    if not section and "description" in data:
        read.add("description", None, PubliccodeCode.MISSING)
    result = []
    for language, texts in section.items():
        path = f"description.{language}"
        if not _LANGUAGE.match(str(language)):
            read.add(path, language, PubliccodeCode.NOT_A_LANGUAGE)
        if not isinstance(texts, dict):
            read.add(path, texts, PubliccodeCode.WRONG_TYPE, expected="dict")
            continue
        _keys(read, texts, path + ".")
        short = read.text(texts, f"{path}.shortDescription", required=True) or ""
        read.length(f"{path}.shortDescription", short, 0, SHORT_MAX)
        long = read.text(texts, f"{path}.longDescription") or ""
        if long:
            read.length(f"{path}.longDescription", long, LONG_MIN, LONG_MAX)
        features = read.strings(texts, f"{path}.features")
        name = read.text(texts, f"{path}.localisedName") or None
        result.append(Description(str(language), short, long, features, name))
    for key, present in (
        ("longDescription", any(d.long for d in result)),
        ("features", any(d.features for d in result)),
    ):
        if result and not present:
            read.add("description", None, PubliccodeCode.NO_LANGUAGE_WITH, key=key)
    return tuple(result)


def _licence(read: _Reader, legal: Mapping[str, Any], repository_licence: str | None) -> str:
    licence = read.text(legal, "legal.license", required=True) or ""
    ids = licence_ids(licence) if licence else []
    if ids is None:
        read.add("legal.license", licence, PubliccodeCode.NOT_AN_SPDX_EXPRESSION)
    if repository_licence is None or not licence:
        return licence
    found = licence_of_text(repository_licence)
    if found is None:
        read.add("legal.license", licence, PubliccodeCode.LICENCE_NOT_RECOGNISED)
    elif found not in {licence_family(i) for i in ids or ()}:
        read.add(
            "legal.license", licence, PubliccodeCode.LICENCE_MISMATCH, declared=licence, found=found
        )
    return licence


def _people(
    read: _Reader, maintenance: Mapping[str, Any], kind: str
) -> tuple[Contact | Contractor, ...]:
    key = "contacts" if kind == "contact" else "contractors"
    items = maintenance.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        read.add(f"maintenance.{key}", items, PubliccodeCode.WRONG_TYPE, expected="list")
        return ()
    people: list[Contact | Contractor] = []
    for i, item in enumerate(items):
        path = f"maintenance.{key}[{i}]"
        if not isinstance(item, dict):
            read.add(path, item, PubliccodeCode.WRONG_TYPE, expected="dict")
            continue
        name = read.text(item, f"{path}.name", required=True) or ""
        email = read.text(item, f"{path}.email") or None
        if kind == "contact":
            phone, affiliation = (
                read.text(item, f"{path}.phone"),
                read.text(item, f"{path}.affiliation"),
            )
            people.append(Contact(name, email, phone or None, affiliation or None))
        else:
            until = read.date(item, f"{path}.until", required=True)
            people.append(Contractor(name, until, email, read.url(item, f"{path}.website") or None))
    return tuple(people)


def _maintenance(
    read: _Reader, data: Mapping[str, Any]
) -> tuple[str, tuple[Contact, ...], tuple[Contractor, ...]]:
    maintenance = read.section(data, "maintenance", required=True)
    kind = read.choice(maintenance, "maintenance.type", MAINTENANCE_TYPES) if maintenance else ""
    contacts = tuple(p for p in _people(read, maintenance, "contact") if isinstance(p, Contact))
    contractors = tuple(
        p for p in _people(read, maintenance, "contractor") if isinstance(p, Contractor)
    )
    if kind in ("internal", "community") and not contacts:
        read.add("maintenance.contacts", None, PubliccodeCode.MISSING)
    if kind == "contract" and not contractors:
        read.add("maintenance.contractors", None, PubliccodeCode.MISSING)
    return kind, contacts, contractors


def _version(read: _Reader, data: Mapping[str, Any]) -> None:
    raw = data.get("publiccodeYmlVersion")
    version = read.text(data, "publiccodeYmlVersion", required=True)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        read.add("publiccodeYmlVersion", raw, PubliccodeCode.UNQUOTED_VERSION)
    if version and not any(version == v or version.startswith(v + ".") for v in KNOWN_VERSIONS):
        read.add(
            "publiccodeYmlVersion",
            version,
            PubliccodeCode.UNSUPPORTED_VERSION,
            supported=", ".join(KNOWN_VERSIONS),
        )


def _solution(read: _Reader, data: Mapping[str, Any], repository_licence: str | None) -> Solution:
    _keys(read, data, "")
    _version(read, data)
    legal = read.section(data, "legal", required=True)
    _keys(read, legal, "legal.")
    localisation = read.section(data, "localisation", required=True)
    languages = read.strings(
        localisation, "localisation.availableLanguages", required=bool(localisation)
    )
    for i, language in enumerate(languages):
        if not _LANGUAGE.match(language):
            read.add(
                f"localisation.availableLanguages[{i}]", language, PubliccodeCode.NOT_A_LANGUAGE
            )
    ready = read.get(
        localisation, "localisation.localisationReady", bool, required=bool(localisation)
    )
    maintenance_type, contacts, contractors = _maintenance(read, data)
    return Solution(
        name=read.text(data, "name", required=True) or "",
        repository=read.url(data, "url", required=True) or "",
        licence=_licence(read, legal, repository_licence) if legal else "",
        development_status=read.choice(data, "developmentStatus", DEVELOPMENT_STATUSES),
        software_type=read.choice(data, "softwareType", SOFTWARE_TYPES),
        platforms=read.strings(data, "platforms", required=True),
        categories=read.strings(data, "categories", required=True),
        descriptions=_descriptions(read, data),
        maintenance_type=maintenance_type,
        localisation_ready=bool(ready),
        languages=languages,
        url=read.url(data, "landingURL") or None,
        software_version=read.text(data, "softwareVersion") or None,
        release_date=read.date(data, "releaseDate"),
        contacts=contacts,
        contractors=contractors,
        main_copyright_owner=read.text(legal, "legal.mainCopyrightOwner") or None,
        repo_owner=read.text(legal, "legal.repoOwner") or None,
        used_by=read.strings(data, "usedBy"),
    )


def publiccode_parse(
    text: str, *, file: str = "publiccode.yml", repository_licence: str | None = None
) -> PubliccodeResult:
    """Read a publiccode.yml; ``repository_licence`` is the repository's LICENSE text, if
    known, to check ``legal.license`` against. The solution is ``None`` only when the text
    is no YAML mapping (or is refused by the input limits).

    >>> result = publiccode_parse("name: X\\ndevelopmentStatus: done")
    >>> sorted({p.column for p in result.errors})[:3]
    ['categories', 'description', 'developmentStatus']
    >>> publiccode_parse("a: &x [1]\\nb: [*x, *x]").problems[0].code.value
    'limit_exceeded'
    """
    try:
        data = yaml_load(text)
        lines = _line_index(text)
    except LimitExceeded as exc:
        problem = PubliccodeProblem(
            file,
            None,
            "",
            None,
            PubliccodeCode.LIMIT_EXCEEDED,
            {"limit": exc.limit, "max": exc.value},
        )
        return PubliccodeResult(None, (problem,))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        detail = str(getattr(exc, "problem", "") or exc)
        problem = PubliccodeProblem(
            file, line, "", None, PubliccodeCode.YAML_ERROR, {"detail": detail}
        )
        return PubliccodeResult(None, (problem,))
    read = _Reader(file, lines)
    if not isinstance(data, dict):
        read.add("", data, PubliccodeCode.NOT_A_MAPPING)
        return PubliccodeResult(None, tuple(read.problems))
    solution = _solution(read, data, repository_licence)
    return PubliccodeResult(solution, tuple(read.problems))
