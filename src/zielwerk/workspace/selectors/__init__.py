"""Read-only queries of the workspace."""

from .audit import actor_name, audit_list
from .audit_words import AuditLine, audit_lines, audit_lines_all, target_sentence
from .dashboard import DashboardRow, dashboard_rows
from .data import Grid, data_grid, draft_targets, drafts_for_review
from .kit import KitFilter, kit_list, kit_topics
from .targets import (
    PublicTarget,
    national_targets,
    public_targets,
    target_history,
    targets_in_force,
    targets_overview,
)

__all__ = [
    "AuditLine",
    "DashboardRow",
    "Grid",
    "KitFilter",
    "PublicTarget",
    "actor_name",
    "audit_lines",
    "audit_lines_all",
    "audit_list",
    "dashboard_rows",
    "data_grid",
    "draft_targets",
    "drafts_for_review",
    "kit_list",
    "kit_topics",
    "national_targets",
    "public_targets",
    "target_history",
    "target_sentence",
    "targets_in_force",
    "targets_overview",
]
