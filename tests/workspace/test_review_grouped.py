"""Review grouped by indicator: words for units, plausibility warnings at the value, a chart
preview, publishing one indicator or all after a confirmation, the members-only preview."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from zielwerk.catalogue.models import Goal
from zielwerk.monitoring.models import Observation
from zielwerk.workspace import selectors, services
from zielwerk.workspace.models import OrganisationTarget, StagedObservation

pytestmark = pytest.mark.django_db


def url(name, world, *args):
    return reverse(f"workspace:{name}", args=[world.org_a.slug, *args])


def draft(world, indicator, values, unit="percent", series=""):
    rows = [
        services.DraftRow(indicator.pk, world.town_a.pk, series, y, v, unit)
        for y, v in values.items()
    ]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")


def publish_all(world):
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])


def target(world, indicator):
    services.organisation_target_create(
        organisation=world.org_a,
        user=world.members["editor"],
        indicator=indicator,
        data=services.TargetData(
            kind="direction",
            direction="increase",
            decision_date=date(2024, 1, 1),
            decision_reference="DS 1/2024",
        ),
    )


@pytest.fixture
def drafts(world):
    """7.2.1 with a steady published history and three suspicious drafts; 7.2.a clean."""
    draft(world, world.un, {y: 20.0 + (y % 2) for y in range(2015, 2022)})
    publish_all(world)
    draft(world, world.un, {2022: 21.0, 2023: 95.0, 2024: 120.0})
    draft(world, world.dns, {2022: 40.0, 2023: 41.0})
    target(world, world.dns)
    return world


def test_drafts_are_grouped_by_indicator_with_units_in_words(client, drafts):
    client.force_login(drafts.members["viewer"])
    response = client.get(url("review", drafts))
    groups = response.context["groups"]
    assert [g.indicator.code for g in groups] == ["7.2.1", "7.2.a"]
    assert [len(g.lines) for g in groups] == [3, 2]
    assert len(groups[1].targets) == 1
    page = response.content.decode()
    assert "Indikator 7.2.1" in page and "Indikator 7.2.a" in page
    assert "Einheit: % · 3 Entwurfswerte" in page  # the vocabulary's label, not the code
    assert "percent" not in page.replace('"percent"', "")  # no raw code as text
    assert "<svg" in page and 'role="img"' in page  # server-side chart preview
    assert page.count('class="zw-chart"') == 2


def test_units_are_worded_per_language(client, drafts):
    draft(drafts, drafts.dns, {2024: 42.0}, unit="per_1000_inhabitants", series="x")
    client.force_login(drafts.members["viewer"])
    page = client.get(url("review", drafts)).content.decode()
    assert "je 1.000 Einwohner" in page
    assert "per_1000_inhabitants</" not in page and "percentage" not in page
    client.cookies["django_language"] = "en"
    page = client.get(url("review", drafts)).content.decode()
    assert '<html lang="en">' in page
    assert "per 1,000 inhabitants" in page


def test_warnings_for_a_jump_a_percent_above_100_and_a_unit_change(client, drafts):
    draft(drafts, drafts.un, {2025: 12.0}, unit="number", series="")
    groups = selectors.review_groups(organisation=drafts.org_a, charts=False)
    lines = {line.draft.year: line.warnings for line in groups[0].lines}
    assert lines[2022] == []
    assert any(w.startswith("Sprung") for w in lines[2023])
    assert any("natürlichen Grenzen 0 bis 100" in w for w in lines[2024])
    assert any(w.endswith("(bisher: %).") for w in lines[2025])
    assert groups[0].warnings == sum(len(v) for v in lines.values())
    assert groups[1].warnings == 0
    client.force_login(drafts.members["viewer"])
    page = client.get(url("review", drafts)).content.decode()
    assert "Warnungen zur Plausibilität" in page
    assert page.count('class="zw-warning"') == groups[0].warnings


def test_confirmation_says_what_becomes_public_and_publishes_nothing(client, drafts):
    client.force_login(drafts.members["publisher"])
    response = client.get(url("publish_confirm", drafts))
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 Werte" in page and "Bedburg-Hau" in page and "1 Ziel" in page
    assert "Warnungen zur Plausibilität" in page
    assert f'action="{url("publish", drafts)}"' in page and "csrfmiddlewaretoken" in page
    assert StagedObservation.objects.count() == 5  # a GET publishes nothing
    one = client.get(url("publish_confirm", drafts), {"indikator": "7.2.a"}).content.decode()
    assert "2 Werte" in one and 'name="indicator" value="7.2.a"' in one


def test_confirmation_lists_own_indicators_that_become_public(client, world):
    own = services.own_indicator_create(
        organisation=world.org_a,
        user=world.members["editor"],
        data=services.OwnIndicatorData(title_de="Radwegenetz", goal=Goal.objects.get(number=7)),
    )
    client.force_login(world.members["publisher"])
    page = client.get(url("publish_confirm", world)).content.decode()
    assert f"Eigener Indikator {own.indicator.code} „Radwegenetz“ wird öffentlich." in page


def test_publishing_one_indicator_leaves_the_others_as_drafts(client, drafts):
    client.force_login(drafts.members["publisher"])
    response = client.post(url("publish", drafts), {"indicator": "7.2.a"}, follow=True)
    assert "Veröffentlicht: 2 Werte, 1 Ziele." in response.content.decode()
    assert set(StagedObservation.objects.values_list("indicator__code", flat=True)) == {"7.2.1"}
    assert Observation.objects.filter(indicator=drafts.dns).count() == 2
    assert not OrganisationTarget.objects.filter(published_at__isnull=True).exists()
    response = client.post(url("publish", drafts), follow=True)
    assert "Veröffentlicht: 3 Werte, 0 Ziele." in response.content.decode()
    assert not StagedObservation.objects.exists()


def test_publishing_one_indicator_keeps_other_targets_as_drafts(drafts):
    target(drafts, drafts.un)
    result = services.drafts_publish(
        organisation=drafts.org_a, user=drafts.members["publisher"], indicator="7.2.1"
    )
    assert (result.observations, result.targets) == (3, 1)
    waiting = OrganisationTarget.objects.filter(published_at__isnull=True)
    assert list(waiting.values_list("indicator__code", flat=True)) == ["7.2.a"]


def test_preview_applies_drafts_for_members_only(client, drafts):
    preview = url("preview", drafts, "7.2.1")
    assert client.get(preview).status_code == 302  # to the login
    client.force_login(drafts.members["b-admin"])  # another organisation's member
    assert client.get(preview).status_code == 403
    client.force_login(drafts.members["viewer"])
    response = client.get(preview)
    assert response.status_code == 200
    rows = response.context["series"][0].rows
    assert rows[-3:] == [(2022, 21.0, True), (2023, 95.0, True), (2024, 120.0, True)]
    assert rows[0] == (2015, 21.0, False)
    page = response.content.decode()
    assert 'role="img"' in page and "Noch ist nichts öffentlich" in page
    assert client.get(url("preview", drafts, "7.1.1")).status_code == 404


def test_confirm_needs_the_publish_role_and_publish_needs_csrf(client, drafts):
    client.force_login(drafts.members["editor"])
    assert client.get(url("publish_confirm", drafts)).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(drafts.members["publisher"])
    assert strict.post(url("publish", drafts), {"indicator": "7.2.a"}).status_code == 403
    assert StagedObservation.objects.count() == 5


def test_nothing_to_confirm_goes_back_to_the_review(client, world):
    client.force_login(world.members["publisher"])
    response = client.get(url("publish_confirm", world), follow=True)
    assert response.redirect_chain[-1][0] == url("review", world)
    assert "Es gibt nichts zu veröffentlichen." in response.content.decode()
