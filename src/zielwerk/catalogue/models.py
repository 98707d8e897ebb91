"""The indicator catalogue: UN goals, targets and indicators, DNS indicators and their targets.

Codes are the keys users and files use: goal ``7``, target ``7.2``, UN indicator ``7.2.1``,
DNS indicator ``7.2.a``. UN and DNS indicator codes never collide (the last part of a UN code
is a number, of a DNS code a letter), and the municipal kit's codes start with ``K``
(``K1.1``), so one ``Indicator`` table holds all frameworks.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zielwerk.core.regions.codes import BUND_ARS
from zielwerk.core.targets import TargetSpec


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def _pick(german: str, english: str) -> str:
    """The English text when English is active and there is one, else the German."""
    return english if _english() and english else german


class BilingualTitle(models.Model):
    title_de = models.TextField(_("Titel (deutsch)"))
    title_en = models.TextField(_("Titel (englisch)"))

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        """The title in the active language, German when there is no English one."""
        return _pick(self.title_de, self.title_en)


class Goal(BilingualTitle):
    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    short_de = models.CharField(_("Kurztitel (deutsch)"), max_length=200)
    short_en = models.CharField(_("Kurztitel (englisch)"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")

    def __str__(self) -> str:
        return f"{self.number} {self.short_de}"

    @property
    def code(self) -> str:
        return str(self.number)

    @property
    def short(self) -> str:
        return _pick(self.short_de, self.short_en)


class Target(BilingualTitle):
    code = models.CharField(_("Code"), max_length=10, unique=True)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    sort_key = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("Unterziel")
        verbose_name_plural = _("Unterziele")

    def __str__(self) -> str:
        return self.code


class IndicatorManager(models.Manager["Indicator"]):
    def public(self) -> models.QuerySet[Indicator]:
        """Indicators the public may see: the catalogue's, and own indicators once a reviewer
        published them (nothing public without review)."""
        return self.filter(is_public=True)


class Indicator(BilingualTitle):
    class Framework(models.TextChoices):
        UN = "un", _("UN-Indikator")
        DNS = "dns", _("Indikator der Deutschen Nachhaltigkeitsstrategie")
        KIT = "kom", _("SDG-Indikator für Kommunen")
        OWN = "own", _("Eigener Indikator")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("steigend erwünscht")
        DECREASE = "decrease", _("fallend erwünscht")
        NONE = "", _("keine Richtung")

    code = models.CharField(_("Code"), max_length=40, unique=True)
    framework = models.CharField(max_length=3, choices=Framework.choices, db_index=True)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators")
    targets = models.ManyToManyField(Target, related_name="indicators", blank=True)
    sort_key = models.CharField(max_length=40, db_index=True)
    unsd_code = models.CharField(_("UNSD-Code"), max_length=20, blank=True)
    definition_de = models.TextField(_("Definition (deutsch)"), blank=True)
    definition_en = models.TextField(_("Definition (englisch)"), blank=True)
    unit = models.CharField(_("Einheit"), max_length=100, blank=True)
    direction = models.CharField(
        _("Richtung"), max_length=8, choices=Direction.choices, blank=True, default=""
    )
    metadata = models.JSONField(_("Metadaten"), default=dict, blank=True)
    political_target_de = models.TextField(_("Politisches Ziel (deutsch)"), blank=True)
    political_target_en = models.TextField(_("Politisches Ziel (englisch)"), blank=True)
    target_type_de = models.TextField(_("Art des Ziels (deutsch)"), blank=True)
    target_type_en = models.TextField(_("Art des Ziels (englisch)"), blank=True)
    un_indicators = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="dns_indicators",
        blank=True,
        verbose_name=_("verknüpfte UN-Indikatoren"),
    )
    # False for an own indicator until a reviewer publishes it (workspace review page).
    is_public = models.BooleanField(_("öffentlich"), default=True, db_index=True)

    objects = IndicatorManager()

    class Meta:
        ordering = ["framework", "sort_key"]
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")

    def __str__(self) -> str:
        return self.code

    @property
    def definition(self) -> str:
        return _pick(self.definition_de, self.definition_en)

    @property
    def political_target(self) -> str:
        return _pick(self.political_target_de, self.political_target_en)

    @property
    def target_type(self) -> str:
        return _pick(self.target_type_de, self.target_type_en)

    @property
    def section(self) -> str:
        """DNS: the strategy's area (Bereich), e.g. "Erneuerbare Energien"."""
        return _pick(self._meta_text("section_de"), self._meta_text("section_en"))

    @property
    def postulate(self) -> str:
        """DNS: the postulate (Postulat) the indicator measures."""
        return _pick(self._meta_text("postulate_de"), self._meta_text("postulate_en"))

    def _meta_text(self, key: str) -> str:
        value: Any = (self.metadata or {}).get(key, "")
        return str(value)


class DnsTarget(models.Model):
    """A political target of a DNS indicator in machine-readable form (targets file contract).

    National targets apply to Germany's series only (empty ``region`` = Germany, never "all
    regions") and only to series in their ``unit``: a municipality's series of the same
    indicator is assessed against its own council targets, or by direction only.
    """

    class Kind(models.TextChoices):
        YEAR = "year", _("Zielwert in einem Zieljahr")
        ANNUAL = "annual", _("in jedem Jahr einzuhalten")
        DIRECTION = "direction", _("Zielrichtung")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="dns_targets")
    number = models.PositiveSmallIntegerField(_("laufende Nummer"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    direction = models.CharField(
        _("Richtung"), max_length=8, choices=Indicator.Direction.choices, blank=True, default=""
    )
    target_value = models.FloatField(_("Zielwert"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    base_year = models.PositiveSmallIntegerField(_("Basisjahr"), null=True, blank=True)
    limit = models.FloatField(_("natürliche Grenze"), null=True, blank=True)
    region = models.CharField(_("Region"), max_length=12, blank=True)
    series = models.CharField(_("Reihe"), max_length=200, blank=True)
    unit = models.CharField(
        _("Einheit"),
        max_length=100,
        blank=True,
        help_text=_(
            "Code aus dem Einheitenverzeichnis; das Ziel gilt nur für Reihen in dieser Einheit"
        ),
    )
    label_de = models.TextField(_("Ziel in Worten"), blank=True)
    valid_from = models.CharField(_("gültig ab"), max_length=20, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    source_text = models.TextField(_("Quelltext"), blank=True)

    class Meta:
        ordering = ["indicator__sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="dnstarget_unique_number")
        ]
        verbose_name = _("DNS-Ziel")
        verbose_name_plural = _("DNS-Ziele")

    def __str__(self) -> str:
        return f"{self.indicator_id} #{self.number}"

    def to_spec(self, indicator_code: str) -> TargetSpec:
        """The target as the core's ``TargetSpec`` (for the assessment methods)."""
        return TargetSpec(
            indicator=indicator_code,
            kind=self.kind,  # type: ignore[arg-type]
            direction=self.direction or None,  # type: ignore[arg-type]
            target_value=self.target_value,
            target_year=self.target_year,
            base_year=self.base_year,
            limit=self.limit,
            region=self.region or BUND_ARS,
            series=self.series,
            extra={"unit": self.unit, "scope": "national", "reference": "DNS"},
        )


class PublishedTarget(models.Model):
    """A target as Destatis published it with weather symbols (reference data)."""

    class Category(models.TextChoices):
        NORMAL = "normal", _("geltend")
        OLD = "old", _("abgelöst")
        NEW = "new", _("neu")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="published_targets"
    )
    number = models.PositiveSmallIntegerField(_("Nummer"))
    text_de = models.TextField(_("Ziel (deutsch)"))
    text_en = models.TextField(_("Ziel (englisch)"), blank=True)
    category = models.CharField(_("Kategorie"), max_length=6, choices=Category.choices)
    target_year = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    valid_from = models.PositiveSmallIntegerField(_("gültig ab"), null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(_("gültig bis"), null=True, blank=True)
    note_de = models.TextField(blank=True)
    note_en = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator__sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="publishedtarget_unique")
        ]
        verbose_name = _("veröffentlichtes Ziel")
        verbose_name_plural = _("veröffentlichte Ziele")

    def __str__(self) -> str:
        return f"{self.indicator_id} #{self.number}"

    @property
    def text(self) -> str:
        return _pick(self.text_de, self.text_en)

    @property
    def note(self) -> str:
        return _pick(self.note_de, self.note_en)


class PublishedWeather(models.Model):
    """A published DNS weather symbol for one target and reporting year (reference data)."""

    class Symbol(models.TextChoices):
        SUN = "sun", _("Sonne")
        SUN_CLOUD = "sun_cloud", _("Leicht bewölkt")
        CLOUD = "cloud", _("Wolke")
        THUNDERSTORM = "thunderstorm", _("Gewitter")
        NOT_ASSESSED = "not_assessed", _("keine Bewertung")
        ENDED = "ended", _("Ziel ausgelaufen")
        SUSPENDED = "suspended", _("Bewertung ausgesetzt")

    published_target = models.ForeignKey(
        PublishedTarget, on_delete=models.CASCADE, related_name="weather"
    )
    position = models.CharField(max_length=1)
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"), null=True, blank=True)
    symbol = models.CharField(_("Wettersymbol"), max_length=12, choices=Symbol.choices)
    symbol_text = models.CharField(_("Symbol wie veröffentlicht"), max_length=40)
    explanation_de = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    valid = models.BooleanField(_("gültig"), default=True)

    class Meta:
        ordering = ["published_target", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["published_target", "position"], name="publishedweather_unique"
            )
        ]
        verbose_name = _("veröffentlichtes Wettersymbol")
        verbose_name_plural = _("veröffentlichte Wettersymbole")

    def __str__(self) -> str:
        return f"{self.published_target} {self.year}: {self.symbol}"

    @property
    def explanation(self) -> str:
        return _pick(self.explanation_de, self.explanation_en)
