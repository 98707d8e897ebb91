"""Read-only queries of the workspace."""

from .audit import actor_name, audit_list
from .audit_words import AuditLine, audit_lines, audit_lines_all, target_sentence
from .dashboard import DashboardRow, dashboard_rows
from .data import Grid, ReferenceRow, data_grid, draft_targets, drafts_for_review, grid_references
from .kit import KitFilter, kit_list, kit_topics
from .review import PreviewSeries, ReviewGroup, public_preview, review_groups
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
    "PreviewSeries",
    "PublicTarget",
    "ReferenceRow",
    "ReviewGroup",
    "actor_name",
    "audit_lines",
    "audit_lines_all",
    "audit_list",
    "dashboard_rows",
    "data_grid",
    "draft_targets",
    "drafts_for_review",
    "grid_references",
    "kit_list",
    "kit_topics",
    "national_targets",
    "public_preview",
    "public_targets",
    "review_groups",
    "target_history",
    "target_sentence",
    "targets_in_force",
    "targets_overview",
]
