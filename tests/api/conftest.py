"""Real data for the API tests: catalogue, regions and three real DNS indicator files,
loaded once for the package through the same commands and import service users run."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from zielwerk.monitoring.services import observations_import

DATA = Path(__file__).parent / "data"
OPENSDG_SLICE = DATA / "opensdg"


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalogue", stdout=StringIO())
        call_command("load_regions", stdout=StringIO())
        summary = observations_import(
            region="000000000000", path=OPENSDG_SLICE, source="Destatis (DNS)", actor="tests"
        )
        assert summary.ok, summary.problems
        yield summary
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test starts with empty rate-limit counters and a generous limit."""
    settings.ZIELWERK_API_RATE_LIMIT = (10_000, 60)
    cache.clear()
    yield
    cache.clear()
