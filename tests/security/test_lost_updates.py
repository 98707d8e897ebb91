"""No lost updates: two people on the same data grid, and two API clients on the same rows.

The finding: A and B load the grid; A changes 2000 and saves; B changes only 2001 and saves
— and B's save silently reset A's 2000 (B's form still held the old 2000). Now a save
writes only the cells the person changed, compared with the values the form showed; a
cell changed by both is a conflict that shows both values and keeps the typed input."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.fixtures import _clear_cache, _fast_passwords, world  # noqa: F401
from zielwerk.accounts.services import api_token_create
from zielwerk.workspace import services
from zielwerk.workspace.models import AuditEntry, StagedObservation, Upload

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The fields a browser would submit from the page's form (text, hidden, checked radios,
    selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if a.get("type") == "radio" and "checked" not in a:
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_of(response) -> dict[str, str]:
    parser = _Form()
    parser.feed(response.content.decode())
    return parser.fields


def field(form: dict[str, str], year: int, series: str = "") -> str:
    """The name of the grid field of ``series`` and ``year``."""
    index = next(k[7:] for k, v in form.items() if k.startswith("series-") and v == series)
    return f"cell-{index}-{year}"


def grid_url(w) -> str:
    return reverse("workspace:grid", args=[w.org_a.slug, w.un.code])


def drafts() -> dict[tuple[str, int], float]:
    return {
        (s, y): v for s, y, v in StagedObservation.objects.values_list("series", "year", "value")
    }


@pytest.fixture
def grid(world):  # noqa: F811 - the fixture imported above
    """7.2.1 chosen by A's organisation, with published values for 2000 and 2001."""
    services.indicator_selection_set(
        organisation=world.org_a,
        user=world.members["admin"],
        shown=[world.un.pk],
        chosen=[world.un.pk],
    )
    rows = [
        services.DraftRow(world.un.pk, world.town_a.pk, series, year, value, "Prozent")
        for series, year, value in (("", 2000, 10.0), ("", 2001, 20.0), ("sex=m", 2000, 5.0))
    ]
    services.staged_observations_save(organisation=world.org_a, user=None, rows=rows, origin="grid")
    services.drafts_publish(organisation=world.org_a, user=world.members["publisher"])
    return world


def two_people(w) -> tuple[Client, Client]:
    a, b = Client(), Client()
    a.force_login(w.members["editor"])
    b.force_login(w.members["admin"])
    return a, b


def test_a_change_to_2001_keeps_the_other_persons_2000(grid):
    a, b = two_people(grid)
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    assert form_a[field(form_a, 2000)] == "10"
    response = a.post(grid_url(grid), {**form_a, field(form_a, 2000): "11"})
    assert response.status_code == 302
    response = b.post(grid_url(grid), {**form_b, field(form_b, 2001): "21"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert drafts() == {("", 2000): 11.0, ("", 2001): 21.0}
    # B's save wrote only 2001: one audit entry each
    entries = AuditEntry.objects.filter(action="observation_drafted", user__isnull=False)
    assert sorted(entries.values_list("subject", "old_value", "new_value")) == [
        ("7.2.1 · 051540004004 · 2000", "10", "11"),
        ("7.2.1 · 051540004004 · 2001", "20", "21"),
    ]


def test_both_change_2000_the_second_gets_a_conflict_with_both_values(grid):
    a, b = two_people(grid)
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2000): "11"}).status_code == 302
    response = b.post(
        grid_url(grid), {**form_b, field(form_b, 2000): "12,5", field(form_b, 2001): "22"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Inzwischen geändert: gespeichert ist jetzt 11 (vorher 10)." in page
    assert "Ihren Wert 12,5 speichern" in page
    assert "gespeicherten Wert 11 behalten" in page
    again = form_of(response)
    assert again[field(again, 2000)] == "12,5"  # what B typed is still in the field
    assert again[f"keep-{field(again, 2000)}"] == "mine"
    # A's value stands; B's other change (2001) did not conflict and is saved
    assert drafts() == {("", 2000): 11.0, ("", 2001): 22.0}

    # B keeps the stored value: nothing changes
    keep = b.post(grid_url(grid), {**again, f"keep-{field(again, 2000)}": "theirs"})
    assert keep.status_code == 302
    assert drafts() == {("", 2000): 11.0, ("", 2001): 22.0}


def test_saving_the_conflict_form_again_writes_the_typed_value(grid):
    a, b = two_people(grid)
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2000): "11"}).status_code == 302
    response = b.post(grid_url(grid), {**form_b, field(form_b, 2000): "12,5"})
    assert response.status_code == 409
    assert b.post(grid_url(grid), form_of(response)).status_code == 302
    assert drafts() == {("", 2000): 12.5}


def test_the_same_value_typed_by_both_is_no_conflict(grid):
    a, b = two_people(grid)
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2000): "11"}).status_code == 302
    assert b.post(grid_url(grid), {**form_b, field(form_b, 2000): "11"}).status_code == 302
    assert drafts() == {("", 2000): 11.0}


def test_a_series_added_meanwhile_does_not_shift_the_rows(grid):
    a, b = two_people(grid)
    form_a = form_of(a.get(grid_url(grid)))
    form_b = form_of(b.get(grid_url(grid)))
    # B adds a series that sorts before sex=m: the rows of a fresh grid move down
    added = b.post(grid_url(grid), {**form_b, "new_series": "age=y", "new-2000": "1"})
    assert added.status_code == 302
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2000, "sex=m"): "6"}).status_code == 302
    assert drafts() == {("age=y", 2000): 1.0, ("sex=m", 2000): 6.0}


def test_an_untouched_rounded_value_is_not_rewritten(grid):
    """The grid shows 6 significant digits; an untouched cell is no change."""
    rows = [services.DraftRow(grid.un.pk, grid.town_a.pk, "", 2001, 1234567.0, "Prozent")]
    services.staged_observations_save(organisation=grid.org_a, user=None, rows=rows, origin="grid")
    a, _b = two_people(grid)
    form = form_of(a.get(grid_url(grid)))
    assert form[field(form, 2001)] == "1,23457e+06"
    assert a.post(grid_url(grid), {**form, field(form, 2000): "11"}).status_code == 302
    assert drafts() == {("", 2000): 11.0, ("", 2001): 1234567.0}


def test_an_error_keeps_the_values_seen_so_a_conflict_is_still_found(grid):
    a, b = two_people(grid)
    form_a, form_b = form_of(a.get(grid_url(grid))), form_of(b.get(grid_url(grid)))
    bad = b.post(grid_url(grid), {**form_b, field(form_b, 2000): "12", field(form_b, 2001): "x"})
    assert bad.status_code == 400
    assert a.post(grid_url(grid), {**form_a, field(form_a, 2000): "11"}).status_code == 302
    again = form_of(bad)
    response = b.post(grid_url(grid), {**again, field(again, 2001): "21"})
    assert response.status_code == 409
    assert drafts() == {("", 2000): 11.0, ("", 2001): 21.0}


# --- the API: per-row expected_value, 409 with the conflicting rows -----------------------


def _api(client, raw, body):
    return client.post(
        "/api/v1/organisations/bedburg-hau/observations",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def _row(year, value, **extra):
    return {"indicator": "7.2.1", "region": "051540004004", "year": year, "value": value} | {
        "unit": "Prozent",
        **extra,
    }


@pytest.fixture
def tokens(grid):
    _a, raw_a = api_token_create(organisation=grid.org_a, user=grid.members["editor"], name="A")
    _b, raw_b = api_token_create(organisation=grid.org_a, user=grid.members["admin"], name="B")
    return raw_a, raw_b


def test_api_conditional_write_refuses_a_changed_row_with_both_values(client, grid, tokens):
    raw_a, raw_b = tokens
    ok = _api(client, raw_a, [_row(2000, 11, expected_value=10)])
    assert ok.status_code == 200, ok.json()
    before = (Upload.objects.count(), AuditEntry.objects.count())
    response = _api(
        client, raw_b, [_row(2001, 21, expected_value=20), _row(2000, 12, expected_value=10)]
    )
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["conflicts"] == [
        {
            "row": 2,
            "indicator": "7.2.1",
            "region": "051540004004",
            "series": "",
            "year": 2000,
            "expected_value": 10.0,
            "current_value": 11.0,
            "value": 12.0,
        }
    ]
    assert "Nichts wurde gespeichert" in body["detail"]
    # all or nothing: not even the non-conflicting 2001 row, no upload, no audit entry
    assert drafts() == {("", 2000): 11.0}
    assert (Upload.objects.count(), AuditEntry.objects.count()) == before
    again = _api(client, raw_b, [_row(2000, 12, expected_value=11)])
    assert again.status_code == 200
    assert drafts() == {("", 2000): 12.0}


def test_api_expected_null_means_no_value_yet(client, grid, tokens):
    raw_a, _raw_b = tokens
    assert _api(client, raw_a, [_row(2002, 1, expected_value=None)]).status_code == 200
    response = _api(client, raw_a, [_row(2002, 2, expected_value=None)])
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["current_value"] == 1.0
    assert drafts() == {("", 2002): 1.0}


def test_api_without_expected_value_writes_as_before(client, grid, tokens):
    raw_a, _raw_b = tokens
    assert _api(client, raw_a, [_row(2000, 13)]).status_code == 200
    assert drafts() == {("", 2000): 13.0}


def test_api_expected_value_must_be_a_number(client, grid, tokens):
    raw_a, _raw_b = tokens
    response = _api(client, raw_a, [_row(2000, 13, expected_value="zehn")])
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "expected_value"
    assert drafts() == {}


def test_publishing_drafts_of_two_sources_imports_twice_under_the_import_lock(grid):
    """Each source is one import inside the publishing transaction: the second must not
    wait for the lock the first one of the same request held."""
    for source, year in (("Quelle A", 2003), ("Quelle B", 2004)):
        rows = [services.DraftRow(grid.un.pk, grid.town_a.pk, "", year, 1.0, "Prozent")]
        services.staged_observations_save(
            organisation=grid.org_a, user=None, rows=rows, origin="grid", source=source
        )
    result = services.drafts_publish(organisation=grid.org_a, user=grid.members["publisher"])
    assert (result.observations, len(result.import_runs)) == (2, 2)
