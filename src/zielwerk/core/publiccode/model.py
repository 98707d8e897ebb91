"""The hub's record of a publiccode.yml (``Solution``), its problems and the mapping of
development status to scaling stage (table in ``zielwerk.core.publiccode``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
SHORT_MAX, LONG_MIN, LONG_MAX = 150, 150, 10_000
VERSION = "0.4"
KNOWN_VERSIONS = ("0.2", "0.3", "0.4")


class ScalingStage(StrEnum):
    """The hub's scaling stage of a solution (Skalierungsstufe)."""

    IDEE = "idee"
    PROOF_OF_CONCEPT = "proof_of_concept"
    MVP = "mvp"
    SKALIERUNG = "skalierung"


STAGE_OF_STATUS: Mapping[str, ScalingStage | None] = {
    "concept": ScalingStage.IDEE,
    "development": ScalingStage.PROOF_OF_CONCEPT,
    "beta": ScalingStage.MVP,
    "stable": ScalingStage.SKALIERUNG,
    "obsolete": None,
}
STATUS_OF_STAGE: Mapping[ScalingStage, str] = {
    stage: status for status, stage in STAGE_OF_STATUS.items() if stage is not None
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class PubliccodeCode(StrEnum):
    """Why a publiccode.yml field is refused or doubted; parameters in the comment."""

    YAML_ERROR = "yaml_error"  # detail
    LIMIT_EXCEEDED = "limit_exceeded"  # limit, max
    NOT_A_MAPPING = "not_a_mapping"
    MISSING = "missing"
    WRONG_TYPE = "wrong_type"  # expected
    NOT_ONE_OF = "not_one_of"  # allowed
    TOO_SHORT = "too_short"  # min, length
    TOO_LONG = "too_long"  # max, length
    NOT_A_URL = "not_a_url"
    NOT_A_DATE = "not_a_date"
    NOT_A_LANGUAGE = "not_a_language"
    NOT_AN_SPDX_EXPRESSION = "not_an_spdx_expression"
    UNSUPPORTED_VERSION = "unsupported_version"  # supported
    NO_LANGUAGE_WITH = "no_language_with"  # key: none of the languages has it
    UNKNOWN_KEY = "unknown_key"
    DEPRECATED_KEY = "deprecated_key"
    UNQUOTED_VERSION = "unquoted_version"
    LICENCE_MISMATCH = "licence_mismatch"  # declared, found
    LICENCE_NOT_RECOGNISED = "licence_not_recognised"


_WARNINGS = frozenset(
    {
        PubliccodeCode.UNKNOWN_KEY,
        PubliccodeCode.DEPRECATED_KEY,
        PubliccodeCode.UNQUOTED_VERSION,
        PubliccodeCode.UNSUPPORTED_VERSION,
        PubliccodeCode.LICENCE_MISMATCH,
        PubliccodeCode.LICENCE_NOT_RECOGNISED,
    }
)


@dataclass(frozen=True)
class PubliccodeProblem:
    """One problem: the file, line and field path (``column``), the value, a code.

    >>> str(PubliccodeProblem("p.yml", 4, "developmentStatus", "done", PubliccodeCode.NOT_ONE_OF))
    'p.yml:4 [developmentStatus] "done": not_one_of (error)'
    """

    file: str
    line: int | None
    column: str
    value: str | None
    code: PubliccodeCode
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.code in _WARNINGS else Severity.ERROR

    def __str__(self) -> str:
        place = self.file + ("" if self.line is None else f":{self.line}") + f" [{self.column}]"
        if self.value is not None:
            place += f' "{self.value}"'
        detail = ", ".join([self.severity.value, *(f"{k}={v}" for k, v in self.params.items())])
        return f"{place}: {self.code.value} ({detail})"


@dataclass(frozen=True)
class Description:
    """The texts of one language (BCP 47 tag in ``language``)."""

    language: str
    short: str
    long: str = ""
    features: tuple[str, ...] = ()
    localised_name: str | None = None


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None = None
    phone: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class Contractor:
    name: str
    until: dt.date | None
    email: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Solution:
    """What the hub keeps of a publiccode.yml. ``repository`` is the standard's ``url``;
    ``url`` its ``landingURL``. Invalid values are kept as given (the problems say why)."""

    name: str
    repository: str
    licence: str
    development_status: str
    software_type: str
    platforms: tuple[str, ...]
    categories: tuple[str, ...]
    descriptions: tuple[Description, ...]
    maintenance_type: str
    localisation_ready: bool
    languages: tuple[str, ...]
    url: str | None = None
    software_version: str | None = None
    release_date: dt.date | None = None
    contacts: tuple[Contact, ...] = ()
    contractors: tuple[Contractor, ...] = ()
    main_copyright_owner: str | None = None
    repo_owner: str | None = None
    used_by: tuple[str, ...] = ()

    @property
    def stage(self) -> ScalingStage | None:
        """The hub's scaling stage (table in the module docstring)."""
        return STAGE_OF_STATUS.get(self.development_status)

    def description(self, *languages: str) -> Description | None:
        """The first description in ``languages`` (default German, then English)."""
        by_language = {d.language: d for d in self.descriptions}
        for language in languages or ("de", "en"):
            if language in by_language:
                return by_language[language]
        return self.descriptions[0] if self.descriptions else None


@dataclass(frozen=True)
class PubliccodeResult:
    solution: Solution | None
    problems: tuple[PubliccodeProblem, ...]

    @property
    def errors(self) -> tuple[PubliccodeProblem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[PubliccodeProblem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)
