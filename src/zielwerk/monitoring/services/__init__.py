"""Services of the monitoring app: importing, exporting and assessing observations."""

from .assessing import RefreshSummary, assessments_refresh
from .exporting import ExportFormat, observations_export, observations_frame
from .importing import observations_import
from .municipal import MunicipalLoad, municipal_data_load
from .peers import PeerSummary, peers_refresh
from .summary import ImportSummary

__all__ = [
    "ExportFormat",
    "ImportSummary",
    "MunicipalLoad",
    "PeerSummary",
    "RefreshSummary",
    "assessments_refresh",
    "municipal_data_load",
    "observations_export",
    "observations_frame",
    "observations_import",
    "peers_refresh",
]
