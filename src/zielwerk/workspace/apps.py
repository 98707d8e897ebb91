from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "zielwerk.workspace"
    verbose_name = _("Arbeitsbereich")

    def ready(self) -> None:
        from zielwerk.accounts.gdpr import register_exporter

        from .services.audit import audit_export

        register_exporter("audit_entries", audit_export)

        from zielwerk.monitoring import council

        from .selectors import targets

        council.register(targets.CouncilTargetProvider())
