"""The Celery backend against the real Redis: a worker process runs a job to done.

Everything runs in subprocesses on one SQLite file (the test database of pytest lives in
memory, where a worker process cannot see it): ``migrate``, a Celery worker on a queue of its
own, ``start`` in a ``zielwerk shell``; the test reads the job's row from the file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BROKER = os.environ.get("ZIELWERK_TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_timeout=2).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not _redis_answers(), reason=f"Celery-Test übersprungen: {BROKER} antwortet nicht"
    ),
]


def _forget(queue: str) -> None:
    """Remove what the queue left on the broker (kombu's bindings of the queue)."""
    import redis

    broker = redis.Redis.from_url(BROKER)
    for key in broker.scan_iter(match=f"*{queue}*"):
        broker.delete(key)


@pytest.fixture
def instance(tmp_path):
    queue = f"zw-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "ZIELWERK_DATA_DIR": str(tmp_path),
        "ZIELWERK_TASKS_BACKEND": "celery",
        "ZIELWERK_CELERY_BROKER_URL": BROKER,
        "ZIELWERK_CELERY_QUEUE": queue,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [str(BIN / "zielwerk"), "migrate", "--noinput"], env=env, check=True, capture_output=True
    )
    worker = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "zielwerk.jobs.celery_app",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield env, tmp_path
    worker.terminate()
    out, _ = worker.communicate(timeout=20)
    _forget(queue)
    print(out.decode(errors="replace")[-3000:])  # shown if the test failed


def _start(env, words):
    code = (
        "from zielwerk.jobs import services; "
        "job = services.start('test', 'tests.jobs.functions.count_words', owner=None, "
        f"label='Celery', words={words!r}); print(job.pk)"
    )
    done = subprocess.run(
        [str(BIN / "zielwerk"), "shell", "-c", code], env=env, check=True, capture_output=True
    )
    return int(done.stdout.split()[-1])


def test_celery_worker_runs_a_job_to_done(instance):
    env, data_dir = instance
    job_id = _start(env, ["rot", "grün", "blau"])
    row = None
    deadline = time.monotonic() + 90
    with sqlite3.connect(data_dir / "zielwerk.sqlite3") as db:
        while time.monotonic() < deadline:
            row = db.execute(
                "select state, done, total, result_path, task_result_id from jobs_job where id=?",
                (job_id,),
            ).fetchone()
            if row[0] in ("done", "failed"):
                break
            time.sleep(0.3)
    assert row is not None
    state, done, total, result_path, task_id = row
    assert (state, done, total) == ("done", 3, 3)
    assert len(task_id) == 32  # the id the backend gave the Celery message
    assert (data_dir / "jobs" / result_path).read_text(encoding="utf-8") == (
        "1 rot\n2 grün\n3 blau\n"
    )
