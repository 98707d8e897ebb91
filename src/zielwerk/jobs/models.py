"""A job: one piece of long work started by a person, run by a task worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("Aufgabe", "wartend")
        RUNNING = "running", pgettext_lazy("Aufgabe", "läuft")
        DONE = "done", pgettext_lazy("Aufgabe", "fertig")
        FAILED = "failed", pgettext_lazy("Aufgabe", "fehlgeschlagen")

    FINISHED = (State.DONE, State.FAILED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name=_("gestartet von"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("Organisation"),
    )
    kind = models.CharField(_("Art"), max_length=64)
    label = models.CharField(_("Bezeichnung"), max_length=200)
    function_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="de")
    state = models.CharField(
        _("Zustand"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    done = models.PositiveIntegerField(_("erledigt"), default=0)
    total = models.PositiveIntegerField(_("gesamt"), default=0)
    step = models.CharField(_("Schritt"), max_length=300, blank=True)
    failure = models.TextField(_("Grund des Scheiterns"), blank=True)
    # The result: a file kept for the job (path relative to the jobs folder, served by the job's
    # download view) and/or a link to an object the job made or changed.
    result_path = models.CharField(max_length=500, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=200, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int | None:
        """Progress in whole percent, None while the total is unknown."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return None
        return min(100, 100 * self.done // self.total)

    @property
    def result_link(self) -> str:
        """Where the result is: the stored file's download, else the linked object."""
        if self.state != self.State.DONE:
            return ""
        if self.result_path:
            return reverse("jobs:result", args=[self.pk])
        return self.result_url
