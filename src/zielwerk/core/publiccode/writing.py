"""Writing a publiccode.yml (version 0.4) from a ``Solution``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from zielwerk.core.publiccode.model import VERSION, Solution

_BREAKS = frozenset("\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """Writes strings holding YAML 1.1's other line breaks (NEL, LS, PS) double-quoted:
    PyYAML would write them plain and read them back as spaces."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _BREAKS.intersection(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Without keys whose value is None, empty or an empty list (optional keys omitted)."""
    return {k: v for k, v in mapping.items() if v not in (None, "", (), [], {})}


def _descriptions_out(solution: Solution) -> Iterator[tuple[str, dict[str, Any]]]:
    for d in solution.descriptions:
        texts = {"localisedName": d.localised_name, "shortDescription": d.short}
        yield (
            d.language,
            _compact(texts | {"longDescription": d.long, "features": list(d.features)}),
        )


def publiccode_dump(solution: Solution) -> str:
    """A publiccode.yml (version 0.4) of ``solution``; optional empty fields are left out.

    >>> from zielwerk.core.publiccode import Description, publiccode_parse
    >>> s = Solution("X", "https://example.org/x.git", "EUPL-1.2", "beta", "library", ("web",),
    ...     ("it-development",), (Description("de", "Kurz"),), "none", False, ("de",))
    >>> print(publiccode_dump(s).splitlines()[0])
    publiccodeYmlVersion: '0.4'
    >>> publiccode_parse(publiccode_dump(s)).solution == s
    True
    """
    contacts = [_compact(vars(c)) for c in solution.contacts]
    contractors = [_compact(vars(c)) for c in solution.contractors]
    document = _compact(
        {
            "publiccodeYmlVersion": VERSION,
            "name": solution.name,
            "url": solution.repository,
            "landingURL": solution.url,
            "softwareVersion": solution.software_version,
            "releaseDate": solution.release_date,
            "platforms": list(solution.platforms),
            "categories": list(solution.categories),
            "usedBy": list(solution.used_by),
            "developmentStatus": solution.development_status,
            "softwareType": solution.software_type,
            "description": dict(_descriptions_out(solution)),
            "legal": _compact(
                {
                    "license": solution.licence,
                    "mainCopyrightOwner": solution.main_copyright_owner,
                    "repoOwner": solution.repo_owner,
                }
            ),
            "maintenance": _compact(
                {
                    "type": solution.maintenance_type,
                    "contacts": contacts,
                    "contractors": contractors,
                }
            ),
        }
    )
    document["localisation"] = {
        "localisationReady": solution.localisation_ready,
        "availableLanguages": list(solution.languages),
    }
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
