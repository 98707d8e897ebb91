"""The data sources bundled with Zielwerk and their required attributions.

Kept in one place: the sources page, the docs and the static export all show this list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DataSource:
    name: str | Promise
    content: str | Promise
    publisher: str
    licence: str | Promise
    licence_url: str
    attribution: str
    url: str
    lang: str = "de"
    """The language of publisher, licence name and attribution: the provider's own words,
    shown unchanged (and marked with ``lang``) on pages in either language."""

    @property
    def licence_lang(self) -> str:
        """The licence name's language, or "" when it is translated with the page."""
        return "" if isinstance(self.licence, Promise) else self.lang


DL_DE_BY = "https://www.govdata.de/dl-de/by-2-0"

DATA_SOURCES: tuple[DataSource, ...] = (
    DataSource(
        name=_("UN-Indikatorenrahmen für die SDGs (Stand 2023)"),
        content=_("17 Ziele, 169 Unterziele, 248 Indikatoreinträge mit UNSD-Codes"),
        publisher="UN IAEG-SDGs (A/RES/71/313), zusammengestellt im Repository do-me/SDG",
        licence=_("UN-Text, frei nachnutzbar mit Quellenangabe"),
        licence_url="https://unstats.un.org/sdgs/indicators/indicators-list/",
        attribution="Quelle: Vereinte Nationen, Global indicator framework (A/RES/71/313)",
        url="https://unstats.un.org/sdgs/indicators/indicators-list/",
    ),
    DataSource(
        name=_("Übersetzungen der SDG-Titel (deutsch/englisch)"),
        content=_("Kurztitel und Titel der Ziele, Unterziele und Indikatoren"),
        publisher="Open SDG, Repository open-sdg/sdg-translations",
        licence="MIT",
        licence_url="https://github.com/open-sdg/sdg-translations/blob/develop/LICENSE",
        attribution="© open-sdg/sdg-translations contributors (MIT)",
        url="https://github.com/open-sdg/sdg-translations",
        lang="en",
    ),
    DataSource(
        name=_("Daten zu den SDG-Indikatoren für Deutschland"),
        content=_("Deutsche Daten und amtliche Titel zu den UN-Indikatoren (sdg-indikatoren.de)"),
        publisher="Statistisches Bundesamt (Destatis), Repository G205SDGs/sdg-data",
        licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        licence_url=DL_DE_BY,
        attribution="© Statistisches Bundesamt (Destatis), dl-de/by-2-0",
        url="https://sdg-indikatoren.de/",
    ),
    DataSource(
        name=_("Indikatoren der Deutschen Nachhaltigkeitsstrategie"),
        content=_(
            "68 Indikatoren, politische Ziele, veröffentlichte Wettersymbole (dns-indikatoren.de)"
        ),
        publisher="Statistisches Bundesamt (Destatis), Repository "
        "Nachhaltige-Entwicklung-Deutschland/open-sdg-data-starter",
        licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        licence_url=DL_DE_BY,
        attribution="© Statistisches Bundesamt (Destatis), dl-de/by-2-0",
        url="https://dns-indikatoren.de/",
    ),
    DataSource(
        name=_("Gemeindeverzeichnis, Bevölkerung und Fläche 2021"),
        content=_("Alle Regionen Deutschlands nach AGS mit Einwohnerzahl und Fläche"),
        publisher="Destatis GV-ISys / GENESIS, aufbereitet durch GermanZero "
        "(localzero-data-public)",
        licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        licence_url=DL_DE_BY,
        attribution="© Statistische Ämter des Bundes und der Länder, dl-de/by-2-0; "
        "aufbereitet durch GermanZero",
        url="https://github.com/GermanZero-de/localzero-data-public",
    ),
    DataSource(
        name=_("Verwaltungsgebiete 1:5 000 000 (VG5000), Stand 01.01.2021"),
        content=_("Grenzen von Ländern, Regierungsbezirken, Kreisen und Gemeinden (vereinfacht)"),
        publisher="Bundesamt für Kartographie und Geodäsie (BKG)",
        licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        licence_url=DL_DE_BY,
        attribution="© GeoBasis-DE / BKG 2021 (Daten verändert)",
        url="https://gdz.bkg.bund.de/",
    ),
    DataSource(
        name=_("Zensus 2022: Bevölkerung der Gemeinden"),
        content=_("Einwohnerzahlen aller Gemeinden im GENESIS-Flat-Format"),
        publisher="Statistische Ämter des Bundes und der Länder, Zensus 2022",
        licence="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        licence_url=DL_DE_BY,
        attribution="© Statistische Ämter des Bundes und der Länder, Zensus 2022, dl-de/by-2-0",
        url="https://www.zensus2022.de/",
    ),
    DataSource(
        name=_("KERN UX Designsystem"),
        content=_("Gestaltung der Oberfläche (Schriften, Stile)"),
        publisher="KERN-Projekt der Länder Hamburg und Schleswig-Holstein (@kern-ux/native)",
        licence="EUPL 1.2",
        licence_url="https://eupl.eu/1.2/de/",
        attribution="KERN UX, EUPL 1.2",
        url="https://www.kern-ux.de/",
    ),
)
