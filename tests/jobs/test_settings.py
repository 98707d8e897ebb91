"""``ZIELWERK_TASKS_BACKEND`` and the Celery broker variables select the task backend."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHOW = "from zielwerk.web import settings as s; print(s.TASKS['default'])"


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZIELWERK_CELERY", "ZIELWERK_REDIS", "ZIELWERK_TASKS"))
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW], env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django_tasks_db.DatabaseBackend"),
        ({"ZIELWERK_TASKS_BACKEND": "database"}, "django_tasks_db.DatabaseBackend"),
        ({"ZIELWERK_TASKS_BACKEND": "immediate"}, "ImmediateBackend"),
        (
            {"ZIELWERK_TASKS_BACKEND": "celery", "ZIELWERK_CELERY_BROKER_URL": "redis://b:6379/1"},
            "'BROKER_URL': 'redis://b:6379/1', 'CELERY_QUEUE': 'zielwerk'",
        ),
        (
            {"ZIELWERK_TASKS_BACKEND": "Celery", "ZIELWERK_REDIS_URL": "redis://r:6379/0"},
            "'BROKER_URL': 'redis://r:6379/0'",
        ),
        (
            {
                "ZIELWERK_TASKS_BACKEND": "celery",
                "ZIELWERK_CELERY_BROKER_URL": "redis://b:6379/1",
                "ZIELWERK_CELERY_QUEUE": "gross",
            },
            "'CELERY_QUEUE': 'gross'",
        ),
    ],
)
def test_backend_chosen_by_the_environment(env, backend):
    done = _settings(**env)
    assert done.returncode == 0, done.stderr
    assert backend in done.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ZIELWERK_TASKS_BACKEND": "rq"}, "ZIELWERK_TASKS_BACKEND must be one of"),
        ({"ZIELWERK_TASKS_BACKEND": "celery"}, "needs ZIELWERK_CELERY_BROKER_URL"),
    ],
)
def test_refuses_to_start_without_a_usable_backend(env, message):
    done = _settings(**env)
    assert done.returncode != 0
    assert message in done.stderr
