"""``municipal_data_load``: the bundled municipal data through the import service, once.

``scripts/build_municipal.py`` writes one tidy file per source edition
(``zielwerk/data/municipal/observations/<edition>.parquet``) and ``sources.csv`` with title,
licence and attribution. Each edition is imported in the order of ``sources.csv`` (older
editions first, so a newer one is recorded as a revision) with its attribution as source.
An edition whose file was imported before (same SHA-256 in an import run) is not imported
again: a later, newer edition brought in with ``zielwerk import`` is never reverted by
``make run``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from zielwerk.core.observations import InputFormat

from ..models import ImportRun
from .importing import checksum, observations_import
from .peers import PeerSummary, peers_refresh
from .summary import ImportSummary

MUNICIPAL_DIR = Path(str(files("zielwerk") / "data" / "municipal"))


@dataclass
class MunicipalLoad:
    imported: list[tuple[str, ImportSummary]] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    peers: PeerSummary | None = None

    @property
    def ok(self) -> bool:
        return all(not s.problem_counts for _e, s in self.imported)


def municipal_sources(directory: Path = MUNICIPAL_DIR) -> list[dict[str, str]]:
    """The rows of ``sources.csv``: one per edition, in import order."""
    with (directory / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edition_of(name: str) -> str:
    """The date in an edition's name: ``deutschlandatlas-2024-12`` → ``2024-12``."""
    found = re.search(r"(\d{4}(?:-\d{2})?)$", name)
    return found.group(1) if found else ""


def source_text(row: dict[str, str]) -> str:
    """How an edition is cited on every observation it brings in."""
    return f"{row['attribution']} – {row['title']} – {row['licence']}"


def municipal_data_load(
    *,
    directory: Path = MUNICIPAL_DIR,
    progress: Callable[[str], None] | None = None,
) -> MunicipalLoad:
    """Import every bundled edition not imported before; then refresh the peer standings."""
    result = MunicipalLoad()
    report = progress or (lambda edition: None)
    for row in municipal_sources(directory):
        path = directory / "observations" / f"{row['edition']}.parquet"
        if ImportRun.objects.filter(checksum=checksum(path)).exists():
            result.already.append(row["edition"])
            continue
        report(row["edition"])
        summary = observations_import(
            path=path,
            file_format=InputFormat.TIDY,
            source=source_text(row),
            actor="load_municipal_data",
            refresh=False,
            codes="kom",
            edition=edition_of(row["edition"]),
        )
        result.imported.append((row["edition"], summary))
        if summary.problem_counts:
            return result
    if result.imported or not _has_standings():
        result.peers = peers_refresh()
    return result


def _has_standings() -> bool:
    from ..models import PeerStanding

    return PeerStanding.objects.exists()
