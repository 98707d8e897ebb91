"""Rate limiting failed logins: at most ``LIMIT`` failures per username and IP address in
``WINDOW`` seconds, counted in the cache (shared between app servers when Redis is set)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

LIMIT = 5
WINDOW = 15 * 60


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().casefold()}|{ip}".encode()).hexdigest()
    return f"zw:login-failures:{digest}"


def login_blocked(*, username: str, ip: str) -> bool:
    """Whether this username may not try again from this address for now."""
    return int(cache.get(_key(username, ip), 0)) >= LIMIT


def login_failure_record(*, username: str, ip: str) -> int:
    """Count one failure; returns the failures in the current window."""
    key = _key(username, ip)
    if cache.add(key, 1, WINDOW):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


def login_failures_clear(*, username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
