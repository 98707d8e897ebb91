"""The methods annex of a report: how each number and status in it is computed, in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.core import bnk

from .models import Report


def methods(report: Report) -> list[tuple[str, str]]:
    """(heading, text) pairs in the report's language (call with it active)."""
    parts = [
        (
            _("Vergleich mit Kreis, Land, Deutschland und ähnlichen Kommunen"),
            _(
                "Jedes Diagramm zeigt die Kommune, ihren Kreis, ihr Land und Deutschland mit "
                "demselben Indikator, derselben Reihe und Einheit. Grau: die mittlere Hälfte "
                "(25 bis 75 %%) und der Median der Kommunen desselben BBSR-Stadt- und "
                "Gemeindetyps bzw. siedlungsstrukturellen Kreistyps. Rang und Anteil: Stellung "
                "der Kommune unter ihnen im letzten gemeinsamen Jahr, in der gewünschten "
                "Richtung des Indikators."
            ),
        ),
        (
            _("Ziele des Rats und ihre Bewertung"),
            _(
                "Ein Ziel gilt nur für die Region und Einheit, für die der Rat es beschlossen "
                "hat; gezeigt wird die neueste veröffentlichte Fassung mit Beschluss. Die "
                "Bewertung folgt den Methoden der Deutschen Nachhaltigkeitsstrategie "
                "(Wettersymbole: Fortschreibung des Trends der letzten Jahre bis zum Zieljahr "
                "und Vergleich mit dem Ziel) und von Open SDG (Fortschritt gegenüber dem "
                "nötigen Tempo seit dem Basisjahr). Zu wenige Werte ergeben keine Bewertung."
            ),
        ),
        (
            _("Entwicklung der letzten fünf Jahre"),
            _(
                "Ohne Ziel: Richtung und Tempo der Veränderung über die letzten fünf Jahre "
                "(Methode des Eurostat-Monitorings, nur Richtung): deutlich oder leicht "
                "besser, leicht oder deutlich schlechter."
            ),
        ),
        (
            _("Synergien und Zielkonflikte"),
            _(
                "Für jedes Paar von Indikatoren: Rangkorrelation nach Spearman über die Jahre "
                "der Kommune und über die ähnlichen Kommunen in einem Jahr, nach Ausrichtung "
                "auf die gewünschte Richtung. Synergie bei ρ > 0,6, Zielkonflikt bei "
                "ρ < −0,6, jeweils mit p < 0,05; weniger als 5 gemeinsame Werte: zu wenige "
                "Daten. Korrelation ist keine Kausalität."
            ),
        ),
    ]
    if report.layout == Report.Layout.BNK:
        parts.append(
            (
                _("Gliederung nach dem Berichtsrahmen Nachhaltige Kommune"),
                _(
                    "Kapitel 01 bis 18 nach dem Berichtsrahmen Nachhaltige Kommune des Rats "
                    "für Nachhaltige Entwicklung (2021). Die Indikatoren stehen im "
                    "Handlungsfeld ihres SDG-Unterziels, sonst ihres Ziels; diese Zuordnung "
                    "ist die von Zielwerk, nicht Teil des Berichtsrahmens: %(mapping)s."
                )
                % {
                    "mapping": "; ".join(
                        f"{_('Ziel')} {goal} → {number}" for goal, number in bnk.BY_GOAL.items()
                    )
                },
            )
        )
    return parts
