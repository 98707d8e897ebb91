"""Caching headers and conditional GET, CORS, rate limiting, the self-hosted docs page."""

from __future__ import annotations

import re

import pytest

from zielwerk.monitoring.models import Observation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]


def test_json_answers_304_for_its_etag(client):
    first = client.get("/api/v1/indicators", {"framework": "dns"})
    etag = first["ETag"]
    again = client.get("/api/v1/indicators", {"framework": "dns"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/indicators", {"framework": "un"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_streamed_csv_answers_304_until_data_changes(client):
    params = {"indicator": "7.2.a", "format": "csv"}
    first = client.get("/api/v1/observations", params)
    b"".join(first.streaming_content)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/observations", params, HTTP_IF_NONE_MATCH=etag).status_code == 304
    since = client.get("/api/v1/observations", params, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    template = Observation.objects.filter(indicator__code="7.2.a").first()
    Observation.objects.create(
        indicator=template.indicator, region=template.region, year=1989, value=0.5
    )
    changed = client.get("/api/v1/observations", params, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_cors_on_reads_and_preflight(client):
    response = client.get("/api/v1/goals", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/observations",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/dcat/catalog.ttl")["Access-Control-Allow-Origin"] == "*"


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.ZIELWERK_API_RATE_LIMIT = (5, 60)
    statuses = [client.get("/api/v1/goals").status_code for _ in range(5)]
    assert statuses == [200] * 5
    over = client.get("/api/v1/goals")
    assert over.status_code == 429
    retry = int(over["Retry-After"])
    assert 1 <= retry <= 60
    body = over.json()
    assert body["error"] == "rate_limited"
    assert body["retry_after"] == retry
    assert body["limit"] == 5
    assert "5" in body["detail"]
    assert over["Access-Control-Allow-Origin"] == "*"
    other_client = client.get("/api/v1/goals", REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 200  # counted per client IP


def test_docs_page_loads_nothing_from_other_hosts(client):
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/") for s in sources)
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
        b"".join(asset.streaming_content)
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Zielwerk API"
