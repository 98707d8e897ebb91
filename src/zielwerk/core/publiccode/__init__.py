"""Read, check and write ``publiccode.yml`` (standard 0.4, https://yml.publiccode.tools).

``publiccode_parse`` turns the file into a ``Solution`` (the hub's Steckbrief fields that the
standard carries) and a list of problems, each an error (the file breaks the standard) or a
warning (it is valid but doubtful: deprecated keys, an unknown key, a licence that
contradicts the repository's LICENSE). Problems carry a code, the field path (``column``,
e.g. ``description.de.shortDescription``), its line, the value and parameters; the words
belong to ``zielwerk.messages``. ``publiccode_dump`` writes a valid file back:
``publiccode_parse(publiccode_dump(s)).solution == s``.

The YAML is read with ``zielwerk.core.limits.yaml_load`` (aliases, oversized documents
refused). Country sections (``it`` …) and ``dependsOn`` are accepted and not kept.

Development status and the hub's scaling stage (docs/hub-data.md):

==============  ==================
publiccode.yml  Skalierungsstufe
==============  ==================
concept         Idee
development     Proof of Concept
beta            MVP
stable          Skalierung
obsolete        — (no stage: the software is no longer maintained)
==============  ==================
"""

from zielwerk.core.publiccode.licences import licence_family, licence_ids, licence_of_text
from zielwerk.core.publiccode.model import (
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SOFTWARE_TYPES,
    STAGE_OF_STATUS,
    STATUS_OF_STAGE,
    VERSION,
    Contact,
    Contractor,
    Description,
    PubliccodeCode,
    PubliccodeProblem,
    PubliccodeResult,
    ScalingStage,
    Severity,
    Solution,
)
from zielwerk.core.publiccode.reading import publiccode_parse
from zielwerk.core.publiccode.writing import publiccode_dump

__all__ = [
    "DEVELOPMENT_STATUSES",
    "MAINTENANCE_TYPES",
    "SOFTWARE_TYPES",
    "STAGE_OF_STATUS",
    "STATUS_OF_STAGE",
    "VERSION",
    "Contact",
    "Contractor",
    "Description",
    "PubliccodeCode",
    "PubliccodeProblem",
    "PubliccodeResult",
    "ScalingStage",
    "Severity",
    "Solution",
    "licence_family",
    "licence_ids",
    "licence_of_text",
    "publiccode_dump",
    "publiccode_parse",
]
