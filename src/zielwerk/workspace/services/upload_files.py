"""Accepting an uploaded file: size and type limits, and turning it into a path the
monitoring import service reads (a tidy file, or an Open SDG repository folder)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path, PurePosixPath

from django.conf import settings

from zielwerk.core import limits
from zielwerk.core.observations import InputFormat

MAX_UPLOAD_BYTES: int = getattr(settings, "ZIELWERK_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
MAX_UNPACKED_BYTES = min(10 * MAX_UPLOAD_BYTES, limits.MAX_UNPACKED_BYTES)
"""Unpacked size of an uploaded zip or XLSX (the input limits of the core apply as well)."""
MAX_ARCHIVE_MEMBERS = limits.MAX_ARCHIVE_MEMBERS
EXTENSIONS = (".csv", ".xlsx", ".zip")
_ZIP_MAGIC = b"PK\x03\x04"
_OPENSDG_FILE = re.compile(r"^indicator_[0-9a-z-]+\.csv$", re.IGNORECASE)


class UploadRejected(ValueError):
    """A file refused before reading it; ``code`` says why (the view words it)."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def safe_name(name: str) -> str:
    """The file name without folders and with only harmless characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^0-9A-Za-z._ äöüÄÖÜß-]", "_", base).strip(" .")
    return cleaned[:120] or "upload"


def upload_validate(*, name: str, content: bytes) -> None:
    """Refuse files that are too large, of another type, or disguised as another type."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRejected("too_large", size=len(content), limit=MAX_UPLOAD_BYTES)
    if not content:
        raise UploadRejected("empty")
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UploadRejected("type")
    is_zip = content.startswith(_ZIP_MAGIC)
    if suffix in (".xlsx", ".zip") and not is_zip:
        raise UploadRejected("disguised")
    if suffix == ".csv" and (is_zip or b"\x00" in content[:8192]):
        raise UploadRejected("disguised")
    if suffix in (".zip", ".xlsx"):
        _check_archive(content)


_LIMIT_CODES = {
    "max_archive_members": "archive_members",
    "max_unpacked_bytes": "archive_size",
    "max_compression_ratio": "archive_ratio",
}


def _check_archive(content: bytes) -> None:
    """Zip and XLSX: the input limits (members, unpacked size, ratio; sizes in the headers
    checked against the data), then paths that could not be unpacked as they are."""
    try:
        limits.archive_check(
            BytesIO(content), max_unpacked=MAX_UNPACKED_BYTES, max_members=MAX_ARCHIVE_MEMBERS
        )
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
    except limits.LimitExceeded as exc:
        raise UploadRejected(_LIMIT_CODES[exc.limit], limit=exc.value) from exc
    except limits.ArchiveCorrupt as exc:
        raise UploadRejected("archive_corrupt", name=exc.member[:120]) from exc
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise UploadRejected("disguised") from exc
    files: set[PurePosixPath] = set()
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts:
            raise UploadRejected("archive_path", name=member.filename[:120])
        if not member.is_dir():
            files.add(path)
    for path in files:
        # ``x`` and ``x/y``: one name both a file and a folder cannot be unpacked.
        clash = next((p for p in path.parents if p in files), None)
        if clash is not None:
            raise UploadRejected("archive_conflict", name=str(clash)[:120])


def _is_opensdg_csv(name: str, content: bytes) -> bool:
    header = content[:4096].decode("utf-8-sig", errors="replace").split("\n", 1)[0].lower()
    columns = {c.strip().strip('"') for c in header.replace(";", ",").split(",")}
    return bool(_OPENSDG_FILE.match(name)) and "indicator" not in columns and "year" in columns


def materialise(*, name: str, content: bytes, folder: Path) -> tuple[Path, InputFormat]:
    """Write the upload below ``folder``; returns the path to import and its format."""
    name = safe_name(name)
    suffix = Path(name).suffix.lower()
    if suffix == ".zip":
        root = folder / "repository"
        with zipfile.ZipFile(BytesIO(content)) as archive:
            for member in archive.infolist():
                parts = PurePosixPath(member.filename).parts
                if member.is_dir() or not parts:
                    continue
                target = root.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
        data = next((p for p in root.rglob("data") if p.is_dir()), None)
        return (data.parent if data is not None else root), InputFormat.OPENSDG
    if suffix == ".csv" and _is_opensdg_csv(name, content):
        data = folder / "repository" / "data"
        data.mkdir(parents=True)
        (data / name).write_bytes(content)
        return data.parent, InputFormat.OPENSDG
    path = folder / name
    path.write_bytes(content)
    return path, InputFormat.TIDY
