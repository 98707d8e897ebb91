"""``zielwerk export-site DIR``: the documented spelling of ``export_site``."""

from zielwerk.portal.management.commands.export_site import Command

__all__ = ["Command"]
