"""The 17 Produktbereiche of the NKF product framework and a suggested link to SDG goals.

``NKF_PRODUCT_AREAS`` are the 17 binding Produktbereiche of the NRW product framework
(NKF-Produktrahmen): codes and names as Köln (codes and names) and Düsseldorf (names) publish
them in ``budgets/offenerhaushalt``; Köln's "Soziale Hilfen" is the older name of 05. Other Länder
(NKHR Baden-Württemberg, Hessen) number their Produktbereiche with two digits of the
national Produktrahmenplan (11 Innere Verwaltung … 61 Allgemeine Finanzwirtschaft); they are
not mapped here. See docs/budgets-data.md for sources.

``SUGGESTED_GOALS`` is a *suggestion* to start tagging from, not a finding: a product's
goals depend on what it does, and users change the tags in the app. Each entry lists the
goals whose targets the area's core tasks serve directly (the reason in the comment).
"""

from __future__ import annotations

import re
from types import MappingProxyType

NKF_PRODUCT_AREAS = MappingProxyType(
    {
        "01": "Innere Verwaltung",
        "02": "Sicherheit und Ordnung",
        "03": "Schulträgeraufgaben",
        "04": "Kultur und Wissenschaft",
        "05": "Soziale Leistungen",
        "06": "Kinder-, Jugend- und Familienhilfe",
        "07": "Gesundheitsdienste",
        "08": "Sportförderung",
        "09": "Räumliche Planung und Entwicklung, Geoinformationen",
        "10": "Bauen und Wohnen",
        "11": "Ver- und Entsorgung",
        "12": "Verkehrsflächen und -anlagen, ÖPNV",
        "13": "Natur- und Landschaftspflege",
        "14": "Umweltschutz",
        "15": "Wirtschaft und Tourismus",
        "16": "Allgemeine Finanzwirtschaft",
        "17": "Stiftungen",
    }
)
"""NKF Produktbereich code → name."""

SUGGESTED_GOALS = MappingProxyType(
    {
        "01": (16,),  # 16.6 effective, accountable institutions
        "02": (16, 11),  # 16.1 safety; 11.5 disaster protection (fire brigade, civil protection)
        "03": (4,),  # 4.1, 4.a school education and school buildings
        "04": (4, 11),  # 4.7 education (VHS, libraries); 11.4 cultural heritage
        "05": (1, 10),  # 1.3 social protection; 10.2 inclusion
        "06": (4, 5, 10),  # 4.2 early childhood (Kitas); 5.4 care work; 10.2 inclusion of youth
        "07": (3,),  # 3.3, 3.d public health services
        "08": (3, 11),  # 3.4 health through sport; 11.7 public sports and green spaces
        "09": (11,),  # 11.3 inclusive, sustainable urban planning
        "10": (11,),  # 11.1 adequate housing
        "11": (6, 7, 12),  # 6.2, 6.3 sewage; 7.2 energy supply; 12.5 waste
        "12": (9, 11),  # 9.1 infrastructure; 11.2 sustainable transport (ÖPNV)
        "13": (15, 11),  # 15.1 ecosystems; 11.7 public green spaces
        "14": (13, 15, 3),  # 13.2 climate protection; 15.5 biodiversity; 3.9 pollution
        "15": (8, 9),  # 8.3, 8.9 local economy and sustainable tourism; 9.2
        "16": (17,),  # 17.1 domestic revenue (taxes, financial equalisation)
        "17": (),  # depends on each foundation's purpose: tag per product
    }
)
"""NKF Produktbereich code → suggested SDG goals (the first is the main one)."""

_ALIASES = {
    "soziale hilfen": "05",  # Köln
    "räumliche planung und entwicklung, geoinformation": "09",  # Düsseldorf
}
_BY_NAME = {name.casefold(): code for code, name in NKF_PRODUCT_AREAS.items()} | _ALIASES


def nkf_area(code_or_name: str | None) -> str | None:
    """The NKF Produktbereich (``"01"`` … ``"17"``) a budget's area code or name stands for.

    Codes are read as numbers (Köln writes ``1`` for ``01``); names as published
    (Düsseldorf puts the name where a code is expected). ``None`` when it is neither.

    >>> nkf_area("1"), nkf_area("17"), nkf_area("Innere Verwaltung"), nkf_area("Soziale Hilfen")
    ('01', '17', '01', '05')
    >>> nkf_area("18") is None, nkf_area("1.1") is None
    (True, True)
    """
    if code_or_name is None:
        return None
    text = code_or_name.strip()
    if re.fullmatch(r"\d{1,2}", text):
        code = f"{int(text):02d}"
        return code if code in NKF_PRODUCT_AREAS else None
    return _BY_NAME.get(" ".join(text.split()).casefold())


def suggested_goals(code_or_name: str | None) -> tuple[int, ...]:
    """The suggested SDG goals of an NKF Produktbereich; ``()`` when unknown or none.

    >>> suggested_goals("12"), suggested_goals("Umweltschutz"), suggested_goals("99")
    ((9, 11), (13, 15, 3), ())
    """
    area = nkf_area(code_or_name)
    return SUGGESTED_GOALS[area] if area is not None else ()
