"""Browser tests: a real server (gunicorn, production settings) and Debian's Chromium.

The server runs on its own SQLite file with the bundled catalogue and regions loaded, exactly as a
user's instance. Without Chromium the tests are skipped, and pytest says why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ZIELWERK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not Path(CHROMIUM).exists():
        reason = "Browser-Tests übersprungen: Chromium fehlt (apt-get install chromium)"
    elif not AXE.exists():
        reason = "Browser-Tests übersprungen: axe-core fehlt (npm ci)"
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "zielwerk"), *args], env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("instance")
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(data_dir),
        "ZIELWERK_DEBUG": "0",
        "ZIELWERK_SECRET_KEY": "browser-test-" + "k" * 50,
        "ZIELWERK_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZIELWERK_SSL_REDIRECT": "0",
        "ZIELWERK_SECURE_COOKIES": "0",
        "ZIELWERK_STATIC_MANIFEST": "1",
        # e-mails (invitation links) as files in the instance, for the journey tests
        "ZIELWERK_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "ZIELWERK_EMAIL_FILE_PATH": str(data_dir / "mail"),
    }
    env.pop("DATABASE_URL", None)
    for command in (("migrate", "--noinput"), ("load_regions",), ("load_catalogue",)):
        _manage(env, *command)
    _manage(env, "collectstatic", "--noinput")
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "zielwerk.web.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # As `make run`: a task worker beside the web server (publishing, reports, exports).
    worker = subprocess.Popen(
        [str(BIN / "zielwerk"), "db_worker", "--no-reload", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        worker.kill()
        raise RuntimeError("Testserver startete nicht")
    yield url
    for process in (proc, worker):
        process.terminate()
    proc.wait(timeout=10)
    worker.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    # axe-core is injected as an inline script, which the pages' CSP forbids; the CSP itself is
    # checked in test_csp.py with a context that keeps it.
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def instance_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the shared server's instance, for ``zielwerk`` commands on it."""
    instances = sorted(tmp_path_factory.getbasetemp().glob("instance*"))
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(instances[0]),
        "ZIELWERK_DEBUG": "0",
        "ZIELWERK_SECRET_KEY": "browser-test-" + "k" * 50,
        "ZIELWERK_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    return env


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core in the page; return serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


MUNICIPAL_EDITIONS = ("inkar-2024", "deutschlandatlas-2026-04")


@pytest.fixture(scope="session")
def municipal(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Real bundled municipal data (INKAR 2024 and Deutschlandatlas 2026-04, sliced to
    Nordrhein-Westfalen and Germany) imported once into the shared server with
    ``zielwerk import``, which also computes the peer standings."""
    import polars as pl

    from zielwerk.monitoring.services.municipal import MUNICIPAL_DIR

    folder = tmp_path_factory.mktemp("municipal-slice")
    env = instance_env(tmp_path_factory)
    for edition in MUNICIPAL_EDITIONS:
        path = Path(folder, f"{edition}.parquet")
        pl.read_parquet(MUNICIPAL_DIR / "observations" / path.name).filter(
            pl.col("region").str.starts_with("05") | (pl.col("region") == "000000000000")
        ).write_parquet(path)
        done = subprocess.run(
            [str(BIN / "zielwerk"), "import", str(path), "--source", edition, "--no-progress",
             "--codes", "kom"],
            env=env,
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    return server_url
