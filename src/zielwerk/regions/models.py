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
        ABROAD = "ausland", _("Region im Ausland")

    # German regions: the 12-digit ARS; regions abroad: "<country>-<code>" (core.regions.abroad).
    ars = models.CharField(_("Regionalschlüssel (ARS)"), max_length=19, unique=True)
    ags = models.CharField(_("Gemeindeschlüssel (AGS)"), max_length=8, db_index=True)
    name = models.CharField(_("Name"), max_length=200, db_index=True)
    # Case-folded name with umlauts spelled out (zielwerk.core.regions.fold_name), for search.
    name_folded = models.CharField(_("Suchname"), max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    level = models.CharField(_("Ebene"), max_length=8, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    population = models.PositiveBigIntegerField(_("Bevölkerung"), null=True, blank=True)
    area_ha = models.PositiveBigIntegerField(_("Fläche (ha)"), null=True, blank=True)
    nuts = models.CharField(_("NUTS"), max_length=5, blank=True)
    # BBSR settlement-structure type (zielwerk.core.peers): the peer group of a Kreis/Gemeinde.
    peer_type = models.CharField(_("Raumtyp (BBSR)"), max_length=4, blank=True, db_index=True)
    size_class = models.CharField(_("Größenklasse"), max_length=10, blank=True)
    central_function = models.CharField(_("zentralörtliche Funktion"), max_length=20, blank=True)
    country = models.CharField(_("Staat"), max_length=2, default="DE")
    scheme = models.CharField(
        _("Codesystem"), max_length=10, blank=True, help_text=_("im Ausland: z. B. GSS, NUTS, LAU")
    )
    code = models.CharField(_("Code im Codesystem"), max_length=16, blank=True)

    class Meta:
        ordering = ["ars"]
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")

    def __str__(self) -> str:
        return f"{self.name} ({self.ars})"


class RegionOutline(models.Model):
    """Simplified outline of a region in WGS84, as a GeoJSON geometry (Polygon/MultiPolygon).

    Kept apart from Region so that lists and searches never load geometry.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, primary_key=True, related_name="outline"
    )
    geojson = models.TextField(_("Umriss (GeoJSON)"))

    class Meta:
        verbose_name = _("Umriss")
        verbose_name_plural = _("Umrisse")

    def __str__(self) -> str:
        return str(self.region_id)
