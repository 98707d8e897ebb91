"""Assessments through the API equal the stored ones and carry their explanation."""

from __future__ import annotations

import pytest

from zielwerk.monitoring.models import Assessment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def test_assessments_of_an_indicator_equal_the_database(client):
    response = client.get("/api/v1/assessments", {"indicator": "7.2.a"})
    assert response.status_code == 200
    body = response.json()
    stored = Assessment.objects.filter(indicator__code="7.2.a")
    assert len(body) == stored.count() > 0
    national = [
        a
        for a in body
        if a["region"] == "000000000000" and a["method"] == "dns" and a["series"] == ""
    ]
    assert len(national) == 1
    row = stored.get(region__ars="000000000000", method="dns", series="")
    assert national[0]["status"] == row.status
    assert national[0]["components"]["target_value"] == 41.0
    assert national[0]["components"]["projection"] == pytest.approx(row.components["projection"])


def test_assessments_filter_by_method_region_and_level(client):
    body = client.get(
        "/api/v1/assessments",
        {"indicator": "7.2.a", "method": "opensdg", "level": "indicator", "region": "000000000000"},
    ).json()
    assert len(body) == 1
    assert body[0]["level"] == "indicator"
    assert -5 <= body[0]["score"] <= 5


def test_unknown_method_is_a_validation_error(client):
    response = client.get("/api/v1/assessments", {"indicator": "7.2.a", "method": "magic"})
    assert response.status_code == 422
