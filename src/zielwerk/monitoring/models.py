"""Observations (one long table, as in SDMX and Open SDG), their imports and revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One run of ``zielwerk import`` (CLI, web upload or demo data): who, when, what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("Benutzer"),
    )
    actor = models.CharField(_("ausgeführt von"), max_length=150, blank=True)
    started_at = models.DateTimeField(_("Beginn"), auto_now_add=True)
    source = models.TextField(_("Quelle"), blank=True)
    edition = models.CharField(
        _("Ausgabe"),
        max_length=10,
        blank=True,
        help_text=_("Stand der Quelle (JJJJ, JJJJ-MM oder JJJJ-MM-TT); leer = nicht angegeben"),
    )
    file_name = models.CharField(_("Datei"), max_length=500, blank=True)
    file_format = models.CharField(_("Format"), max_length=20, blank=True)
    checksum = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(_("gelesen"), default=0)
    created = models.PositiveIntegerField(_("neu"), default=0)
    unchanged = models.PositiveIntegerField(_("unverändert"), default=0)
    revised = models.PositiveIntegerField(_("revidiert"), default=0)
    kept = models.PositiveIntegerField(_("neuere Werte behalten"), default=0)
    skipped = models.PositiveIntegerField(_("ausgelassen"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("Importlauf")
        verbose_name_plural = _("Importläufe")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """A value of an indicator for a region, series (disaggregation key) and year.

    This is the one big table. Its foreign keys have no database constraints and no own
    indexes: the import service resolves every id before writing (the only writer), Django
    still cascades deletes, the unique key and ``observation_region_idx`` cover lookups by
    indicator and by region, and a million-row import does not pay three constraint checks
    and three index updates per row (docs/data-import.md, "Performance").
    """

    indicator = models.ForeignKey(
        "catalogue.Indicator",
        on_delete=models.CASCADE,
        related_name="observations",
        db_constraint=False,
        db_index=False,
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="observations",
        db_constraint=False,
        db_index=False,
    )
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    year = models.SmallIntegerField(_("Jahr"))
    period = models.CharField(
        _("Zeitraum"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("wie veröffentlicht, wenn nicht ein Kalenderjahr (z. B. 2025/1)"),
    )
    value = models.FloatField(_("Wert"))
    unit = models.CharField(_("Einheit"), max_length=200, blank=True, default="")
    flags = models.CharField(
        _("Kennzeichen"),
        max_length=12,
        blank=True,
        default="",
        help_text=_("p vorläufig, s geschätzt, r berichtigt, | Zeitreihenbruch …"),
    )
    source = models.TextField(_("Quelle"), blank=True, default="")
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="observations",
        null=True,
        blank=True,
        db_constraint=False,
    )

    class Meta:
        ordering = ["indicator", "region", "series", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "series", "year"], name="observation_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["region", "indicator"], name="observation_region_idx"),
            # Keyset pages of one indicator in primary-key order (the API): an index range
            # scan, never a sort of the indicator's rows (docs/api.md, "Pagination").
            models.Index(fields=["indicator", "id"], name="observation_indicator_id_idx"),
        ]
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.series} {self.year}: {self.value}"


class ObservationRevision(models.Model):
    """The value an observation had before a newer import changed it."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.FloatField(_("bisheriger Wert"))
    old_unit = models.CharField(_("bisherige Einheit"), max_length=200, blank=True, default="")
    old_flags = models.CharField(_("bisherige Kennzeichen"), max_length=12, blank=True, default="")
    old_import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bisheriger Importlauf"),
    )
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("ändernder Importlauf"),
    )

    class Meta:
        ordering = ["observation", "-import_run"]
        verbose_name = _("Revision")
        verbose_name_plural = _("Revisionen")

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.old_value}"


class Assessment(models.Model):
    """A stored assessment result: one series (or one indicator) by one method.

    Computed from the published observations after each import (``assessments_refresh``),
    never on a page view. ``components`` holds the numbers the status was computed from
    (values, years, mean change, projection, growth rates, thresholds) so a reader can
    reproduce it by hand.
    """

    class Method(models.TextChoices):
        DNS = "dns", _("Wettersymbol der Nachhaltigkeitsstrategie")
        OPENSDG = "opensdg", _("Fortschritt nach Open SDG")
        EUROSTAT = "eurostat", _("Trend nach Eurostat (5 Jahre)")
        EUROSTAT_LONG = "eurostat15", _("Trend nach Eurostat (15 Jahre)")

    class Level(models.TextChoices):
        SERIES = "series", _("Reihe")
        INDICATOR = "indicator", _("Indikator")

    indicator = models.ForeignKey(
        "catalogue.Indicator", on_delete=models.CASCADE, related_name="assessments"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="assessments", null=True
    )
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    level = models.CharField(max_length=9, choices=Level.choices, default=Level.SERIES)
    method = models.CharField(_("Methode"), max_length=10, choices=Method.choices)
    status = models.CharField(_("Status"), max_length=30)
    score = models.FloatField(_("Punktwert"), null=True, blank=True)
    components = models.JSONField(_("Rechenweg"), default=dict)
    computed_at = models.DateTimeField(_("berechnet am"), auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        indexes = [models.Index(fields=["indicator", "method"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.series} {self.method}: {self.status}"


class PeerStanding(models.Model):
    """Where a region's latest value of a series stands among its peer group.

    Computed for all regions at once (``peers_refresh``, ``zielwerk.core.peers``) after
    imports, never on a page view. ``rank`` 1 is the best value in the desired direction;
    ``percentile`` is the value's position among the peers (0 lowest, 100 highest).
    """

    indicator = models.ForeignKey(
        "catalogue.Indicator", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    year = models.SmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Wert"))
    group = models.CharField(_("Vergleichsgruppe"), max_length=4)
    n = models.PositiveIntegerField(_("Anzahl in der Gruppe"))
    rank = models.PositiveIntegerField(_("Rang"))
    percentile = models.FloatField(_("Perzentil"), null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "series"], name="peerstanding_unique"
            )
        ]
        verbose_name = _("Stellung in der Vergleichsgruppe")
        verbose_name_plural = _("Stellungen in der Vergleichsgruppe")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.year}: {self.rank}/{self.n}"


class PeerBand(models.Model):
    """Median and interquartile band of a peer group for one series and year."""

    indicator = models.ForeignKey(
        "catalogue.Indicator", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    series = models.CharField(_("Reihe"), max_length=500, blank=True, default="")
    year = models.SmallIntegerField(_("Jahr"))
    group = models.CharField(_("Vergleichsgruppe"), max_length=4)
    n = models.PositiveIntegerField(_("Anzahl"))
    median = models.FloatField(_("Median"))
    q1 = models.FloatField(_("unteres Quartil"))
    q3 = models.FloatField(_("oberes Quartil"))
    minimum = models.FloatField(_("Minimum"))
    maximum = models.FloatField(_("Maximum"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "group", "series", "year"], name="peerband_unique"
            )
        ]
        verbose_name = _("Band der Vergleichsgruppe")
        verbose_name_plural = _("Bänder der Vergleichsgruppe")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.group} {self.year}: {self.median}"
