"""Public pages of the partnerships: the overview and one municipality (read by everyone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.regions.models import Region

from .forms import PartnershipForm
from .selectors import network_members, networks_overview, partnership_overview, region_partnerships
from .services import partnership_create


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() else 1


def partnership_list(request: HttpRequest) -> HttpResponse:
    overview = partnership_overview(
        land=request.GET.get("land", ""),
        country=request.GET.get("staat", ""),
        page=_page_number(request.GET.get("seite", "")),
    )
    context = {
        "overview": overview,
        "breadcrumbs": [(_("Partnerschaften"), None)],
    }
    return render(request, "hub/list.html", context)


def region_detail(request: HttpRequest, ars: str) -> HttpResponse:
    found = region_partnerships(ars=ars)
    context = {
        "page": found,
        "region": found.region,
        "can_change": request.user.has_perm("hub.change_partnership", found.region),
        "breadcrumbs": [
            (_("Partnerschaften"), reverse("hub:list")),
            (found.region.name, None),
        ],
    }
    return render(request, "hub/region.html", context)


def network_list(request: HttpRequest) -> HttpResponse:
    context = {
        "networks": networks_overview(),
        "breadcrumbs": [(_("Partnerschaften"), reverse("hub:list")), (_("Netzwerke"), None)],
    }
    return render(request, "hub/networks.html", context)


def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network, members = network_members(pk=pk)
    context = {
        "network": network,
        "members": members,
        "breadcrumbs": [
            (_("Partnerschaften"), reverse("hub:list")),
            (_("Netzwerke"), reverse("hub:networks")),
            (network.name, None),
        ],
    }
    return render(request, "hub/network.html", context)


def partnership_add(request: HttpRequest, ars: str) -> HttpResponse:
    """An editor of an organisation of the region enters a partnership."""
    region = get_object_or_404(Region, ars=ars)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("hub.change_partnership", region):
        raise PermissionDenied
    form = PartnershipForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        partnership_create(region=region, user=request.user, data=form.cleaned_data)
        messages.success(request, _("Die Partnerschaft wurde eingetragen."))
        return redirect("hub:region", ars=region.ars)
    context = {
        "form": form,
        "region": region,
        "breadcrumbs": [
            (_("Partnerschaften"), reverse("hub:list")),
            (region.name, reverse("hub:region", args=[region.ars])),
            (_("Partnerschaft eintragen"), None),
        ],
    }
    return render(request, "hub/add.html", context)
