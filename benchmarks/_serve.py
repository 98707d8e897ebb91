"""gunicorn for the load benchmarks: the project's ``gunicorn.conf.py``, started and waited for."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_gunicorn(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    """gunicorn with ``workers`` workers on ``port``, answering ``/api/v1/goals``."""
    command = [
        *(sys.executable, "-m", "gunicorn", "zielwerk.web.wsgi:application"),
        *("--config", str(ROOT / "gunicorn.conf.py")),
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
    ]
    server = subprocess.Popen(command, env=env)  # noqa: S603 — fixed arguments
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/goals", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")
