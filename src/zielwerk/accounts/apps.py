from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _cache_tables_create(using: str = "default", **_kwargs: Any) -> None:
    """The database cache tables (page cache, login and API rate limits) exist after every
    ``migrate``, on a fresh SQLite file as on PostgreSQL; idempotent."""
    call_command("createcachetable", database=using, verbosity=0)
    from django.core.cache import caches

    for alias in settings.CACHES:
        create = getattr(caches[alias], "create_counter_table", None)
        if create is not None:
            create()


class AccountsConfig(AppConfig):
    name = "zielwerk.accounts"
    verbose_name = _("Konten und Organisationen")

    def ready(self) -> None:
        post_migrate.connect(_cache_tables_create, sender=self, dispatch_uid="zw-cache-tables")
