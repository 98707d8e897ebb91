"""A django-tasks backend that hands tasks to Celery workers through a broker (Redis).

For large installations: several worker machines, a broker they share. Select it with
``ZIELWERK_TASKS_BACKEND=celery`` and ``ZIELWERK_CELERY_BROKER_URL`` (docs/configuration.md);
run the workers with ``celery -A zielwerk.jobs.celery_app worker -Q zielwerk``.

Only the task's path and its JSON arguments travel; the worker imports the django-tasks task
and calls it. Results live where the task writes them (a job writes its ``Job`` row), so this
backend keeps none (``supports_get_result = False``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from celery import Celery  # type: ignore[import-untyped]
from django.core import checks
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id, normalize_json
from typing_extensions import ParamSpec

T = TypeVar("T")
P = ParamSpec("P")

CELERY_TASK_NAME = "zielwerk.jobs.run_django_task"
DEFAULT_CELERY_QUEUE = "zielwerk"


class CeleryBackend(BaseTaskBackend):
    """``OPTIONS``: ``BROKER_URL`` (required) and ``CELERY_QUEUE`` (default ``zielwerk``)."""

    supports_defer = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.broker_url: str = self.options.get("BROKER_URL", "")
        self.celery_queue: str = self.options.get("CELERY_QUEUE", DEFAULT_CELERY_QUEUE)
        self._app: Celery | None = None

    @property
    def app(self) -> Celery:
        """A sending-only Celery app (created on first use: no broker connection at start-up)."""
        if self._app is None:
            self._app = Celery("zielwerk-sender", broker=self.broker_url, set_as_current=False)
            self._app.conf.update(task_serializer="json", broker_connection_retry=False)
        return self._app

    def enqueue(
        self,
        task: Task[P, T],
        args: P.args,  # type: ignore[valid-type]
        kwargs: P.kwargs,  # type: ignore[valid-type]
    ) -> TaskResult[T]:
        self.validate_task(task)
        result_id = get_random_id()
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))
        self.app.send_task(
            CELERY_TASK_NAME,
            args=[task.module_path, args, kwargs],
            task_id=result_id,
            queue=self.celery_queue,
            eta=task.run_after,
        )
        result: TaskResult[T] = TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        if self.broker_url:
            return []
        return [
            checks.Error(
                f"Task backend {self.alias!r} (Celery) has no BROKER_URL",
                hint="Set ZIELWERK_CELERY_BROKER_URL (or ZIELWERK_REDIS_URL).",
                id="zielwerk.jobs.E001",
            )
        ]
