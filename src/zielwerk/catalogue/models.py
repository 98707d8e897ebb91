"""The indicator catalogue: UN goals, targets and indicators, DNS indicators and their targets.

Codes are the keys users and files use: goal ``7``, target ``7.2``, UN indicator ``7.2.1``,
DNS indicator ``7.2.a``. UN and DNS indicator codes never collide (the last part of a UN code
is a number, of a DNS code a letter), so one ``Indicator`` table holds both.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualTitle(models.Model):
    title_de = models.TextField(_("Titel (deutsch)"))
    title_en = models.TextField(_("Titel (englisch)"))

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        """The title in the active language, German when there is no English one."""
        if (get_language() or "de").startswith("en") and self.title_en:
            return self.title_en
        return self.title_de


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
        if (get_language() or "de").startswith("en") and self.short_en:
            return self.short_en
        return self.short_de


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


class Indicator(BilingualTitle):
    class Framework(models.TextChoices):
        UN = "un", _("UN-Indikator")
        DNS = "dns", _("Indikator der Deutschen Nachhaltigkeitsstrategie")
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

    class Meta:
        ordering = ["framework", "sort_key"]
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")

    def __str__(self) -> str:
        return self.code

    @property
    def definition(self) -> str:
        if (get_language() or "de").startswith("en") and self.definition_en:
            return self.definition_en
        return self.definition_de
