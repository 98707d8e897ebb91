"""Read-only queries of the workspace."""

from .audit import actor_name, audit_list
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
    "DashboardRow",
    "Grid",
    "KitFilter",
    "PublicTarget",
    "actor_name",
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
    "targets_in_force",
    "targets_overview",
]
