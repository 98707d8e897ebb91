"""Catalogue and region endpoints on the loaded real catalogue and region directory."""

from __future__ import annotations

import pytest

from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.regions.models import Region, RegionOutline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def test_goals_are_the_17_goals_in_order(client):
    body = client.get("/api/v1/goals").json()
    assert [g["number"] for g in body] == list(Goal.objects.values_list("number", flat=True))
    assert len(body) == 17
    assert body[6]["short_en"] == Goal.objects.get(number=7).short_en


def test_indicators_filter_by_framework_and_goal(client):
    body = client.get("/api/v1/indicators", {"framework": "dns", "goal": 7}).json()
    expected = Indicator.objects.filter(framework="dns", goal__number=7)
    assert sorted(i["code"] for i in body) == sorted(expected.values_list("code", flat=True))
    assert {i["framework"] for i in body} == {"dns"}
    assert client.get("/api/v1/indicators", {"framework": "xx"}).status_code == 422


def test_indicator_detail_links_dns_and_un(client):
    body = client.get("/api/v1/indicators/7.2.a").json()
    indicator = Indicator.objects.get(code="7.2.a")
    assert body["un_indicators"] == list(indicator.un_indicators.values_list("code", flat=True))
    assert body["observation_count"] == indicator.observations.count() > 0
    assert client.get("/api/v1/indicators/99.9.z").status_code == 404


def test_targets_of_a_goal(client):
    body = client.get("/api/v1/targets", {"goal": 11}).json()
    assert [t["code"] for t in body][:2] == ["11.1", "11.2"]
    assert all(t["goal"] == 11 for t in body)


def test_regions_by_level_parent_and_name(client):
    laender = client.get("/api/v1/regions", {"level": "land"}).json()
    assert len(laender) == 16
    assert {r["parent"] for r in laender} == {"000000000000"}
    kreise_sh = client.get("/api/v1/regions", {"parent": "010000000000"}).json()
    assert {r["ars"] for r in kreise_sh} == set(
        Region.objects.filter(parent__ars="010000000000").values_list("ars", flat=True)
    )
    found = client.get("/api/v1/regions", {"q": "flensburg"}).json()
    assert {"Flensburg", "Schleswig-Flensburg"} <= {r["name"] for r in found}


def test_region_pages_follow_the_ars_with_after(client):
    first = client.get("/api/v1/regions", {"level": "kreis", "limit": 50}).json()
    second = client.get(
        "/api/v1/regions", {"level": "kreis", "limit": 50, "after": first[-1]["ars"]}
    ).json()
    ars = [r["ars"] for r in first + second]
    assert ars == list(Region.objects.filter(level="kreis").values_list("ars", flat=True)[:100])


def test_region_detail_has_hierarchy_and_geojson_outline(client):
    body = client.get("/api/v1/regions/010590000000").json()  # Kreis Schleswig-Flensburg
    assert [r["level"] for r in body["ancestors"]] == ["bund", "land"]
    assert body["children"]
    assert {c["parent"] for c in body["children"]} == {"010590000000"}
    assert body["outline"]["type"] in {"Polygon", "MultiPolygon"}
    stored = RegionOutline.objects.get(region__ars="010590000000").geojson
    assert (
        body["outline"]["coordinates"][0][0][:1]
        == __import__("json").loads(stored)["coordinates"][0][0][:1]
    )
    assert client.get("/api/v1/regions/999999999999").status_code == 404
