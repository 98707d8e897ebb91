"""Uploads: check with the monitoring import service (a dry run: nothing is written),
show problems at the cell, and keep the rows as drafts only when the user confirms.

The web upload stores the file (``upload_store``, status "wird geprüft") and leaves the check
to a background job (``upload_check_job``); confirming runs as a job too
(``upload_confirm_job``). The API and the tests call ``upload_create`` and ``upload_confirm``,
which do the same work in the caller's request (see docs/tasks.md).
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.core.observations import (
    InputFormat,
    Problem,
    ProblemCode,
    ReadResult,
    read_observations,
)
from zielwerk.core.observations.headers import header_map
from zielwerk.core.observations.problems import MAX_PROBLEMS_PER_CODE
from zielwerk.core.observations.table import read_delimited, read_xlsx, sniff_separator
from zielwerk.core.observations.text import decode
from zielwerk.jobs import services as jobs
from zielwerk.jobs.models import Job
from zielwerk.jobs.runner import JobFailure, JobResult, JobRun, job_function
from zielwerk.messages import problem_text
from zielwerk.monitoring.services.importing import observations_import_frame
from zielwerk.monitoring.services.resolve import indicator_ids
from zielwerk.regions.models import Region

from ..models import AuditEntry, Upload
from ..scope import area_regions, selected_indicators
from .audit import audit_record
from .drafts import DraftRow, staged_observations_save
from .upload_files import materialise, safe_name, upload_validate

PREVIEW_ROWS = 500
CHECK_STEPS = 3
"""The steps of a check, as its progress shows them: read, check every cell, scope."""
CHECK_JOB = "zielwerk.workspace.services.uploads.upload_check_job"
CONFIRM_JOB = "zielwerk.workspace.services.uploads.upload_confirm_job"
Progress = Callable[[int, int, str], None]
Stored = dict[str, Any]
"""A problem as stored with the upload: a core problem's fields, or ``scope`` (set, area)."""


@dataclass(frozen=True)
class CellProblem:
    """A problem shown in the preview: at a cell (line and column), a row, or the file."""

    message: str
    reason: str
    line: int | None = None
    column: str | None = None
    value: str | None = None


@dataclass
class UploadCheck:
    """What the check of an upload found; ``ok`` when it can be confirmed."""

    problems: list[CellProblem] = field(default_factory=list)
    problem_total: int = 0
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    frame: pl.DataFrame = field(default_factory=pl.DataFrame)
    observations: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem_total and self.observations > 0

    def at(self, line: int, column: str) -> list[CellProblem]:
        return [
            p
            for p in self.problems
            if p.line == line and p.column is not None and p.column.lower() == column.lower()
        ]


def cell_problem(problem: Problem) -> CellProblem:
    """An import problem as shown at the cell (message with place, reason without)."""
    reason = problem_text(replace(problem, file="", line=None, column=None, value=None))
    return CellProblem(
        problem_text(problem), reason.lstrip(": "), problem.line, problem.column, problem.value
    )


def _raw_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first sheet or CSV as the user sees it (for the preview grid)."""
    if path.suffix.lower() == ".xlsx":
        raw = read_xlsx(path, path.name)
    else:
        text, problem = decode(path.read_bytes(), path.name)
        raw = problem or read_delimited(text or "", path.name, sniff_separator(text or ""))
    if isinstance(raw, Problem):
        return [], []
    columns = [c for c in raw.columns if c not in ("file", "line")]
    rows = [
        (int(line), [str(v) for v in values])
        for line, *values in raw.head(PREVIEW_ROWS).select("line", *columns).iter_rows()
    ]
    return columns, rows


def _scope_texts() -> dict[str, str]:
    return {
        "set": _("Indikator gehört nicht zum Indikatorenset Ihrer Organisation"),
        "area": _("Region liegt nicht im Gebiet Ihrer Organisation"),
    }


def _scope_problems(organisation: Organisation, frame: pl.DataFrame) -> tuple[list[Stored], int]:
    """Rows for indicators outside the set or regions outside the organisation's area
    (at most ``MAX_PROBLEMS_PER_CODE`` of each kind kept, all counted)."""
    codes = set(selected_indicators(organisation).values_list("code", flat=True))
    area = set(area_regions(organisation).values_list("ars", flat=True))
    by_ags = dict(Region.objects.values_list("ags", "ars"))
    known = set(by_ags.values())
    found: list[Stored] = []
    counts = {"set": 0, "area": 0}
    for row in frame.select("file", "line", "indicator", "region").iter_rows(named=True):
        hits = []
        if row["indicator"] not in codes:
            hits.append(("set", "indicator", row["indicator"]))
        ars = by_ags.get(row["region"], row["region"])
        if ars not in area and ars in known:
            hits.append(("area", "region", row["region"]))
        for kind, column, value in hits:
            counts[kind] += 1
            if counts[kind] <= MAX_PROBLEMS_PER_CODE:
                found.append(
                    {
                        "scope": kind,
                        "file": row["file"],
                        "line": row["line"],
                        "column": column,
                        "value": value,
                    }
                )
    return found, sum(counts.values())


def _stored(problem: Problem) -> Stored:
    return {
        "code": problem.code.value,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "value": problem.value,
        "detail": problem.detail,
    }


def _worded(stored: Stored) -> CellProblem:
    """A stored problem in the current language."""
    if "scope" in stored:
        reason = _scope_texts()[stored["scope"]]
        place = _("%(file)s, Zeile %(line)s") % {"file": stored["file"], "line": stored["line"]}
        return CellProblem(
            f"{place}: {reason}", reason, stored["line"], stored["column"], stored["value"]
        )
    problem = Problem(
        ProblemCode(stored["code"]),
        stored["file"],
        stored["line"],
        stored["column"],
        stored["field"],
        stored["value"],
        stored["detail"],
    )
    return cell_problem(problem)


def upload_region(organisation: Organisation) -> str | None:
    """The region of rows that name none: the uploading organisation's own (shown on the
    upload page); an organisation without a region must name regions in the file."""
    region = organisation.region
    return region.ars if region is not None else None


def _nothing_found(result: ReadResult, found: InputFormat, name: str) -> Problem:
    """Why a file without problems still holds no observation (never "0 Fehler" alone)."""
    if found is InputFormat.OPENSDG and not result.files_read:
        return Problem(ProblemCode.NO_INDICATOR_FILES, name)
    return Problem(ProblemCode.NO_OBSERVATIONS, name)


def _no_progress(done: int, total: int, message: str) -> None:
    """Progress reported to no one (a check in the request)."""


def upload_check(*, upload: Upload, progress: Progress | None = None) -> UploadCheck:
    """Check an upload exactly as ``zielwerk import --dry-run --region <the organisation's
    region>`` does, plus the scope; the result is stored on the upload (``check_result``),
    so that its preview is shown without checking again. ``progress(done, total, message)``
    hears of each of the ``CHECK_STEPS`` steps."""
    step = progress or _no_progress
    check = UploadCheck()
    step(0, CHECK_STEPS, _("Datei lesen"))
    region = upload_region(upload.organisation)
    with tempfile.TemporaryDirectory(prefix="zw-upload-") as folder:
        try:
            path, found = materialise(
                name=upload.file_name, content=bytes(upload.content), folder=Path(folder)
            )
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            broken = Problem(ProblemCode.UNREADABLE, upload.file_name, value=str(exc)[:120])
            return _keep(upload, check, [_stored(broken)], 1)
        known = set(indicator_ids(upload.codes))
        result = read_observations(path, found, known_indicators=known)  # read once
        if found is InputFormat.TIDY:
            check.columns, check.rows = _raw_table(path)
    step(1, CHECK_STEPS, _("Jede Zelle prüfen"))
    frame = result.frame
    if region:
        frame = frame.with_columns(
            region=pl.when(pl.col("region") == "").then(pl.lit(region)).otherwise("region")
        )
    summary = observations_import_frame(
        frame=frame, name=upload.file_name, dry_run=True, source=upload.source, codes=upload.codes
    )
    records = [_stored(p) for p in (*result.problems, *summary.problems)]
    total = sum(result.problem_counts.values()) + sum(summary.problem_counts.values())
    check.frame = frame
    check.observations = result.frame.height
    if not total and not check.observations:
        records, total = [_stored(_nothing_found(result, found, upload.file_name))], 1
    if not total:
        step(2, CHECK_STEPS, _("Indikatorenset und Gebiet prüfen"))
        records, total = _scope_problems(upload.organisation, frame)
    return _keep(upload, check, _as_written(records, check.columns), total)


def _as_written(records: list[Stored], columns: list[str]) -> list[Stored]:
    """Problems found after reading name a field (``region``); name the column as written
    in the file instead (``AGS``, ``Indikator``), so the preview shows them at the cell."""
    header = header_map(columns, "")
    if isinstance(header, Problem):
        return records
    named = {("flags" if f == "flag" else f): c for f, c in header.columns.items()}
    return [{**r, "column": named.get(r.get("column") or "", r.get("column"))} for r in records]


def _keep(upload: Upload, check: UploadCheck, records: list[Stored], total: int) -> UploadCheck:
    check.problems = [_worded(r) for r in records]
    check.problem_total = total
    upload.check_result = {
        "problems": records,
        "problem_total": total,
        "observations": check.observations,
        "columns": check.columns,
        "rows": [[line, values] for line, values in check.rows],
    }
    if upload.pk is not None:
        upload.save(update_fields=["check_result"])
    return check


def upload_preview(*, upload: Upload) -> UploadCheck | None:
    """The stored check of an upload for its preview (``None`` once confirmed or
    discarded, and while its check job has not stored it yet); an upload checked before
    results were stored is checked once now."""
    if not upload.content or upload.status == Upload.Status.CHECKING:
        return None
    stored = upload.check_result
    if not stored:
        return upload_check(upload=upload)
    return UploadCheck(
        problems=[_worded(r) for r in stored["problems"]],
        problem_total=stored["problem_total"],
        columns=stored["columns"],
        rows=[(line, values) for line, values in stored["rows"]],
        observations=stored["observations"],
    )


def upload_store(
    *,
    organisation: Organisation,
    user: Any,
    name: str,
    content: bytes,
    source: str = "",
    codes: str = "catalogue",
) -> Upload:
    """Keep the file, not checked yet (status "wird geprüft"); raises ``UploadRejected`` for
    a file refused before reading (type, size, archive limits), so that is said at once."""
    upload_validate(name=name, content=content)
    return Upload.objects.create(
        organisation=organisation,
        file_name=safe_name(name),
        content=content,
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        source=source,
        codes=codes,
        status=Upload.Status.CHECKING,
        created_by=user,
    )


def upload_check_save(*, upload: Upload, progress: Progress | None = None) -> UploadCheck:
    """Check the upload and store the outcome: "geprüft" (ready to confirm) or "fehlerhaft",
    the rows found and the problems (``check_result``)."""
    check = upload_check(upload=upload, progress=progress)
    upload.status = Upload.Status.CHECKED if check.ok else Upload.Status.INVALID
    upload.rows = check.observations
    upload.save(update_fields=["status", "rows"])
    return check


def upload_create(
    *,
    organisation: Organisation,
    user: Any,
    name: str,
    content: bytes,
    source: str = "",
    codes: str = "catalogue",
) -> tuple[Upload, UploadCheck]:
    """Keep the file and check it at once, in the caller's request (the API, tests);
    raises ``UploadRejected`` for bad files. The web upload uses ``upload_check_start``."""
    upload = upload_store(
        organisation=organisation,
        user=user,
        name=name,
        content=content,
        source=source,
        codes=codes,
    )
    return upload, upload_check_save(upload=upload)


def draft_rows(frame: pl.DataFrame) -> list[DraftRow]:
    """The checked observations of an upload as draft rows (codes resolved to ids)."""
    ids = dict(
        Indicator.objects.filter(
            code__in=frame.get_column("indicator").unique().to_list()
        ).values_list("code", "pk")
    )
    regions = dict(Region.objects.values_list("ars", "pk"))
    regions.update({ags: regions[ars] for ags, ars in Region.objects.values_list("ags", "ars")})
    return [
        DraftRow(
            ids[r["indicator"]],
            regions[r["region"]],
            r["series"],
            r["year"],
            r["value"],
            r["unit"],
            r["flags"],
            r.get("source") or "",
        )
        for r in frame.iter_rows(named=True)
    ]


def upload_confirm(
    *,
    upload: Upload,
    user: Any,
    check: UploadCheck | None = None,
    progress: Progress | None = None,
) -> int:
    """Keep the upload's rows as drafts; returns the drafts saved. Without ``check`` (the one
    just made, e.g. by an API write) the stored file is checked again: it may have waited."""
    if upload.status != Upload.Status.CHECKED:
        raise ValueError(upload.status)
    check = check or upload_check(upload=upload, progress=progress)
    if not check.ok:
        raise ValueError("invalid")
    rows = draft_rows(check.frame)
    (progress or _no_progress)(CHECK_STEPS, CHECK_STEPS + 1, _("Werte als Entwurf speichern"))
    with transaction.atomic():
        saved = staged_observations_save(
            organisation=upload.organisation,
            user=user,
            rows=rows,
            origin="upload",
            source=upload.source or upload.file_name,
        )
        upload.status = Upload.Status.CONFIRMED
        upload.content = b""
        upload.save(update_fields=["status", "content"])
        audit_record(
            organisation=upload.organisation,
            user=user,
            action=AuditEntry.Action.UPLOAD_CONFIRMED,
            subject=upload.file_name,
            new=str(saved),
            source=upload.source,
        )
    return saved


# -- the same work as background jobs (the web upload) ---------------------------------------


def upload_job(upload: Upload, kind: str) -> Job | None:
    """The latest job of ``kind`` (``upload_check``, ``upload_confirm``) for the upload."""
    return (
        Job.objects.filter(kind=kind, organisation=upload.organisation, arguments__upload=upload.pk)
        .order_by("-pk")
        .first()
    )


def upload_check_start(*, upload: Upload, user: Any) -> Job:
    """Check the stored upload in the background; returns the job (its page shows the
    progress and, when done, the link to the upload's preview)."""
    return jobs.start(
        "upload_check",
        CHECK_JOB,
        owner=user,
        organisation=upload.organisation,
        label=_("Datei „%(name)s“ prüfen") % {"name": upload.file_name},
        upload=upload.pk,
    )


def upload_confirm_start(*, upload: Upload, user: Any) -> Job:
    """Keep the upload's rows as drafts in the background; returns the job."""
    return jobs.start(
        "upload_confirm",
        CONFIRM_JOB,
        owner=user,
        organisation=upload.organisation,
        label=_("Datei „%(name)s“ als Entwurf übernehmen") % {"name": upload.file_name},
        upload=upload.pk,
    )


def _locked(upload: int) -> Upload:
    """The upload, its row locked for the job's transaction (one job at a time works on it)."""
    found = (
        Upload.objects.select_for_update()
        .select_related("organisation__region")
        .filter(pk=upload)
        .first()
    )
    if found is None:
        raise JobFailure(_("Diese Datei gibt es nicht mehr."))
    return found


def _detail_url(upload: Upload) -> str:
    return reverse("workspace:upload_detail", args=[upload.organisation.slug, upload.pk])


@job_function
def upload_check_job(run: JobRun, *, upload: int) -> JobResult:
    """The job: check a stored upload and keep the outcome. A file with errors ends as
    "fehlerhaft", a result shown on its preview page, not a failure of the job."""
    item = _locked(upload)
    if not item.content:
        raise JobFailure(_("Diese Datei wurde inzwischen verworfen."))
    if item.status == Upload.Status.CHECKING:
        check = upload_check_save(upload=item, progress=run.progress)
        if check.ok:
            summary = ngettext(
                "Fehlerfrei: %(count)s Wert kann übernommen werden.",
                "Fehlerfrei: %(count)s Werte können übernommen werden.",
                check.observations,
            ) % {"count": check.observations}
        else:
            summary = ngettext(
                "%(count)s Fehler gefunden.", "%(count)s Fehler gefunden.", check.problem_total
            ) % {"count": check.problem_total}
        run.progress(CHECK_STEPS, CHECK_STEPS, summary)
    return JobResult(url=_detail_url(item), label=_("Prüfung ansehen"))


@job_function
def upload_confirm_job(run: JobRun, *, upload: int) -> JobResult:
    """The job: check the upload again (it may have waited) and keep its rows as drafts,
    with the audit entry; all or nothing (the job runs in one transaction)."""
    item = _locked(upload)
    if item.status == Upload.Status.CONFIRMED:
        raise JobFailure(_("Diese Datei wurde bereits übernommen."))
    if item.status != Upload.Status.CHECKED or not item.content:
        raise JobFailure(_("Diese Datei kann nicht übernommen werden."))
    user = get_user_model().objects.filter(pk=run.owner_id).first() if run.owner_id else None

    def step(done: int, total: int, message: str) -> None:  # one total from the start
        run.progress(done, CHECK_STEPS + 1, message)

    check = upload_check(upload=item, progress=step)
    if not check.ok:
        raise JobFailure(
            ngettext(
                "Die erneute Prüfung hat %(count)s Fehler gefunden (etwa weil sich das "
                "Indikatorenset geändert hat); nichts wurde übernommen. Bitte laden Sie die "
                "Datei erneut hoch.",
                "Die erneute Prüfung hat %(count)s Fehler gefunden (etwa weil sich das "
                "Indikatorenset geändert hat); nichts wurde übernommen. Bitte laden Sie die "
                "Datei erneut hoch.",
                check.problem_total,
            )
            % {"count": check.problem_total}
        )
    saved = upload_confirm(upload=item, user=user, check=check, progress=step)
    label = ngettext(
        "%(count)s Wert als Entwurf übernommen: Prüfen und veröffentlichen",
        "%(count)s Werte als Entwurf übernommen: Prüfen und veröffentlichen",
        saved,
    ) % {"count": saved}
    return JobResult(url=reverse("workspace:review", args=[item.organisation.slug]), label=label)


def upload_discard(*, upload: Upload) -> None:
    upload.status = Upload.Status.DISCARDED
    upload.content = b""
    upload.save(update_fields=["status", "content"])
