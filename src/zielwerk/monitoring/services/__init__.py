"""Services of the monitoring app: importing, exporting and assessing observations."""

from .assessing import RefreshSummary, assessments_refresh
from .exporting import ExportFormat, observations_export, observations_frame
from .importing import observations_import
from .summary import ImportSummary

__all__ = [
    "ExportFormat",
    "ImportSummary",
    "RefreshSummary",
    "assessments_refresh",
    "observations_export",
    "observations_frame",
    "observations_import",
]
