"""Services of the monitoring app: importing and exporting observations."""

from .importing import observations_import
from .summary import ImportSummary

__all__ = ["ImportSummary", "observations_import"]

from .exporting import ExportFormat, observations_export, observations_frame

__all__ += ["ExportFormat", "observations_export", "observations_frame"]
