"""What an organisation may see and write: indicators of the kit, regions of its area."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.regions.models import Region

# Length of the ARS prefix shared by a region and everything below it.
_PREFIX: dict[str, int] = {
    Region.Level.BUND: 0,
    Region.Level.LAND: 2,
    Region.Level.REGIERUNGSBEZIRK: 3,
    Region.Level.KREIS: 5,
    Region.Level.GEMEINDE: 12,
}


def kit_indicators(organisation: Organisation) -> QuerySet[Indicator]:
    """UN and DNS indicators and the organisation's own (never another organisation's)."""
    return Indicator.objects.filter(
        Q(framework__in=[Indicator.Framework.UN, Indicator.Framework.DNS])
        | Q(owner__organisation=organisation)
    )


def selected_indicators(organisation: Organisation) -> QuerySet[Indicator]:
    """The organisation's indicator set, in catalogue order."""
    return kit_indicators(organisation).filter(
        pk__in=organisation.indicator_selections.values("indicator_id")
    )


def area_regions(organisation: Organisation) -> QuerySet[Region]:
    """The organisation's region and every region inside it (by ARS prefix)."""
    region = organisation.region
    length = _PREFIX.get(region.level, 12)
    if length >= 12:
        return Region.objects.filter(pk=region.pk)
    return Region.objects.filter(ars__startswith=region.ars[:length])
