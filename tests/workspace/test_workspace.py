"""The workspace's pages and services: kit, own indicators, targets, grid, dashboard, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.monitoring.models import Observation
from zielwerk.workspace import selectors, services
from zielwerk.workspace.models import (
    AuditEntry,
    IndicatorSelection,
    OrganisationTarget,
    StagedObservation,
)

pytestmark = pytest.mark.django_db


def url(name, world, *args):
    return reverse(f"workspace:{name}", args=[world.org_a.slug, *args])


def select(world, *indicators):
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[i.pk for i in indicators],
        chosen=[i.pk for i in indicators],
    )


def publish_values(world, indicator, values, region=None, series=""):
    rows = [
        services.DraftRow(indicator.pk, (region or world.town_a).pk, series, y, v, "Prozent")
        for y, v in values.items()
    ]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])


class TestKit:
    def test_filters_by_goal_framework_topic_and_municipal_data(self, client, world):
        Indicator.objects.create(
            code="11.2.1",
            framework="un",
            goal=Goal.objects.get(number=11),
            sort_key="11.2.1",
            title_de="Nahverkehr",
            title_en="Transport",
        )
        Observation.objects.create(indicator=world.other, region=world.town_b, year=2020, value=1)
        client.force_login(world.members["viewer"])

        def codes(**query):
            page = client.get(url("kit", world), query)
            return [i.code for i in page.context["indicators"]]

        assert codes(ziel=11) == ["11.2.1"]
        assert codes(rahmen="dns") == ["7.2.a"]
        assert codes(thema="Erneuerbare Energien") == ["7.2.a"]
        assert codes(daten="gemeinde") == ["7.1.1"]
        assert codes(daten="kreis") == []
        assert codes(suche="Nahverkehr") == ["11.2.1"]

    def test_choosing_five_indicators_and_removing_one(self, client, world):
        extra = [
            Indicator.objects.create(
                code=f"7.3.{n}",
                framework="un",
                goal=world.un.goal,
                sort_key=f"7.3.{n}",
                title_de=f"I{n}",
                title_en="",
            )
            for n in (1, 2)
        ]
        chosen = [world.un, world.dns, world.other, *extra]
        client.force_login(world.members["editor"])
        ids = [i.pk for i in chosen]
        client.post(url("kit", world), {"shown": ids, "chosen": ids})
        assert IndicatorSelection.objects.filter(organisation=world.org_a).count() == 5
        client.post(url("kit", world), {"shown": ids, "chosen": ids[1:]})
        assert set(IndicatorSelection.objects.values_list("indicator__code", flat=True)) == {
            "7.2.a",
            "7.1.1",
            "7.3.1",
            "7.3.2",
        }
        actions = list(AuditEntry.objects.values_list("action", flat=True))
        assert actions.count("selection_added") == 5
        assert actions.count("selection_removed") == 1

    def test_viewer_sees_no_checkboxes(self, client, world):
        client.force_login(world.members["viewer"])
        assert 'name="chosen"' not in client.get(url("kit", world)).content.decode()


class TestOwnIndicators:
    def test_create_namespaced_selected_and_audited(self, client, world):
        client.force_login(world.members["editor"])
        response = client.post(
            url("own_create", world),
            {
                "title_de": "Länge der Radwege",
                "title_en": "Cycle paths",
                "unit": "km",
                "direction": "increase",
                "goal": world.un.goal.pk,
                "target_codes": "7.2",
                "source": "Tiefbauamt",
            },
        )
        assert response.status_code == 302
        indicator = Indicator.objects.get(code="own-bedburg-hau-1")
        assert indicator.framework == "own"
        assert [t.code for t in indicator.targets.all()] == ["7.2"]
        assert IndicatorSelection.objects.filter(
            organisation=world.org_a, indicator=indicator
        ).exists()
        assert AuditEntry.objects.get(action="indicator_created").source == "Tiefbauamt"

    def test_unknown_sdg_target_is_an_error_at_the_field(self, client, world):
        client.force_login(world.members["editor"])
        response = client.post(
            url("own_create", world),
            {"title_de": "X", "goal": world.un.goal.pk, "target_codes": "7.2, 99.9"},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Unbekannte Unterziele: 99.9" in page
        assert 'aria-describedby="id_target_codes-hint id_target_codes-error"' in page

    def test_edit_records_old_and_new_metadata(self, client, world):
        own = services.own_indicator_create(
            organisation=world.org_a,
            user=world.members["editor"],
            data=services.OwnIndicatorData(title_de="Radwege", goal=world.un.goal, unit="km"),
        )
        client.force_login(world.members["editor"])
        client.post(
            url("own_edit", world, own.indicator.code),
            {"title_de": "Radwege", "goal": world.un.goal.pk, "unit": "meters"},
        )
        entry = AuditEntry.objects.get(action="indicator_changed")
        assert (entry.subject, entry.old_value, entry.new_value) == (
            "own-bedburg-hau-1: unit",
            "km",
            "meters",
        )


class TestTargets:
    DATA = {
        "kind": "year",
        "direction": "increase",
        "target_value": "40",
        "target_year": "2030",
        "base_year": "2015",
        "decision_date": "2024-11-20",
        "decision_reference": "Drucksache 2024/117",
        "decision_link": "https://ratsinfo.example.org/2024-117",
    }

    def test_new_versions_never_overwrite(self, client, world):
        select(world, world.un)
        client.force_login(world.members["editor"])
        client.post(url("target_detail", world, "7.2.1"), self.DATA)
        client.post(url("target_detail", world, "7.2.1"), {**self.DATA, "target_value": "45"})
        versions = OrganisationTarget.objects.order_by("version")
        assert [(t.version, t.target_value) for t in versions] == [(1, 40.0), (2, 45.0)]
        entry = AuditEntry.objects.filter(action="target_created").first()
        assert "40" in entry.old_value
        assert "45" in entry.new_value
        spec = versions.last().to_spec()
        assert (spec.indicator, spec.kind, spec.target_value, spec.base_year) == (
            "7.2.1",
            "year",
            45.0,
            2015,
        )

    def test_page_shows_national_target_beside_local_one(self, client, world):
        select(world, world.un)
        client.force_login(world.members["viewer"])
        page = client.get(url("target_detail", world, "7.2.1")).content.decode()
        assert "65 % bis 2030" in page  # the DNS target of the linked DNS indicator 7.2.a
        assert 'name="decision_reference"' not in page  # viewers don't get the form

    def test_missing_year_for_kind_year_is_shown_at_the_field(self, client, world):
        select(world, world.un)
        client.force_login(world.members["editor"])
        response = client.post(
            url("target_detail", world, "7.2.1"), {**self.DATA, "target_year": ""}
        )
        assert response.status_code == 400
        assert 'id="id_target_year-error"' in response.content.decode()
        assert not OrganisationTarget.objects.exists()

    def test_draft_targets_are_published_with_the_data(self, world):
        select(world, world.un)
        services.organisation_target_create(
            organisation=world.org_a,
            user=world.members["editor"],
            indicator=world.un,
            data=services.TargetData(
                kind="direction",
                direction="increase",
                decision_date=date(2024, 1, 1),
                decision_reference="1",
            ),
        )
        assert selectors.targets_in_force(organisation=world.org_a) == []
        services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
        assert len(selectors.targets_in_force(organisation=world.org_a)) == 1


class TestGrid:
    def test_values_become_drafts_with_audit(self, client, world):
        select(world, world.un)
        publish_values(world, world.un, {2020: 10.0})
        client.force_login(world.members["editor"])
        grid = client.get(url("grid", world, "7.2.1")).context["grid"]
        assert grid.series == [""]
        assert 2020 in grid.years
        response = client.post(
            url("grid", world, "7.2.1"),
            {
                "unit": "percent",
                "cell-0-2020": "12,5",
                "cell-0-2021": "",
                "new_series": "sex=f",
                "new-2021": "3",
            },
        )
        assert response.status_code == 302, response.content.decode()[:300]
        drafts = dict(StagedObservation.objects.values_list("series", "value"))
        assert drafts == {"": 12.5, "sex=f": 3.0}
        entry = AuditEntry.objects.get(action="observation_drafted", old_value="10")
        assert entry.new_value == "12.5"
        assert Observation.objects.get().value == 10.0  # public value untouched
        assert set(StagedObservation.objects.values_list("unit", flat=True)) == {"percent"}

    def test_a_typed_unit_is_refused_and_the_typed_cells_are_kept(self, client, world):
        select(world, world.un)
        client.force_login(world.members["editor"])
        response = client.post(
            url("grid", world, "7.2.1"), {"unit": "Prozente", "cell-0-2020": "12,5"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Bitte eine Einheit aus der Liste wählen." in page
        assert 'value="12,5"' in page
        assert not StagedObservation.objects.exists()

    def test_bad_number_is_shown_at_the_cell_and_nothing_saved(self, client, world):
        select(world, world.un)
        client.force_login(world.members["editor"])
        response = client.post(
            url("grid", world, "7.2.1"), {"cell-0-2020": "zwölf", "cell-0-2021": "4"}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert 'aria-describedby="g-cell-0-2020-error"' in page
        assert 'value="zwölf"' in page
        assert not StagedObservation.objects.exists()

    def test_unchanged_values_are_not_drafts(self, world):
        select(world, world.un)
        publish_values(world, world.un, {2020: 10.0})
        rows = [services.DraftRow(world.un.pk, world.town_a.pk, "", 2020, 10.0, "Prozent")]
        saved = services.staged_observations_save(
            organisation=world.org_a, user=None, rows=rows, origin="grid"
        )
        assert saved == 0


class TestDashboard:
    def test_latest_value_trend_assessment_gaps_and_changes(self, client, world):
        select(world, world.un, world.other)
        this_year = date.today().year
        # six years rising by 2 a year: on course for 22 in two years' time
        years = range(this_year - 6, this_year)
        publish_values(world, world.un, {y: 10.0 + 2 * i for i, y in enumerate(years)})
        services.organisation_target_create(
            organisation=world.org_a,
            user=world.members["editor"],
            indicator=world.un,
            data=services.TargetData(
                kind="year",
                direction="increase",
                target_value=22,
                target_year=this_year + 2,
                unit="percent",  # a target assesses only series in its unit
                decision_date=date(2024, 1, 1),
                decision_reference="DS 1",
            ),
        )
        services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
        # The dashboard reads the stored assessment (computed when the target was published).
        from zielwerk.monitoring.models import Assessment

        assert Assessment.objects.filter(region=world.town_a, method="dns").count() == 1
        client.force_login(world.members["viewer"])
        response = client.get(url("org_dashboard", world))
        rows = {r.indicator.code: r for r in response.context["rows"]}
        un = rows["7.2.1"]
        assert (un.latest_year, un.latest_value, un.trend, un.trend_good) == (
            this_year - 1,
            20.0,
            "up",
            True,
        )
        assert (un.dns, un.opensdg) == ("sun", "substantial_progress")
        assert not un.gap
        assert rows["7.1.1"].gap
        assert rows["7.1.1"].latest_value is None
        page = response.content.decode()
        assert "Datenlücke" in page
        assert "Sonne" in page
        assert response.context["last_visit"] is None
        assert len(response.context["changes"]) > 0
        # a second visit shows only what changed since the first one
        assert client.get(url("org_dashboard", world)).context["changes"] == []
        select(world, world.dns)
        changes = client.get(url("org_dashboard", world)).context["changes"]
        assert [c.subject for c in changes] == ["7.2.a"]

    def test_stored_national_assessment_is_shown_without_a_local_target(self, client, world):
        from zielwerk.monitoring.models import Assessment

        select(world, world.dns)
        publish_values(world, world.dns, {2020: 1.0, 2021: 2.0})
        Assessment.objects.all().delete()
        Assessment.objects.create(
            indicator=world.dns, region=world.town_a, method="dns", status="cloud"
        )
        client.force_login(world.members["viewer"])
        response = client.get(url("org_dashboard", world))
        row = response.context["rows"][0]
        assert (row.dns, row.local_target) == ("cloud", False)
        assert "am nationalen Ziel" in response.content.decode()

    def test_choose_lists_organisations_of_a_person_with_several(self, client, world):
        from zielwerk.accounts.models import Membership

        Membership.objects.create(
            user=world.members["viewer"], organisation=world.org_b, role="viewer"
        )
        client.force_login(world.members["viewer"])
        page = client.get(reverse("workspace:dashboard")).content.decode()
        assert "Bedburg-Hau" in page
        assert "Emmerich" in page
