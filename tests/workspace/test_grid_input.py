"""The data grid as a person types into it (issue #14).

The findings: one bad cell ("9,1 t") threw away the source typed with it; the source was
empty again after saving; the newest years were cut off at the right; focus jumped to the
top after saving; no definition and no reference values beside the grid."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from tests.security.test_lost_updates import field, form_of
from zielwerk.monitoring.models import Observation, PeerBand
from zielwerk.workspace import selectors, services
from zielwerk.workspace.models import StagedObservation

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(world):  # noqa: F811 - the fixture imported above
    """7.2.1 chosen by A's organisation (Bedburg-Hau), with 2020 and 2021 published."""
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[world.un.pk],
        chosen=[world.un.pk],
    )
    rows = [
        services.DraftRow(world.un.pk, world.town_a.pk, "", year, value, "percent")
        for year, value in ((2020, 10.0), (2021, 20.0))
    ]
    services.staged_observations_save(
        organisation=world.org_a, user=None, rows=rows, origin="grid", source="Amt A, 2022"
    )
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    return world


def grid_url(w) -> str:
    return reverse("workspace:grid", args=[w.org_a.slug, w.un.code])


def editor(client, w):
    client.force_login(w.members["editor"])
    return client


def test_a_bad_cell_keeps_every_other_input_and_saves_nothing(client, grid):
    c = editor(client, grid)
    form = form_of(c.get(grid_url(grid)))
    posted = {
        **form,
        field(form, 2020): "9,1 t",
        field(form, 2021): "21,5",
        "unit": "t",
        "source": "Stadtwerke, Bericht 2025",
        "new_series": "sex=f",
        "new-2022": "3",
    }
    response = c.post(grid_url(grid), posted)
    assert response.status_code == 400
    page = response.content.decode()
    again = form_of(response)
    # everything typed is there again, the unit and the source included
    assert again[field(again, 2020)] == "9,1 t"
    assert again[field(again, 2021)] == "21,5"
    assert again["unit"] == "t"
    assert again["source"] == "Stadtwerke, Bericht 2025"
    assert again["new_series"] == "sex=f"
    assert again["new-2022"] == "3"
    # the values seen when the form was loaded stay, so a later save still detects conflicts
    assert again[f"seen-{field(again, 2020)}"] == form[f"seen-{field(form, 2020)}"]
    # the bad cell is marked at the cell, described, and linked from the summary at the top
    bad = f"g-{field(again, 2020)}"
    assert re.search(rf'id="{bad}"[^>]*aria-invalid="true" aria-describedby="{bad}-error"', page), (
        page
    )
    assert f'id="{bad}-error"' in page and "„9,1 t“ ist keine Zahl" in page
    assert page.index('id="g-errors"') < page.index('id="g-unit"')
    assert f'<a href="#{bad}">Gesamt, 2020: „9,1 t“ ist keine Zahl' in page
    # all or nothing: no draft written while a cell is bad
    assert not StagedObservation.objects.exists()


def test_a_pending_conflict_choice_survives_a_bad_cell(client, grid):
    a, b = editor(client, grid), type(client)()
    b.force_login(grid.members["admin"])
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2020): "11"}).status_code == 302
    conflict = b.post(grid_url(grid), {**form_b, field(form_b, 2020): "12"})
    assert conflict.status_code == 409
    settled = form_of(conflict)
    name = field(settled, 2020)
    response = b.post(
        grid_url(grid), {**settled, f"keep-{name}": "theirs", field(settled, 2021): "x"}
    )
    assert response.status_code == 400
    again = form_of(response)
    assert again[f"keep-{name}"] == "theirs"
    assert again[name] == "12"


def test_the_source_is_remembered_per_indicator(client, grid):
    c = editor(client, grid)
    form = form_of(c.get(grid_url(grid)))
    assert form["source"] == "Amt A, 2022"  # of the latest published value
    response = c.post(
        grid_url(grid), {**form, field(form, 2021): "22", "source": "Stadtwerke, Bericht 2025"}
    )
    assert response.status_code == 302
    assert StagedObservation.objects.get().source == "Stadtwerke, Bericht 2025"
    assert form_of(c.get(grid_url(grid)))["source"] == "Stadtwerke, Bericht 2025"  # the draft
    # another indicator has its own (none here)
    services.indicator_selection_set(
        organisation=grid.org_a,
        user=grid.members["admin"],
        shown=[grid.un.pk, grid.dns.pk],
        chosen=[grid.un.pk, grid.dns.pk],
    )
    other = reverse("workspace:grid", args=[grid.org_a.slug, grid.dns.code])
    assert form_of(c.get(other))["source"] == ""


def test_newest_years_come_first(client, grid):
    c = editor(client, grid)
    response = c.get(grid_url(grid))
    years = response.context["grid"].years
    assert years == sorted(years, reverse=True) and years[0] > 2021 and 2020 in years
    page = response.content.decode()
    headers = [int(y) for y in re.findall(r'<th scope="col" class="zw-num">(\d{4})</th>', page)]
    assert headers == years
    inputs = [int(y) for y in re.findall(r'id="g-cell-0-(\d{4})"', page)]
    assert inputs == years
    assert 'class="zw-scroll" tabindex="0" role="region" aria-label=' in page


def test_saving_returns_to_the_focused_cell(client, grid):
    c = editor(client, grid)
    form = form_of(c.get(grid_url(grid)))
    name = field(form, 2021)
    response = c.post(grid_url(grid), {**form, name: "23", "focus": f"g-{name}"})
    assert response.status_code == 302
    assert response["Location"] == grid_url(grid) + f"#g-{name}"
    # a new series sorted before the focused row moves it: the anchor follows the row
    form = form_of(c.get(grid_url(grid)))
    response = c.post(
        grid_url(grid),
        {**form, "new_series": "age=young", "new-2021": "4", "focus": "g-new-2021"},
    )
    after = form_of(c.get(grid_url(grid)))
    assert response["Location"].endswith(f"#g-{field(after, 2021, 'age=young')}")
    # without the script (no focus field) or with a forged one: the status message
    for focus in ("", "javascript:alert(1)", 'g-cell-0-2021"><b>'):
        form = form_of(c.get(grid_url(grid)))
        response = c.post(grid_url(grid), {**form, field(form, 2020): "5", "focus": focus})
        assert response["Location"] == grid_url(grid) + "#zw-status"
    page = c.get(grid_url(grid)).content.decode()
    assert '<div id="zw-status">' in page and 'role="status"' in page


def _reference_world(w):
    """Kreis, Land and Germany values for 2020 and 2021 and a peer median; noise around."""
    w.town_a.peer_type = "15"
    w.town_a.save()
    land = w.kreis.parent
    values = {w.kreis: (31.0, 32.5), land: (41.0, 42.0), w.bund: (51.0, 52.25)}
    for region, (v2020, v2021) in values.items():
        for year, value in ((2020, v2020), (2021, v2021)):
            Observation.objects.create(
                indicator=w.un, region=region, year=year, value=value, unit="percent"
            )
    # not shown: another series, another unit, another region
    Observation.objects.create(
        indicator=w.un, region=w.kreis, year=2022, value=99, unit="percent", series="sex=f"
    )
    Observation.objects.create(indicator=w.un, region=w.kreis, year=2022, value=98, unit="t")
    Observation.objects.create(indicator=w.un, region=w.town_b, year=2022, value=97, unit="percent")
    for year, median in ((2020, 12.0), (2021, 13.5)):
        PeerBand.objects.create(
            indicator=w.un, series="", year=year, group="15", n=40, median=median, q1=1, q3=2,
            minimum=0, maximum=3,
        )  # fmt: skip
    PeerBand.objects.create(
        indicator=w.un, series="", year=2021, group="99", n=4, median=77, q1=1, q3=2,
        minimum=0, maximum=3,
    )  # fmt: skip


def test_reference_rows_match_a_direct_query(client, grid):
    _reference_world(grid)
    c = editor(client, grid)
    with translation.override("de"):
        table = selectors.data_grid(organisation=grid.org_a, indicator=grid.un)
        rows = selectors.grid_references(indicator=grid.un, grid=table)
    shown = {r.label.split(" (")[0]: dict(zip(table.years, r.values, strict=True)) for r in rows}
    for region in (grid.kreis, grid.kreis.parent, grid.bund):
        direct = dict(
            Observation.objects.filter(
                indicator=grid.un, region=region, series="", unit="percent"
            ).values_list("year", "value")
        )
        expected = {
            y: f"{direct[y]:g}".replace(".", ",") if y in direct else "–" for y in table.years
        }
        assert shown[region.name] == expected, region.name
    medians = dict(PeerBand.objects.filter(group="15").values_list("year", "median"))
    peers = next(r for r in rows if r.kind == "peers")
    assert dict(zip(table.years, peers.values, strict=True))[2021] == "13,5"
    assert {y for y, v in zip(table.years, peers.values, strict=True) if v != "–"} == set(medians)
    assert [r.kind for r in rows] == ["region", "region", "region", "peers"]
    page = c.get(grid_url(grid)).content.decode()
    assert "Vergleichswerte" in page and "52,25" in page and "13,5" in page
    assert "Median vergleichbarer Kommunen" in page
    for hidden in ("99", "98", "97", "77"):
        assert f">{hidden}<" not in page


def test_definition_and_unit_beside_the_grid_in_both_languages(client, grid):
    grid.un.definition_de = "Anteil erneuerbarer Energien am Endenergieverbrauch."
    grid.un.definition_en = "Share of renewable energy in final energy consumption."
    grid.un.save()
    c = editor(client, grid)
    page = c.get(grid_url(grid)).content.decode()
    assert "Anteil erneuerbarer Energien am Endenergieverbrauch." in page
    assert "<dt>Einheit</dt><dd>%</dd>" in page
    assert "<summary>Tastatur</summary>" in page
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(grid_url(grid)).content.decode()
    assert "Share of renewable energy in final energy consumption." in page
    assert "Anteil erneuerbarer" not in page


def test_the_grid_costs_a_bounded_number_of_queries(client, grid):
    _reference_world(grid)
    c = editor(client, grid)
    c.get(grid_url(grid))  # warm caches (session, units)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get(grid_url(grid)).status_code == 200
        return len(queries)

    few = count()
    # many more years, series and reference values: not one query more
    for year in range(1990, 2020):
        for region in (grid.town_a, grid.kreis, grid.bund):
            for series in ("", "sex=f", "sex=m"):
                Observation.objects.create(
                    indicator=grid.un, region=region, year=year, value=year, series=series,
                    unit="percent",
                )  # fmt: skip
        PeerBand.objects.create(
            indicator=grid.un, series="", year=year, group="15", n=40, median=1, q1=1, q3=2,
            minimum=0, maximum=3,
        )  # fmt: skip
    many = count()
    assert many == few, (few, many)
    assert many <= 12, many  # measured: 10


def test_values_in_the_new_row_without_a_series_key_are_not_dropped(client, grid):
    """The new row's values need a series key: without one they are kept and marked, not
    silently ignored, and the headline row's values are not copied into the new row."""
    c = editor(client, grid)
    form = form_of(c.get(grid_url(grid)))
    before = StagedObservation.objects.count()
    posted = {**form, field(form, 2021): "22", "new_series": "", "new-2022": "7,5"}
    response = c.post(grid_url(grid), posted)
    assert response.status_code == 400
    again = form_of(response)
    assert again["new-2022"] == "7,5"
    assert again.get("new-2021", "") == ""  # not the headline's "22"
    assert "Reihenschlüssel" in response.content.decode()
    assert StagedObservation.objects.count() == before
