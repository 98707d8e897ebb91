"""German regions keyed by the official 12-digit ARS (and 8-digit AGS)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        BUND = "bund", _("Bund")
        LAND = "land", _("Land")
        REGIERUNGSBEZIRK = "rbz", _("Regierungsbezirk")
        KREIS = "kreis", _("Kreis")
        GEMEINDE = "gemeinde", _("Gemeinde")

    ars = models.CharField(_("Regionalschlüssel (ARS)"), max_length=12, unique=True)
    ags = models.CharField(_("Gemeindeschlüssel (AGS)"), max_length=8, db_index=True)
    name = models.CharField(_("Name"), max_length=200, db_index=True)
    kind = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    level = models.CharField(_("Ebene"), max_length=8, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    population = models.PositiveBigIntegerField(_("Bevölkerung"), null=True, blank=True)
    area_ha = models.PositiveBigIntegerField(_("Fläche (ha)"), null=True, blank=True)
    nuts = models.CharField(_("NUTS"), max_length=5, blank=True)

    class Meta:
        ordering = ["ars"]
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")

    def __str__(self) -> str:
        return f"{self.name} ({self.ars})"
