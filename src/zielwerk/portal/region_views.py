"""Region directory and region pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.core.regions import RegionCodeError, fold_name, validate_ars
from zielwerk.core.regions.abroad import is_abroad_key
from zielwerk.portal.profile import municipal_profile
from zielwerk.portal.rendering import anonymous_page
from zielwerk.regions.models import Region
from zielwerk.regions.selectors import region_page, region_search, top_regions

MAX_QUERY_LENGTH = 100
LEVEL_PLURALS = {
    "bund": gettext_lazy("Bund"),
    "land": gettext_lazy("Länder"),
    "rbz": gettext_lazy("Regierungsbezirke"),
    "kreis": gettext_lazy("Kreise und kreisfreie Städte"),
    "gemeinde": gettext_lazy("Gemeinden und gemeindefreie Gebiete"),
    "ausland": gettext_lazy("Regionen im Ausland"),
}


def _my_place(query: str, regions: list[Region]) -> Region | None:
    """The one region a typed place name or key means: an exact name (a Gemeinde before a
    Kreis of the same name) or a full AGS/ARS; None when it is not clear."""
    if query.isdigit():
        exact = [r for r in regions if query in (r.ags, r.ars)]
        return exact[0] if len(exact) == 1 else None
    folded = fold_name(query)
    exact = [r for r in regions if r.name_folded == folded]
    towns = [r for r in exact if r.level in (Region.Level.GEMEINDE, Region.Level.KREIS)]
    towns.sort(key=lambda r: r.level != Region.Level.GEMEINDE)
    if len(exact) == 1:
        return exact[0]
    if towns and (len(towns) == 1 or towns[1].level != Region.Level.GEMEINDE):
        return towns[0] if towns[0].level == Region.Level.GEMEINDE else None
    return None


def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    level = request.GET.get("ebene", "")
    if level not in Region.Level.values:
        level = ""
    result = region_search(query=query, level=level) if query else None
    if result is not None and request.GET.get("gehe"):
        place = _my_place(query, result.regions)
        if place is not None:
            return redirect("regions:detail", ars=place.ars)
    context = {
        "query": query,
        "level": level,
        "levels": Region.Level.choices,
        "result": result,
        "top_regions": None if query else top_regions(),
        "breadcrumbs": [(_("Regionen"), None)],
    }
    return render(request, "regions/directory.html", context)


def _linked_map(svg: str | None) -> str | None:
    """A map whose regions are links is a group of links, not one image (links inside
    role="img" are hidden from screen readers and fail WCAG 4.1.2)."""
    if svg and "<a " in svg:
        return svg.replace('role="img"', 'role="group"', 1)
    return svg


@anonymous_page
def detail(request: HttpRequest, ars: str) -> HttpResponse:
    try:
        if not is_abroad_key(ars):
            validate_ars(ars)
        page = region_page(ars=ars)
    except (RegionCodeError, Region.DoesNotExist) as exc:
        raise Http404(_("Diese Region gibt es nicht.")) from exc
    crumbs: list[tuple[str, str | None]] = [(_("Regionen"), reverse("regions:directory"))]
    crumbs += [(r.name, reverse("regions:detail", args=[r.ars])) for r in page.ancestors]
    crumbs.append((page.region.name, None))
    children_label = ""
    if page.children:
        children_label = str(LEVEL_PLURALS[page.children[0].level])
    descendants = [(str(LEVEL_PLURALS[lvl]), n) for lvl, n in page.descendant_counts.items()]
    context = {
        "page": page,
        "region": page.region,
        "children_label": children_label,
        "descendants": descendants,
        "profile": municipal_profile(region=page.region),
        "map_svg": _linked_map(page.map_svg),
        "breadcrumbs": crumbs,
    }
    return render(request, "regions/detail.html", context)
