"""OParl 1.1 (and 1.0) council information: typed records and an all-or-nothing sync.

Pure Python (urllib); the Django app stores the records. See docs/oparl-data.md.
"""

from zielwerk.core.oparl.client import (
    MAX_BYTES,
    MAX_PAGES,
    SYNCED_LISTS,
    TIMEOUT_SECONDS,
    OParlClient,
    Progress,
    SyncResult,
    oparl_sync,
    parse_date,
    parse_datetime,
    records_of,
    type_of,
    with_query,
)
from zielwerk.core.oparl.model import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Meeting,
    OParlCode,
    OParlError,
    OParlRecord,
    Organization,
    Paper,
    Record,
    System,
)

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "SYNCED_LISTS",
    "TIMEOUT_SECONDS",
    "AgendaItem",
    "Body",
    "Consultation",
    "File",
    "Meeting",
    "OParlClient",
    "OParlCode",
    "OParlError",
    "OParlRecord",
    "Organization",
    "Paper",
    "Progress",
    "Record",
    "SyncResult",
    "System",
    "oparl_sync",
    "parse_date",
    "parse_datetime",
    "records_of",
    "type_of",
    "with_query",
]
