"""The workspace of an organisation: its indicator set, own indicators, targets adopted by
the council, draft observations and uploads awaiting confirmation, and the audit trail.

Published observations live in ``monitoring.Observation``; drafts stay here until a
publisher publishes them through the monitoring import service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import DnsTarget, Indicator
from zielwerk.core.targets import TargetSpec

_USER = settings.AUTH_USER_MODEL


class IndicatorSelection(models.Model):
    """An indicator the organisation monitors (its set from the kit)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicator_selections"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("ausgewählt am"), auto_now_add=True)

    class Meta:
        ordering = ["indicator__framework", "indicator__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator"], name="indicatorselection_unique"
            )
        ]
        verbose_name = _("ausgewählter Indikator")
        verbose_name_plural = _("ausgewählte Indikatoren")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.indicator_id}"


class OwnIndicator(models.Model):
    """An organisation's own indicator: a catalogue indicator of framework ``own``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="own_indicators"
    )
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="owner")
    number = models.PositiveIntegerField(_("laufende Nummer"))
    source = models.TextField(_("Quelle"), blank=True)
    source_code = models.CharField(
        _("Code in der Quelle"),
        max_length=100,
        blank=True,
        help_text=_("die eigene Nummer des Indikators im importierten Repository, z. B. 8.1"),
    )
    # Changes to the public texts of a published indicator, waiting for review (field: value;
    # ``goal`` a number, ``targets`` a list of codes); empty when nothing waits.
    pending = models.JSONField(_("Änderungen zur Prüfung"), default=dict, blank=True)

    class Meta:
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="ownindicator_number"),
            models.UniqueConstraint(
                fields=["organisation", "source_code"],
                condition=~models.Q(source_code=""),
                name="ownindicator_source_code",
            ),
        ]
        verbose_name = _("eigener Indikator")
        verbose_name_plural = _("eigene Indikatoren")

    def __str__(self) -> str:
        return str(self.indicator_id)


class OrganisationTarget(models.Model):
    """One version of a target adopted by the organisation's council.

    A change never overwrites: it adds a version with the next number for the same
    indicator, region and series. The latest version counts; a draft counts once published.
    """

    Kind = DnsTarget.Kind
    Direction = Indicator.Direction

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    unit = models.CharField(
        _("Einheit"),
        max_length=100,
        blank=True,
        default="",
        help_text=_(
            "Code aus dem Einheitenverzeichnis; das Ziel gilt nur für Reihen in dieser Einheit"
        ),
    )
    version = models.PositiveIntegerField(_("Version"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    direction = models.CharField(
        _("Richtung"), max_length=8, choices=Direction.choices, blank=True, default=""
    )
    target_value = models.FloatField(_("Zielwert"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    base_year = models.PositiveSmallIntegerField(_("Basisjahr"), null=True, blank=True)
    limit = models.FloatField(_("natürliche Grenze"), null=True, blank=True)
    decision_date = models.DateField(_("Datum des Ratsbeschlusses"))
    decision_reference = models.CharField(_("Beschlussnummer"), max_length=200)
    decision_link = models.URLField(_("Link zum Beschluss"), max_length=500, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    published_at = models.DateTimeField(_("veröffentlicht"), null=True, blank=True)
    published_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator__sort_key", "series", "-version"]
        verbose_name = _("Ziel der Organisation")
        verbose_name_plural = _("Ziele der Organisation")

    def __str__(self) -> str:
        return f"{self.indicator_id} v{self.version}"

    def to_spec(self) -> TargetSpec:
        """The target as the core's ``TargetSpec`` (for the assessment methods)."""
        return TargetSpec(
            indicator=self.indicator.code,
            kind=self.kind,  # type: ignore[arg-type]
            direction=self.direction or None,  # type: ignore[arg-type]
            target_value=self.target_value,
            target_year=self.target_year,
            base_year=self.base_year,
            limit=self.limit,
            region=self.region.ars if self.region_id else "",  # type: ignore[union-attr]
            series=self.series,
            extra={
                "unit": self.unit,
                "scope": "council",
                "reference": f"{self.decision_reference} ({self.decision_date.isoformat()})",
            },
        )


class StagedObservation(models.Model):
    """A draft value: entered in the grid or from a confirmed upload, not yet published."""

    class Origin(models.TextChoices):
        GRID = "grid", _("Dateneingabe")
        UPLOAD = "upload", _("Datei-Upload")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staged_observations"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    year = models.SmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Wert"))
    unit = models.CharField(_("Einheit"), max_length=200, blank=True, default="")
    flags = models.CharField(_("Kennzeichen"), max_length=12, blank=True, default="")
    source = models.TextField(_("Quelle"), blank=True, default="")
    origin = models.CharField(_("Herkunft"), max_length=6, choices=Origin.choices)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["indicator__sort_key", "region__ars", "series", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "region", "series", "year"],
                name="stagedobservation_unique",
            )
        ]
        verbose_name = _("Entwurfswert")
        verbose_name_plural = _("Entwurfswerte")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.series} {self.year}: {self.value}"


class Upload(models.Model):
    """An uploaded file between preview and confirmation (its bytes are kept until then)."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("wird geprüft")
        CHECKED = "checked", _("geprüft, wartet auf Bestätigung")
        INVALID = "invalid", _("fehlerhaft")
        CONFIRMED = "confirmed", _("übernommen")
        DISCARDED = "discarded", _("verworfen")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uploads")
    file_name = models.CharField(_("Datei"), max_length=255)
    content = models.BinaryField(_("Inhalt"), editable=False)
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    checksum = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    source = models.TextField(_("Quelle"), blank=True)
    codes = models.CharField(
        _("Codesystem der Indikatorcodes"),
        max_length=10,
        default="catalogue",
        help_text=_("catalogue, un, dns oder kom: Codes werden nur darin gesucht"),
    )
    status = models.CharField(_("Status"), max_length=9, choices=Status.choices)
    rows = models.PositiveIntegerField(_("Zeilen"), default=0)
    check_result = models.JSONField(
        _("Prüfergebnis"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Probleme und Vorschau der Prüfung, gespeichert beim Hochladen"),
    )
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Upload")
        verbose_name_plural = _("Uploads")

    def __str__(self) -> str:
        return self.file_name


class AuditEntry(models.Model):
    """One change: who (``user`` empty = deleted person), when, what, old → new, source."""

    class Action(models.TextChoices):
        SELECTION_ADDED = "selection_added", _("Indikator ausgewählt")
        SELECTION_REMOVED = "selection_removed", _("Indikator abgewählt")
        INDICATOR_CREATED = "indicator_created", _("eigener Indikator angelegt")
        INDICATOR_CHANGED = "indicator_changed", _("Indikator-Metadaten geändert")
        INDICATOR_PUBLISHED = "indicator_published", _("eigener Indikator veröffentlicht")
        TARGET_CREATED = "target_created", _("Zielversion angelegt")
        TARGET_PUBLISHED = "target_published", _("Ziel veröffentlicht")
        OBSERVATION_DRAFTED = "observation_drafted", _("Wert als Entwurf erfasst")
        OBSERVATION_DISCARDED = "observation_discarded", _("Entwurfswert verworfen")
        OBSERVATION_PUBLISHED = "observation_published", _("Wert veröffentlicht")
        UPLOAD_CONFIRMED = "upload_confirmed", _("Datei übernommen")
        REPORT_CREATED = "report_created", _("Bericht angelegt")
        REPORT_CHANGED = "report_changed", _("Bericht geändert")
        REPORT_TEXT_SAVED = "report_text_saved", _("Berichtstext als Entwurf gespeichert")
        REPORT_PUBLISHED = "report_published", _("Bericht veröffentlicht")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_entries"
    )
    user = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("Aktion"), max_length=24, choices=Action.choices)
    subject = models.CharField(_("Gegenstand"), max_length=500)
    old_value = models.TextField(_("bisher"), blank=True)
    new_value = models.TextField(_("neu"), blank=True)
    source = models.TextField(_("Quelle"), blank=True)
    import_run = models.ForeignKey(
        "monitoring.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokolleinträge")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"
