"""Nothing public without review: an own indicator and changes to its public texts reach the
portal, the API, the DCAT catalogue and the Open SDG exports only once a publisher published
them on the review page (issue 13, finding 5)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from zielwerk.catalogue.models import Goal
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry

pytestmark = pytest.mark.django_db

TITLE = "Geheimer Radverkehrsanteil"
CHANGED = "Umbenannter Radverkehrsanteil"

# Every public surface that can name an indicator: (name, URL); {code} is the own code.
SURFACES = {
    "portal-indicator": "/indikatoren/{code}/",
    "portal-search": "/suche/?q=Radverkehrsanteil",
    "api-indicators": "/api/v1/indicators",
    "api-own-indicators": "/api/v1/indicators?framework=own",
    "api-indicator": "/api/v1/indicators/{code}",
    "dcat-ttl": "/dcat/catalog.ttl",
    "dcat-jsonld": "/dcat/catalog.jsonld",
    "opensdg-meta": "/api/v1/opensdg/de/meta/all.json",
    "opensdg-repository": "/api/v1/opensdg/repository.zip",
}
# Surfaces that list only catalogue indicators (own indicators never): checked for absence.
NEVER_OWN = {"portal-search"}


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.status_code == 404:
        return ""
    if response.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(n).decode() for n in archive.namelist())
    return response.content.decode()


def _seen(client, code: str, words: str) -> dict[str, bool]:
    cache.clear()  # server-side caches (API lists, page parts) are not what is tested here
    return {name: words in _text(client, url.format(code=code)) for name, url in SURFACES.items()}


def _create(world):  # noqa: F811
    services.indicator_selection_set(
        organisation=world.org_a, user=world.members["admin"], shown=[], chosen=[]
    )
    own = services.own_indicator_create(
        organisation=world.org_a,
        user=world.members["editor"],
        data=services.OwnIndicatorData(
            title_de=TITLE, goal=Goal.objects.get(number=7), definition_de="Anteil am Verkehr"
        ),
    )
    rows = [services.DraftRow(own.indicator_id, world.town_a.pk, "", 2023, 12.5, "percent")]
    services.staged_observations_save(
        organisation=world.org_a, user=world.members["editor"], rows=rows, origin="grid"
    )
    return own


def test_own_indicator_is_public_only_after_review(client, world):  # noqa: F811
    own = _create(world)
    code = own.indicator.code
    assert not own.indicator.is_public
    before = _seen(client, code, TITLE)
    assert not any(before.values()), before
    assert client.get(f"/indikatoren/{code}/").status_code == 404
    assert client.get(f"/api/v1/indicators/{code}").status_code == 404

    # The review page shows it; publishing there makes it public with its data.
    client.force_login(world.members["publisher"])
    page = client.get(reverse("workspace:review", args=[world.org_a.slug])).content.decode()
    assert code in page and TITLE in page
    client.post(reverse("workspace:publish", args=[world.org_a.slug]))
    client.logout()
    own.indicator.refresh_from_db()
    assert own.indicator.is_public
    after = _seen(client, code, TITLE)
    assert after == {name: name not in NEVER_OWN for name in SURFACES}, after
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.INDICATOR_PUBLISHED, subject=code
    ).exists()


def test_changed_texts_wait_for_review(client, world):  # noqa: F811
    own = _create(world)
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    code = own.indicator.code
    data = services.OwnIndicatorData(
        title_de=CHANGED, goal=Goal.objects.get(number=7), definition_de="Neue Definition"
    )
    changed = services.own_indicator_update(own=own, user=world.members["editor"], data=data)
    assert changed == ["title_de", "definition_de"]
    own.indicator.refresh_from_db()
    assert own.indicator.title_de == TITLE  # the public keeps the reviewed text
    seen = _seen(client, code, CHANGED)
    assert not any(seen.values()), seen
    assert _seen(client, code, TITLE)["api-indicator"]

    # The editor sees what they entered; the review page lists the change.
    client.force_login(world.members["editor"])
    form = client.get(reverse("workspace:own_edit", args=[world.org_a.slug, code]))
    assert CHANGED in form.content.decode()
    client.force_login(world.members["publisher"])
    page = client.get(reverse("workspace:review", args=[world.org_a.slug])).content.decode()
    assert CHANGED in page and TITLE in page
    client.post(reverse("workspace:publish", args=[world.org_a.slug]))
    client.logout()
    own.refresh_from_db()
    assert own.pending == {} and own.indicator.title_de == CHANGED
    after = _seen(client, code, CHANGED)
    assert after == {name: name not in NEVER_OWN for name in SURFACES}, after
