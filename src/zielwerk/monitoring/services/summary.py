"""What an import did (or, in a dry run, would do)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zielwerk.core.observations import Problem, Skip


@dataclass
class ImportSummary:
    """Counts, skips and problems of one import; ``ok`` is False when nothing was written
    because the input has problems."""

    path: str
    file_format: str
    dry_run: bool = False
    files_read: int = 0
    indicators: int = 0
    series: int = 0
    regions: int = 0
    observations: int = 0
    created: int = 0
    unchanged: int = 0
    revised: int = 0
    kept: int = 0  # values of a newer stored edition not replaced by this older one
    edition: str = ""
    skips: list[Skip] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_counts: dict[str, int] = field(default_factory=dict)
    import_run_id: int | None = None
    own_indicators_created: int = 0
    codes: list[str] = field(default_factory=list)  # the indicators read
    refused_files: dict[str, int] = field(default_factory=dict)  # --per-file: file → problems

    @property
    def ok(self) -> bool:
        return not self.problem_counts

    @property
    def written(self) -> int:
        """Observations created or changed (0 in a dry run or when invalid)."""
        return 0 if self.dry_run or not self.ok else self.created + self.revised

    @property
    def skipped_rows(self) -> int:
        return sum(s.rows for s in self.skips)
