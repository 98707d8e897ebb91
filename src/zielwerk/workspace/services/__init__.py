"""Services of the workspace: one home for every change, reachable from UI, API and CLI."""

from .audit import audit_export, audit_record
from .drafts import (
    DraftConflict,
    DraftRow,
    DraftSave,
    DraftsConflict,
    staged_observations_discard,
    staged_observations_merge,
    staged_observations_save,
)
from .own_indicators import (
    OwnIndicatorData,
    own_indicator_create,
    own_indicator_update,
    own_indicators_publish,
    own_indicators_waiting,
    pending_changes,
    proposed_values,
)
from .publishing import PublishError, PublishResult, drafts_publish
from .selection import indicator_selection_set
from .submissions import (
    SubmissionConflict,
    SubmissionRejected,
    SubmissionResult,
    observations_submit,
    target_submit,
)
from .targets import TargetData, organisation_target_create, target_check
from .upload_files import MAX_UPLOAD_BYTES, UploadRejected
from .upload_template import (
    TemplateColumn,
    template_columns,
    upload_template_csv,
    upload_template_xlsx,
)
from .uploads import (
    UploadCheck,
    upload_check,
    upload_confirm,
    upload_create,
    upload_discard,
    upload_preview,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "DraftConflict",
    "DraftRow",
    "DraftSave",
    "DraftsConflict",
    "OwnIndicatorData",
    "PublishError",
    "PublishResult",
    "SubmissionConflict",
    "SubmissionRejected",
    "SubmissionResult",
    "TargetData",
    "TemplateColumn",
    "UploadCheck",
    "UploadRejected",
    "audit_export",
    "audit_record",
    "drafts_publish",
    "indicator_selection_set",
    "observations_submit",
    "organisation_target_create",
    "own_indicator_create",
    "own_indicator_update",
    "own_indicators_publish",
    "own_indicators_waiting",
    "pending_changes",
    "proposed_values",
    "staged_observations_discard",
    "staged_observations_merge",
    "staged_observations_save",
    "target_check",
    "target_submit",
    "template_columns",
    "upload_check",
    "upload_confirm",
    "upload_create",
    "upload_discard",
    "upload_preview",
    "upload_template_csv",
    "upload_template_xlsx",
]
