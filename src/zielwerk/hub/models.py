"""City partnerships and networks of German municipalities (issue 16, knowledge and transfer hub).

Every record keeps its attribution: who created it (or which import), when, and its source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zielwerk.regions.models import Region

_USER = settings.AUTH_USER_MODEL


class Partnership(models.Model):
    """A partnership of a German municipality with a place in Germany or abroad.

    The partner keeps its name, country and coordinates as the source gives them; when the
    partner is itself a German municipality, ``partner_region`` links it."""

    class Kind(models.TextChoices):
        TWIN_TOWN = "staedtepartnerschaft", _("Städtepartnerschaft")
        ROLE_MODEL = "vorbild", _("Vorbild")
        KNOWLEDGE = "wissensaustausch", _("Wissensaustausch")
        CO_DEVELOPMENT = "entwicklung", _("gemeinsame Entwicklung")
        TRANSFER = "transfer", _("Transfer")
        PROJECT = "projekt", _("Projektpartnerschaft")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("Kommune")
    )
    partner_name = models.CharField(_("Partner"), max_length=200)
    partner_country = models.CharField(_("Staat des Partners"), max_length=100)
    partner_lat = models.FloatField(_("Breitengrad des Partners"), null=True, blank=True)
    partner_lon = models.FloatField(_("Längengrad des Partners"), null=True, blank=True)
    partner_region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Partner als Region in Deutschland"),
    )
    kind = models.CharField(
        _("Art"), max_length=24, choices=Kind.choices, default=Kind.TWIN_TOWN, db_index=True
    )
    since = models.PositiveSmallIntegerField(_("seit (Jahr)"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=300)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["region", "partner_country", "partner_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "partner_name", "partner_country"], name="partnership_unique"
            )
        ]
        verbose_name = _("Partnerschaft")
        verbose_name_plural = _("Partnerschaften")

    def __str__(self) -> str:
        return f"{self.region_id} – {self.partner_name} ({self.partner_country})"


class Network(models.Model):
    """A network of municipalities (e.g. Klima-Bündnis, Agenda-2030-Netzwerk)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    url = models.URLField(_("Webadresse"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    """A municipality's membership in a network."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="networks", verbose_name=_("Kommune")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="members", verbose_name=_("Netzwerk")
    )
    since = models.PositiveSmallIntegerField(_("seit (Jahr)"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["network", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "network"], name="networkmembership_unique")
        ]
        verbose_name = _("Netzwerkmitgliedschaft")
        verbose_name_plural = _("Netzwerkmitgliedschaften")

    def __str__(self) -> str:
        return f"{self.region_id} in {self.network}"
