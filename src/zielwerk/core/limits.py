"""Input limits: the one place that says how much work any input may cause.

Every reader of observations (web upload, ``zielwerk import``, API writes), the Open SDG
metadata and catalogue front matter and the API's JSON bodies check these *before* the
expensive work (polars, fastexcel, YAML construction), so a small hostile file cannot take
a worker's time or memory. A limit that is hit is reported by name and value
(``zielwerk.messages`` words it; see docs/security.md, "Eingabegrenzen / Input limits").

Uploads in the workspace add their own, smaller limits on top (file size, unpacked size:
``zielwerk.workspace.services.upload_files``).
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path
from typing import IO, Any

import yaml

MAX_COLUMNS = 500
"""Columns of one table (CSV, XLSX sheet, Parquet). Tidy files have 7; the widest Open SDG
data files have a few dozen disaggregations."""
MAX_ROWS = 2_000_000
"""Data rows of one table (the bundled municipal files hold well under a million)."""
MAX_CELL_CHARS = 10_000
"""Characters in one cell (a series key of many dimensions stays far below)."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Unpacked size of a zip-based file (XLSX; uploads of zips have a smaller limit)."""
MAX_ARCHIVE_MEMBERS = 2000
"""Files in one zip-based file."""
MAX_COMPRESSION_RATIO = 200
"""Unpacked to packed size of a zip-based file once it unpacks to more than
``RATIO_FROM_BYTES`` (real spreadsheets compress about 5 to 20 times)."""
RATIO_FROM_BYTES = 4 * 1024 * 1024
MAX_YAML_BYTES = 1024 * 1024
"""Size of one YAML document (a metadata page, a mapping file)."""
MAX_YAML_EVENTS = 200_000
"""Parser events (scalars, mappings, sequences) of one YAML document."""
MAX_JSON_DEPTH = 32
"""Nesting of arrays and objects in an API request body (observation rows need 2)."""

_CHUNK = 64 * 1024


class LimitExceeded(ValueError):
    """An input beyond a limit: ``limit`` names it (``max_columns`` …), ``value`` is the
    limit's value and ``found`` what the input has (when known)."""

    def __init__(self, limit: str, value: int, found: int | str | None = None) -> None:
        super().__init__(f"{limit}={value} exceeded ({found})")
        self.limit = limit
        self.value = value
        self.found = found


class ArchiveCorrupt(ValueError):
    """A zip whose headers do not match its content (``member`` names the file)."""

    def __init__(self, member: str, reason: str) -> None:
        super().__init__(f"{member}: {reason}")
        self.member = member
        self.reason = reason


# -- zip-based files -------------------------------------------------------------------


def _inflated_size(handle: IO[bytes], info: zipfile.ZipInfo, budget: int) -> int:
    """The real unpacked size of a member (up to just over ``budget``), read from its
    compressed data: the size in the header may lie, and not every reader trusts it."""
    import zlib

    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise ArchiveCorrupt(info.filename, "header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    if info.flag_bits & 0x1:
        raise ArchiveCorrupt(info.filename, "encrypted")
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveCorrupt(info.filename, "compression")
    inflater = zlib.decompressobj(-15)
    size, left = 0, info.compress_size
    try:
        while left > 0 and size <= budget:
            chunk = handle.read(min(left, _CHUNK))
            if not chunk:
                break
            left -= len(chunk)
            size += len(inflater.decompress(chunk, budget + 1 - size))
            while inflater.unconsumed_tail and size <= budget:
                size += len(inflater.decompress(inflater.unconsumed_tail, budget + 1 - size))
    except zlib.error as exc:
        raise ArchiveCorrupt(info.filename, "data") from exc
    return size


def archive_check(
    source: Path | IO[bytes],
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_members: int = MAX_ARCHIVE_MEMBERS,
) -> None:
    """Refuse a zip-based file before anything unpacks it.

    Raises ``LimitExceeded`` (members, unpacked size, compression ratio), ``ArchiveCorrupt``
    (a size in a header that does not match the data) or ``zipfile.BadZipFile``. The
    declared sizes are checked first (cheap), then every member is inflated into nothing,
    stopping one byte past its declared size: a bomb, honest or lying about its size, costs
    at most ``max_unpacked`` bytes of inflating and never that much memory.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("a.xml", "0" * 10_000_000)
    >>> try:
    ...     archive_check(buffer, max_unpacked=1_000_000)
    ... except LimitExceeded as exc:
    ...     (exc.limit, exc.value)
    ('max_unpacked_bytes', 1000000)
    """
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise LimitExceeded("max_archive_members", max_members, len(members))
        declared = sum(m.file_size for m in members)
        if declared > max_unpacked:
            raise LimitExceeded("max_unpacked_bytes", max_unpacked, declared)
        handle = archive.fp
        assert handle is not None
        total, packed = 0, 0
        for member in members:
            # Inflating stops one byte past the declared size: a lie costs no more than that.
            size = _inflated_size(handle, member, member.file_size)
            if size != member.file_size:
                raise ArchiveCorrupt(member.filename, "size")
            total += size
            packed += member.compress_size
    if total > RATIO_FROM_BYTES and total > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise LimitExceeded("max_compression_ratio", MAX_COMPRESSION_RATIO, total // max(packed, 1))


# -- YAML ------------------------------------------------------------------------------

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_load(text: str) -> Any:
    """Load YAML safely and boundedly: aliases (``*name``, the "billion laughs") are refused,
    as are documents over ``MAX_YAML_BYTES`` or ``MAX_YAML_EVENTS``; raises
    ``LimitExceeded`` (or ``yaml.YAMLError`` for broken YAML).

    >>> yaml_load("goal: 7\\nname: Energie")
    {'goal': 7, 'name': 'Energie'}
    >>> try:
    ...     yaml_load("a: &x [1]\\nb: [*x, *x]")
    ... except LimitExceeded as exc:
    ...     exc.limit
    'yaml_aliases'
    """
    if len(text) > MAX_YAML_BYTES:
        raise LimitExceeded("max_yaml_bytes", MAX_YAML_BYTES, len(text))
    # Events are cheap (aliases are not expanded by the parser); construction is not.
    for count, event in enumerate(yaml.parse(text, Loader=_LOADER), start=1):
        if isinstance(event, yaml.AliasEvent):
            raise LimitExceeded("yaml_aliases", 0, event.anchor)
        if count > MAX_YAML_EVENTS:
            raise LimitExceeded("max_yaml_events", MAX_YAML_EVENTS)
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


# -- JSON ------------------------------------------------------------------------------


def _json_depth(data: Any) -> None:
    """Walk the parsed JSON without recursion: depth and lone surrogates."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                found = repr(item[exc.start : exc.end])
                raise LimitExceeded("unicode_surrogate", 0, found) from None
            continue
        if isinstance(item, dict):
            children: list[Any] = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise LimitExceeded("max_json_depth", MAX_JSON_DEPTH)
        stack.extend((child, depth + 1) for child in children)


def json_load(body: bytes | str) -> Any:
    """Parse a JSON request body: nesting deeper than ``MAX_JSON_DEPTH`` and strings that are
    no Unicode text (a lone surrogate ``"\\ud800"``) raise ``LimitExceeded``; broken JSON
    raises ``ValueError``.

    >>> json_load(b'[{"year": 2024}]')
    [{'year': 2024}]
    >>> try:
    ...     json_load('["\\\\ud800"]')
    ... except LimitExceeded as exc:
    ...     exc.limit
    'unicode_surrogate'
    """
    try:
        data = json.loads(body)
    except RecursionError as exc:
        raise LimitExceeded("max_json_depth", MAX_JSON_DEPTH) from exc
    _json_depth(data)
    return data
