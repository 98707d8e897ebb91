"""Region directory and region pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.core.interlinkages import MIN_POINTS, SIGNIFICANCE, SYNERGY_RHO, TRADE_OFF_RHO
from zielwerk.core.regions import RegionCodeError, fold_name, validate_ars
from zielwerk.core.regions.abroad import is_abroad_key
from zielwerk.portal.interlinkages import (
    CHARTS,
    LEVELS,
    VIEWS,
    RegionInterlinkages,
    View,
    figure_alt,
    interlinkage_matrix_spec,
    interlinkage_network_spec,
    pair_rows,
    region_interlinkages,
    view_title,
)
from zielwerk.portal.profile import municipal_profile
from zielwerk.portal.rendering import anonymous_page, chart_svg
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
        "links": _interlinkages(page.region),
    }
    return render(request, "regions/detail.html", context)


def _interlinkage_view(region: Region, links: RegionInterlinkages, view: View) -> dict[str, Any]:
    """One view (over the years, in the peer group) of the section, for the templates."""
    rows = pair_rows(links=links, view=view)
    figures = [
        (
            reverse("regions:interlinkage_svg", args=[region.ars, view, LEVELS[0], chart]),
            figure_alt(links=links, view=view, chart=chart),
        )
        for chart in CHARTS
    ]
    return {
        "name": view,
        "title": view_title(view),
        "figures": figures,
        "rows": rows,
        "classified": [r for r in rows if r.kind in ("synergy", "trade_off")],
        "pairs": len(rows),
        "synergies": links.count(view, "synergy"),
        "trade_offs": links.count(view, "trade_off"),
        "insufficient": links.count(view, "insufficient"),
        "table_url": reverse("regions:interlinkage_pairs", args=[region.ars, view]),
    }


def _interlinkages(region: Region, only: View | None = None) -> dict[str, Any] | None:
    """The section "Synergien und Zielkonflikte": per view its figures and table rows."""
    links = region_interlinkages(region=region)
    if len(links.indicators) < 2:
        return None
    return {
        "data": links,
        "views": [_interlinkage_view(region, links, v) for v in VIEWS if only in (None, v)],
        "synergy_rho": SYNERGY_RHO,
        "trade_off_rho": TRADE_OFF_RHO,
        "significance": SIGNIFICANCE,
        "min_points": MIN_POINTS,
    }


def _region_or_404(ars: str) -> Region:
    try:
        validate_ars(ars)
        return Region.objects.get(ars=ars)
    except (RegionCodeError, Region.DoesNotExist) as exc:
        raise Http404(_("Diese Region gibt es nicht.")) from exc


@anonymous_page
def interlinkage_pairs(request: HttpRequest, ars: str, view: str) -> HttpResponse:
    """All pairs of one view of a region's synergies and trade-offs, as a table."""
    if view not in VIEWS:
        raise Http404(_("Diese Tabelle gibt es nicht."))
    region = _region_or_404(ars)
    links = _interlinkages(region, only=view)  # type: ignore[arg-type]
    if links is None:
        raise Http404(_("Für diese Region gibt es keine Indikatorpaare."))
    chosen = links["views"][0]
    crumbs: list[tuple[str, str | None]] = [
        (_("Regionen"), reverse("regions:directory")),
        (region.name, reverse("regions:detail", args=[region.ars])),
        (chosen["title"], None),
    ]
    context = {"region": region, "links": links, "v": chosen, "breadcrumbs": crumbs}
    return render(request, "regions/interlinkage_pairs.html", context)


@anonymous_page
def interlinkage_svg(
    request: HttpRequest, ars: str, view: str, level: str, chart: str
) -> HttpResponse:
    """The matrix or network of one view of a region's synergies and trade-offs, as SVG."""
    if view not in VIEWS or level not in LEVELS or chart not in CHARTS:
        raise Http404(_("Diese Grafik gibt es nicht."))
    region = _region_or_404(ars)
    links = region_interlinkages(region=region)
    build = interlinkage_matrix_spec if chart == "matrix" else interlinkage_network_spec
    spec = build(links=links, view=view, level=level)  # type: ignore[arg-type]
    content = '<?xml version="1.0" encoding="UTF-8"?>\n' + chart_svg(spec)
    return HttpResponse(content, content_type="image/svg+xml; charset=utf-8")
