"""Rate limiting logins: at most ``LIMIT`` failed tries per username and IP address in
``WINDOW`` seconds, for every login form (the site's and the Django admin's).

The counters live in the cache named by ``ZIELWERK_RATE_LIMIT_CACHE`` (the "shared" cache:
a database table or Redis, seen by every worker process). Each try is counted *before* the
password is checked, with an atomic add/increment, so parallel requests on several workers
cannot slip past the limit; a successful login clears the count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import BaseCache, caches

LIMIT = 5
WINDOW = 15 * 60


def _cache() -> BaseCache:
    return caches[getattr(settings, "ZIELWERK_RATE_LIMIT_CACHE", "default")]


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().casefold()}|{ip}".encode()).hexdigest()
    return f"zw:login-failures:{digest}"


def counter_hit(cache: BaseCache, key: str, timeout: int) -> int:
    """Add one to the counter ``key`` (created with ``timeout`` seconds to live); the new
    count. Atomic on the database cache (``zielwerk.web.cache``: one statement on its
    counters table) and on Redis (add, then incr)."""
    hit = getattr(cache, "hit", None)
    if hit is not None:
        return int(hit(key, timeout))
    if cache.add(key, 1, timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def login_attempt_allowed(*, username: str, ip: str) -> bool:
    """Count one try of this username from this address; whether it may be checked (the
    first ``LIMIT`` tries in the window) or is refused without looking at the password."""
    return counter_hit(_cache(), _key(username, ip), WINDOW) <= LIMIT


def counter_clear(cache: BaseCache, key: str) -> None:
    """Forget the counter ``key``."""
    unhit = getattr(cache, "unhit", None)
    if unhit is not None:
        unhit(key)
    else:
        cache.delete(key)


def login_failures_clear(*, username: str, ip: str) -> None:
    counter_clear(_cache(), _key(username, ip))
