"""Result files of jobs: written under a temporary name, moved into place only on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

TEMP_PREFIX = ".unfertig-"


def jobs_dir() -> Path:
    """Where job results are kept: ``<ZIELWERK_DATA_DIR>/jobs``."""
    return Path(settings.DATA_DIR) / "jobs"


def job_dir(job_id: int) -> Path:
    return jobs_dir() / str(job_id)


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final`` (a file or a directory to be); when the block ends
    without an exception, it replaces ``final`` in one rename, else it is removed.

    Readers never see a half-written result: ``final`` is the old version or the new one.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=final.parent)) / final.name
    try:
        yield temp
        if final.is_dir() and temp.is_dir():
            old = final.with_name(f"{TEMP_PREFIX}alt-{final.name}")
            final.rename(old)
            temp.rename(final)
            shutil.rmtree(old)
        else:
            os.replace(temp, final)
    finally:
        shutil.rmtree(temp.parent, ignore_errors=True)


def remove_unfinished(folder: Path) -> None:
    """Remove what a failed job left under temporary names in ``folder``."""
    if folder.is_dir():
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
