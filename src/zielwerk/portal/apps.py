from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zielwerk.portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        """Catalogue edits through the ORM (admin, shell) make cached pages stale: bump the
        catalogue stamp (see ``rendering.catalogue_stamp``)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from zielwerk.catalogue import models as catalogue
        from zielwerk.catalogue.signals import catalogue_loaded

        from .rendering import bump_catalogue

        receiver = bump_catalogue
        catalogue_loaded.connect(receiver, dispatch_uid="zw-catalogue-loaded")
        for model in (
            catalogue.Goal,
            catalogue.Target,
            catalogue.Indicator,
            catalogue.DnsTarget,
            catalogue.PublishedTarget,
            catalogue.PublishedWeather,
        ):
            post_save.connect(receiver, sender=model, dispatch_uid=f"zw-catalogue-save-{model}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"zw-catalogue-del-{model}")
        links = (catalogue.Indicator.targets.through, catalogue.Indicator.un_indicators.through)
        for through in links:
            m2m_changed.connect(receiver, sender=through, dispatch_uid=f"zw-m2m-{through}")
