"""The OpenAPI document: a committed snapshot, and property-based fuzzing against it.

When the API changes on purpose, update the snapshot with

    uv run zielwerk export_openapi > docs/api/openapi.json

(``make openapi`` does the same) and commit it with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from zielwerk.api.v1 import api

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
EXAMPLES = 20
UPDATE = "uv run zielwerk export_openapi > docs/api/openapi.json"


def test_openapi_matches_the_committed_snapshot():
    current = api.get_openapi_schema(path_prefix="/api/v1")
    committed = json.loads(SNAPSHOT.read_text("utf-8"))
    assert json.loads(json.dumps(current)) == committed, (
        f"The API changed without updating its snapshot; if intended, run: {UPDATE}"
    )


def test_the_export_command_writes_the_snapshot(capsys):
    call_command("export_openapi")
    assert json.loads(capsys.readouterr().out) == json.loads(SNAPSHOT.read_text("utf-8"))


@pytest.fixture
def _keep_test_connection():
    """Like Django's test client: the raw WSGI handler would close the database connection
    after each request (and with it the test transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
def test_fuzzing_finds_no_server_errors(loaded, settings):
    """Every operation, with inputs generated from its OpenAPI description (schemathesis +
    hypothesis, a bounded number per operation), against the WSGI app in-process."""
    from django.core.wsgi import get_wsgi_application

    settings.ZIELWERK_API_RATE_LIMIT = (1_000_000, 60)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def fuzz(case):
            calls.append(case.call_and_validate(checks=[not_a_server_error]).status_code)

        fuzz()
    assert len(calls) >= len(operations)
    assert 200 in calls
    assert 404 in calls
