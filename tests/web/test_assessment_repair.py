"""Assessments are only stored, and a crash between import and refresh is repaired."""

from __future__ import annotations

from django.core.management import call_command

from zielwerk.monitoring.models import Assessment
from zielwerk.monitoring.services import assessments_refresh, observations_import

from .test_assessments import renewables  # noqa: F401  (the fixture)


def _stored() -> set[tuple[str, str, str, str, str]]:
    return set(
        Assessment.objects.values_list(
            "indicator__code", "region__ars", "series", "method", "status"
        )
    )


def test_a_refresh_lost_after_the_import_is_restored_exactly(renewables, capsys):  # noqa: F811
    # As if the process was killed after the import committed, before the refresh ran.
    summary = observations_import(region="000000000000", path=renewables, refresh=False)
    assert summary.ok and summary.created
    assert not Assessment.objects.exists()
    call_command("refresh_assessments")
    assert "Fehlend: 1 Indikatoren" in capsys.readouterr().out
    repaired = _stored()
    assert repaired
    assessments_refresh(indicators=["7.2.a"])
    assert _stored() == repaired  # exactly what a full refresh stores
    call_command("refresh_assessments")
    assert "Fehlend: 0 Indikatoren, veraltet: 0 Indikatoren" in capsys.readouterr().out


def test_stale_results_are_found_when_data_is_newer(renewables, capsys):  # noqa: F811
    observations_import(region="000000000000", path=renewables)
    Assessment.objects.update(computed_at="2000-01-01T00:00:00Z")
    call_command("refresh_assessments")
    assert "veraltet: 1 Indikatoren" in capsys.readouterr().out
