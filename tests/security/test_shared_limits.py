"""Login lockout and API rate limit hold across the 4 worker processes of gunicorn.

Finding (issue 13): with ``gunicorn -w 4`` and the per-process default cache, 17 wrong passwords
went through before a lock instead of 5, and 2,400 API requests before the first 429 instead
of 600 a minute. The server here runs exactly like production (DEBUG off, 4 workers, a fresh
SQLite file; PostgreSQL too when the tests run with a PostgreSQL ``DATABASE_URL``); requests are
sent in parallel so that they land on different workers at the same time.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
API_LIMIT = 30
PASSWORD = "ein-langes-Test-Passwort-2026"  # a test account
RATE_LIMITED = "Zu viele fehlgeschlagene Anmeldeversuche"
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(tmp_path_factory.mktemp("shared-limits")),
        "ZIELWERK_DEBUG": "0",
        "ZIELWERK_SECRET_KEY": "shared-limits-test-" + "k" * 50,
        "ZIELWERK_ALLOWED_HOSTS": "127.0.0.1",
        "ZIELWERK_SSL_REDIRECT": "0",
        "ZIELWERK_SECURE_COOKIES": "0",
        "ZIELWERK_STATIC_MANIFEST": "0",
        "ZIELWERK_API_RATE_REQUESTS": str(API_LIMIT),
        "ZIELWERK_API_RATE_SECONDS": "3600",
    }
    env.pop("ZIELWERK_REDIS_URL", None)
    scratch = None
    if request.param == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        base = _postgres_url()
        if base is None:
            pytest.skip("PostgreSQL only when the tests run with a PostgreSQL DATABASE_URL")
        scratch = _pg_scratch(base)
        env["DATABASE_URL"] = scratch
    subprocess.run(
        [str(BIN / "zielwerk"), "migrate", "--noinput"], env=env, check=True, capture_output=True
    )
    create = (
        "from django.contrib.auth import get_user_model as m; U = m(); "
        f"U.objects.create_user('alice', 'alice@example.org', {PASSWORD!r}); "
        f"U.objects.create_superuser('root', 'root@example.org', {PASSWORD!r})"
    )
    subprocess.run(
        [str(BIN / "zielwerk"), "shell", "-c", create], env=env, check=True, capture_output=True
    )
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "zielwerk.web.wsgi", "-b", f"127.0.0.1:{port}", "-w", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/konto/anmelden/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if scratch:
            _pg_drop(scratch)


def _pg_scratch(base: str) -> str:
    import psycopg

    parts = urllib.parse.urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'zielwerk'}_shared_limits"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def _pg_drop(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _request(
    url: str, data: dict[str, str] | None = None, cookie: str = ""
) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _login(url: str, username: str, password: str) -> str:
    """One login try in a fresh session: "ok" (redirect), "locked" or "wrong"."""
    status, page, set_cookie = _request(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    assert token and cookie, (status, set_cookie)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    req = urllib.request.Request(url, data=body, headers={"Cookie": f"csrftoken={cookie.group(1)}"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=30) as response:
            page = response.read().decode()
    except urllib.error.HTTPError as error:
        if error.code == 302:
            return "ok"
        raise
    return "locked" if RATE_LIMITED in page else "wrong"


def _parallel(calls: int, function, *args):  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _i: function(*args), range(calls)))


@pytest.mark.parametrize("path", ["/konto/anmelden/", "/admin/login/"])
def test_login_locks_after_exactly_five_failures_across_workers(server: str, path: str) -> None:
    username = "alice" if path.startswith("/konto") else "root"
    results = _parallel(16, _login, server + path, username, "falsch")
    assert results.count("wrong") == 5, results
    assert results.count("locked") == 11, results
    # Now even the right password is refused, on every worker.
    assert _parallel(4, _login, server + path, username, PASSWORD) == ["locked"] * 4


def test_api_rate_limit_holds_across_workers(server: str) -> None:
    window = 3600
    if window - time.time() % window < 30:  # a fixed window is about to end: wait for it
        time.sleep(window - time.time() % window + 1)
    statuses = _parallel(3 * API_LIMIT, lambda: _request(server + "/api/v1/goals")[0])
    assert statuses.count(200) == API_LIMIT, statuses
    assert statuses.count(429) == 2 * API_LIMIT


@pytest.mark.django_db
def test_database_counters_count_expire_and_clear(monkeypatch):
    """One statement per hit on the counters table; an expired counter restarts at 1."""
    from django.core.cache import caches

    from zielwerk.accounts.ratelimit import counter_clear, counter_hit
    from zielwerk.web import cache as cache_module

    shared = caches["shared"]
    assert [counter_hit(shared, "k", 60) for _ in range(3)] == [1, 2, 3]
    later = cache_module.time.time() + 61
    monkeypatch.setattr(cache_module.time, "time", lambda: later)
    assert counter_hit(shared, "k", 60) == 1
    counter_clear(shared, "k")
    assert counter_hit(shared, "k", 60) == 1
