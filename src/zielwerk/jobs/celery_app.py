"""The Celery worker application: ``celery -A zielwerk.jobs.celery_app worker -Q zielwerk``.

It reads its broker from the Django settings (the ``default`` entry of ``TASKS``, see
``zielwerk.web.settings``) and runs the django-tasks tasks that ``CeleryBackend`` sends.
"""

from __future__ import annotations

import os
from typing import Any, cast

import django
from celery import Celery  # type: ignore[import-untyped]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zielwerk.web.settings")
django.setup()

from django.conf import settings  # noqa: E402  (after setup)
from django.db import close_old_connections  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from .celery_backend import CELERY_TASK_NAME, DEFAULT_CELERY_QUEUE  # noqa: E402

_options = cast(dict[str, Any], settings.TASKS["default"].get("OPTIONS", {}))
app = Celery("zielwerk", broker=_options.get("BROKER_URL", ""))
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    task_default_queue=_options.get("CELERY_QUEUE", DEFAULT_CELERY_QUEUE),
    task_ignore_result=True,
    task_acks_late=True,  # a task of a worker that dies is delivered again (a job runs once)
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
)


@app.task(name=CELERY_TASK_NAME)
def run_django_task(module_path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Import the django-tasks task at ``module_path`` and run it here."""
    close_old_connections()
    try:
        import_string(module_path).call(*args, **kwargs)
    finally:
        close_old_connections()
