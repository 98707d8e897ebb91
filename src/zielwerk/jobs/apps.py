from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "zielwerk.jobs"
    verbose_name = _("Aufgaben")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permission)
