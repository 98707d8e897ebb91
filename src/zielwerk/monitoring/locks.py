"""Locks that serialise writers across processes, workers and machines.

Two kinds, both without a table of their own:

- ``exclusive(name, wait=…)`` – a named lock held for a whole operation (an import: its
  write, assessments and peer standings). PostgreSQL: a session advisory lock
  (``pg_try_advisory_lock``), polled until ``wait`` seconds have passed; SQLite: an
  ``flock`` on ``<name>.lock`` beside the database file (the data directory). Re-entrant
  within a thread; a process that dies releases it (connection closed, file closed). After
  ``wait`` seconds it raises ``Busy``.
- ``transaction_lock(name)`` – inside ``transaction.atomic()``: serialise the transactions
  that read and then write the same data (check-then-write, e.g. drafts compared with the
  values a person last saw). PostgreSQL: ``pg_advisory_xact_lock``; SQLite has one writer,
  so the transaction claims the write lock at once (like ``BEGIN IMMEDIATE``). Released at
  commit or rollback.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connections

IMPORT = "zielwerk-import"
"""The lock every import's write phase takes."""

_POLL = 0.2
_held = threading.local()


class Busy(Exception):
    """Another process holds the lock ``name``; waited ``waited`` seconds."""

    def __init__(self, name: str, waited: float) -> None:
        super().__init__(f"{name} is held by another process (waited {waited:g} s)")
        self.name = name
        self.waited = waited


def _key(name: str) -> int:
    """A signed 64-bit advisory lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def _lock_file(name: str, using: str) -> Path:
    """``<name>.lock`` beside the SQLite file; for an in-memory database (one process's
    own) a file of this process in a temporary folder."""
    database = str(connections[using].settings_dict.get("NAME") or "")
    if database and "memory" not in database and not database.startswith("file:"):
        folder = Path(database).resolve().parent
    else:
        folder = Path(tempfile.gettempdir()) / f"zielwerk-locks-{os.getuid()}"
        folder.mkdir(exist_ok=True)
        name = f"{name}-{os.getpid()}-{hashlib.sha256(database.encode()).hexdigest()[:12]}"
    return folder / f"{name}.lock"


def _poll(attempt: object, name: str, wait: float) -> None:
    started = time.monotonic()
    while not attempt():  # type: ignore[operator]
        waited = time.monotonic() - started
        if waited >= wait:
            raise Busy(name, round(waited, 1))
        time.sleep(min(_POLL, max(wait - waited, 0.01)))


@contextmanager
def exclusive(name: str, *, wait: float, using: str = "default") -> Iterator[None]:
    """Hold the lock ``name`` for the block; wait up to ``wait`` seconds, then ``Busy``.

    Inside a transaction on PostgreSQL the lock lasts until that transaction ends (what the
    block wrote becomes visible only then)."""
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(name):
        depth[name] += 1
        try:
            yield
        finally:
            depth[name] -= 1
        return
    connection = connections[using]
    release = (_pg_lock if connection.vendor == "postgresql" else _file_lock)(name, wait, using)
    depth[name] = 1
    try:
        yield
    except BaseException:
        depth[name] = 0
        release(False)
        raise
    depth[name] = 0
    release(True)


def _pg_lock(name: str, wait: float, using: str) -> Callable[[bool], None]:
    connection = connections[using]
    key = _key(name)
    scope = "_xact" if connection.in_atomic_block else ""  # xact: released at commit/rollback

    def attempt() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_try_advisory{scope}_lock(%s)", [key])
            return bool(cursor.fetchone()[0])

    _poll(attempt, name, wait)

    def release(_ok: bool) -> None:
        if scope:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except DatabaseError:
            connection.close()  # ending the session releases its locks

    return release


def _file_lock(name: str, wait: float, using: str) -> Callable[[bool], None]:
    handle = _lock_file(name, using).open("a")

    def attempt() -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    try:
        _poll(attempt, name, wait)
    except Busy:
        handle.close()
        raise

    def release(_ok: bool) -> None:
        # Closing the file releases the flock. Inside a longer transaction the next import
        # may then reach SQLite's own write lock first; it waits for it (busy timeout).
        handle.close()

    return release


def transaction_lock(name: str, *, using: str = "default") -> None:
    """Inside a transaction: wait for other transactions holding ``name`` to end, and hold
    it until this one ends (a check that precedes a write then stays true for the write)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
        elif connection.vendor == "sqlite":
            # A write that changes nothing takes SQLite's one write lock now, so the reads
            # that follow already see everything committed before this transaction's write.
            cursor.execute("UPDATE django_migrations SET id = id WHERE 0")
