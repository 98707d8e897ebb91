"""Reports for the council and the public: settings, versioned texts and rendered editions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator

_USER = settings.AUTH_USER_MODEL


class Report(models.Model):
    """What a report shows: the organisation's region, goals, indicators, period, language and
    layout. Its texts are ``ReportText`` versions; each rendering is a ``ReportEdition``."""

    class Layout(models.TextChoices):
        SDG = "sdg", _("SDG-Kapitel (Voluntary Local Review)")
        BNK = "bnk", _("Berichtsrahmen Nachhaltige Kommune (BNK)")

    class Language(models.TextChoices):
        DE = "de", "Deutsch"
        EN = "en", "English"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("Titel"), max_length=200)
    language = models.CharField(
        _("Sprache"), max_length=2, choices=Language.choices, default=Language.DE
    )
    layout = models.CharField(
        _("Gliederung"), max_length=3, choices=Layout.choices, default=Layout.SDG
    )
    goals = models.JSONField(_("Ziele"), default=list, blank=True)
    indicators = models.ManyToManyField(Indicator, related_name="+", blank=True)
    year_from = models.PositiveSmallIntegerField(_("von Jahr"))
    year_to = models.PositiveSmallIntegerField(_("bis Jahr"))
    logo = models.BinaryField(_("Wappen oder Logo (PNG)"), editable=False, blank=True, default=b"")
    logo_alt = models.CharField(_("Beschreibung des Logos"), max_length=200, blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")

    def __str__(self) -> str:
        return self.title


class ReportText(models.Model):
    """One version of one text of a report (foreword, imprint, a chapter's narrative).

    A change never overwrites: it adds the next version. A version is a draft until the
    report is published; publishing marks the newest version of every text as published."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("Abschnitt"), max_length=40)
    version = models.PositiveIntegerField(_("Version"))
    text = models.TextField(_("Text"), blank=True)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    published_at = models.DateTimeField(_("veröffentlicht"), null=True, blank=True)
    published_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key", "version"], name="reporttext_version")
        ]
        verbose_name = _("Berichtstext")
        verbose_name_plural = _("Berichtstexte")

    def __str__(self) -> str:
        return f"{self.report_id} {self.key} v{self.version}"


class ReportEdition(models.Model):
    """A rendered report: the HTML body, the PDF and the DOCX, made in one background task
    from the texts and data of one moment. A draft edition is for the organisation's members;
    a published one is public under a permanent address."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveIntegerField(_("Ausgabe"))
    public = models.BooleanField(_("veröffentlicht"), default=False)
    data_version = models.CharField(_("Datenstand"), max_length=100)
    html = models.TextField(_("HTML"))
    pdf = models.BinaryField(_("PDF"), editable=False)
    docx = models.BinaryField(_("DOCX"), editable=False)
    pages = models.PositiveIntegerField(_("Seiten"), default=0)
    created_by = models.ForeignKey(_USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportedition_number")
        ]
        verbose_name = _("Berichtsausgabe")
        verbose_name_plural = _("Berichtsausgaben")

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number}"
