"""``zielwerk load_partnerships`` on the real file: the core matcher's counts, idempotent,
all-or-nothing, the unmatched rows reported with reason and evidence."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.core.management import CommandError

from zielwerk.core.partnerships import PartnershipMatch
from zielwerk.hub.models import Partnership
from zielwerk.hub.services import SOURCE
from zielwerk.regions.models import Region

from .conftest import KOELN, TSV, load_output


def _numbers(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", output.splitlines()[0])]


def test_counts_equal_the_core_matcher(
    hub: tuple[str, Path], core_result: PartnershipMatch
) -> None:
    output, report = hub
    counts = core_result.counts()
    rows, matched, unmatched, ambiguous = _numbers(output)
    assert rows == 5681
    assert matched == counts["matched"] == len(core_result.matched)
    assert ambiguous == counts["ambiguous"]
    assert unmatched == counts["no_candidate"] + counts["too_far"] + counts["no_coordinates"]
    # one partnership per (ARS, partner, country); Wikidata lists some pairs twice
    distinct = {(m.ars, m.partner_name, m.country) for m in core_result.matched}
    assert Partnership.objects.count() == len(distinct) < matched
    assert (
        set(Partnership.objects.values_list("region__ars", "partner_name", "partner_country"))
        == distinct
    )
    assert str(report) in output


def test_report_lists_every_unmatched_row_with_reason_and_evidence(
    hub: tuple[str, Path], core_result: PartnershipMatch
) -> None:
    _output, report = hub
    with report.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(core_result.unmatched)
    assert {r["reason"] for r in rows} <= {"no_candidate", "too_far", "ambiguous", "no_coordinates"}
    tsv_lines = TSV.read_text(encoding="utf-8").splitlines()
    for row in rows:
        source = tsv_lines[int(row["line"]) - 1].split("\t")
        assert (source[0], source[5]) == (row["origin"], row["partner"])
        assert (row["evidence"] != "") == (row["reason"] in ("too_far", "ambiguous"))
    # Olfen im Odenwald: the only Olfen lies in NRW, far away: evidence, not a guess
    far = [r for r in rows if r["reason"] == "too_far" and r["origin"].startswith("Olfen")]
    assert far and " km" in far[0]["evidence"]
    assert not Partnership.objects.filter(
        partner_name=far[0]["partner"], region__name="Olfen"
    ).exists()


def test_a_known_pair_is_stored_with_its_partner_as_given(hub: tuple[str, Path]) -> None:
    liverpool = Partnership.objects.get(region__ars=KOELN, partner_name="Liverpool")
    assert liverpool.partner_country == "United Kingdom"
    assert liverpool.kind == Partnership.Kind.TWIN_TOWN
    assert liverpool.partner_lat == pytest.approx(53.4, abs=0.1)
    assert "Wikidata" in liverpool.source and liverpool.created_at is not None
    # partners in Germany are linked to their region by the same rules
    german = Partnership.objects.filter(partner_country="Germany")
    assert german.filter(partner_region__isnull=False).count() > german.count() // 2


def test_second_run_changes_nothing(hub: tuple[str, Path], tmp_path: Path) -> None:
    before = list(Partnership.objects.order_by("pk").values_list())
    output = load_output(TSV, tmp_path / "again.csv")
    assert re.search(r": 0 \S+, 0 \S+, %d " % len(before), output.splitlines()[1])
    assert list(Partnership.objects.order_by("pk").values_list()) == before


def _broken(tmp_path: Path, line: int, column: str, value: str) -> Path:
    lines = TSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    cells = lines[line - 1].split("\t")
    cells[header.index(column)] = value
    lines[line - 1] = "\t".join(cells)
    path = tmp_path / "broken.tsv"
    path.write_text("\n".join(lines[:200]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "column", "value"),
    [(150, "originlat", "51,2x"), (120, "destinationlong", "abc"), (77, "sistercityLabel", "")],
)
def test_a_bad_row_stores_nothing_and_names_line_and_field(
    hub: tuple[str, Path], tmp_path: Path, line: int, column: str, value: str
) -> None:
    Partnership.objects.all().delete()
    with pytest.raises(CommandError) as error:
        load_output(_broken(tmp_path, line, column, value), tmp_path / "r.csv")
    assert f"Zeile {line}" in str(error.value) and column in str(error.value)
    assert Partnership.objects.count() == 0
    assert not (tmp_path / "r.csv").exists()


def test_a_failure_inside_the_load_rolls_everything_back(
    hub: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Partnership.objects.all().delete()
    Partnership.objects.create(
        region=Region.objects.get(ars=KOELN),
        partner_name="Liverpool",
        partner_country="United Kingdom",
        partner_lat=0.0,
        partner_lon=0.0,
        source=SOURCE,
    )

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Partnership.objects, "bulk_update", fail)
    with pytest.raises(RuntimeError):
        load_output(TSV, tmp_path / "r.csv")
    # the rows created before the failure are gone; the old record is untouched
    assert list(Partnership.objects.values_list("partner_name", "partner_lat")) == [
        ("Liverpool", 0.0)
    ]
