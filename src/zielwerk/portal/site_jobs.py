"""The static export as a background job: the portal as a ZIP archive to download.

``zielwerk export-site DIR`` stays the synchronous command (docs/cli.md); this job runs the
same ``site_export`` in the task worker, reports each page, and keeps the archive only when
the whole export succeeded.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from zielwerk.jobs.files import TEMP_PREFIX, job_dir
from zielwerk.jobs.runner import JobResult, JobRun, job_function

from .static_site import site_export

JOB_PATH = "zielwerk.portal.site_jobs.site_export_job"
ARCHIVE = "zielwerk-website.zip"


@job_function
def site_export_job(run: JobRun) -> JobResult:
    """Export the public portal into a temporary folder, then pack it into one archive."""
    archive = run.output(ARCHIVE)
    run.progress(0, 0, _("Seiten zusammenstellen"))
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=job_dir(run.job_id)) as temp:
        site = Path(temp)

        def page_done(number: int, total: int, path: str) -> None:
            if number < total:
                run.progress(number, total + 2, _("Seite %(path)s") % {"path": path})
            else:
                run.progress(total, total + 2, _("Downloads, Karten und Stildateien schreiben"))

        summary = site_export(directory=site, progress=page_done)
        run.progress(summary.pages + 1, summary.pages + 2, _("ZIP-Archiv packen"))
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    out.write(path, path.relative_to(site).as_posix())
    return JobResult(
        file=archive,
        label=_("Statische Website herunterladen (ZIP, %(pages)s Seiten)")
        % {"pages": summary.pages},
    )
