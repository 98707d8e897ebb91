"""OParl sync against a local server over the real Karlsruhe objects (tests/core/oparl_server.py).

The objects live in ``../shared/data/standards/oparl-1.1/karlsruhe`` beside the repository;
these tests skip when that folder is absent. The measured counts are in docs/oparl-data.md.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import urllib.request
from collections import Counter
from typing import Any

import pytest

from tests.core.oparl_server import KARLSRUHE, SCHEMA, KarlsruheOParl, fixture_text
from zielwerk.core.oparl import (
    AgendaItem,
    Consultation,
    Meeting,
    OParlClient,
    OParlCode,
    OParlError,
    Paper,
    Progress,
    oparl_sync,
    records_of,
    type_of,
)

pytestmark = pytest.mark.skipif(
    not KARLSRUHE.is_dir(),
    reason="the shared data (../shared/data/standards/oparl-1.1/karlsruhe) is absent",
)
KEPT = {"Organization", "Meeting", "AgendaItem", "Paper", "Consultation", "File"}
PAPER = "/bodies/0001/papers/vo/51027"


def _walk(obj: Any) -> Any:
    if isinstance(obj, dict):
        if isinstance(obj.get("id"), str) and isinstance(obj.get("type"), str):
            yield obj
        for value in obj.values():
            yield from _walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk(value)


def _fixture_counts() -> Counter[str]:
    """Distinct ids per type in the files themselves, counted without the client."""
    ids: dict[str, set[str]] = {}
    for text in fixture_text().values():
        for obj in _walk(json.loads(text)):
            name = obj["type"].rsplit("/", 1)[-1]
            ids.setdefault(name, set()).add(obj["id"])
    return Counter({name: len(found) for name, found in ids.items() if name in KEPT})


def _top_level(result_ids: set[str], server: KarlsruheOParl) -> set[str]:
    listed = {o["id"] for items in server.lists.values() for o in items}
    return result_ids & listed


@pytest.fixture
def server() -> Any:
    with KarlsruheOParl(page_size=20) as running:
        yield running


def test_full_sync_counts_equal_the_fixture(server: KarlsruheOParl) -> None:
    seen: list[Progress] = []
    result = oparl_sync(server.system_url, progress=seen.append)

    assert result.counts() == _fixture_counts()
    assert result.counts() == {
        "Organization": 97,
        "Meeting": 344,
        "AgendaItem": 2498,
        "Paper": 1503,
        "Consultation": 2058,
        "File": 5006,
    }
    # 5 + 18 + 76 + 14 pages of 20, plus System and the body list (Bodies come embedded)
    assert result.requests == 115
    assert [p.page for p in seen if p.list_name == "paper"] == list(range(1, 77))
    assert {p.total_pages for p in seen if p.list_name == "paper"} == {76}
    newest = max(
        dt.datetime.fromisoformat(o["modified"]) for items in server.lists.values() for o in items
    )
    assert result.high_water == newest
    assert result.system.oparl_version == "https://schema.oparl.org/1.1/"
    assert [b.name for b in result.bodies] == ["Stadt Karlsruhe"]

    by_id = {r.id: r for r in result.records}
    paper = by_id[server.base + PAPER]
    assert isinstance(paper, Paper)
    assert (paper.reference, paper.paper_type, paper.date) == (
        "2024/1087",
        "Beschlussvorlage",
        dt.date(2025, 9, 16),
    )
    assert paper.version == "1.1"
    assert len(paper.consultations) == 3
    decision = by_id[paper.consultations[2]]
    assert isinstance(decision, Consultation)
    assert (decision.role, decision.paper) == ("Entscheidung", paper.id)
    assert all(by_id[f].type == "File" for f in paper.files)
    meeting = by_id[server.base + "/bodies/0001/meetings/10022"]
    assert isinstance(meeting, Meeting)
    assert meeting.start == dt.datetime.fromisoformat("2025-01-15T17:00:00+01:00")
    assert meeting.location == "Bürgersaal im Rathaus, Pfinztalstr. 33"
    first = by_id[meeting.agenda_items[0]]
    assert isinstance(first, AgendaItem)
    assert first.name.startswith("Vorstellung Projekt Glasfaserausbau")


def test_second_sync_fetches_only_objects_modified_after_the_mark(
    server: KarlsruheOParl,
) -> None:
    first = oparl_sync(server.system_url)
    mark = first.high_water
    assert mark is not None
    later = (mark + dt.timedelta(days=3)).isoformat()
    touched = [
        server.base + PAPER,
        server.base + "/bodies/0001/papers/vo/51052",
        server.base + "/bodies/0001/meetings/10022",
        server.lists["organization"][0]["id"],
        server.lists["consultation"][0]["id"],
    ]
    server.touch(touched, later)
    at_mark = {
        o["id"]
        for items in server.lists.values()
        for o in items
        if dt.datetime.fromisoformat(o["modified"]) == mark
    }
    requests_before = len(server.requests)

    second = oparl_sync(server.system_url, since=mark)

    assert _top_level({r.id for r in second.records}, server) == set(touched) | at_mark
    assert second.high_water == dt.datetime.fromisoformat(later)
    assert second.counts()["Paper"] == 2 + sum("/papers/" in i for i in at_mark)
    assert len(server.requests) - requests_before < 12
    assert all("modified_since=" in p for p in server.requests[requests_before + 3 :])

    third = oparl_sync(server.system_url, since=second.high_water)
    assert _top_level({r.id for r in third.records}, server) == set(touched)
    assert third.high_water == second.high_water


def test_objects_older_than_the_mark_are_dropped_when_the_server_ignores_the_filter(
    server: KarlsruheOParl,
) -> None:
    server.honour_since = False
    mark = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    result = oparl_sync(server.system_url, since=mark)
    expected = {
        o["id"]
        for items in server.lists.values()
        for o in items
        if dt.datetime.fromisoformat(o["modified"]) >= mark
    }
    assert expected
    assert _top_level({r.id for r in result.records}, server) == expected


@pytest.mark.parametrize(
    ("fault", "code", "status"),
    [
        ("500", OParlCode.HTTP_STATUS, 500),
        ("json", OParlCode.INVALID_JSON, None),
        ("nodata", OParlCode.NOT_A_LIST, None),
    ],
)
def test_a_broken_page_fails_the_sync_with_the_reason(
    server: KarlsruheOParl, fault: str, code: OParlCode, status: int | None
) -> None:
    server.fail[("paper", 3)] = fault
    seen: list[Progress] = []
    with pytest.raises(OParlError) as caught:
        oparl_sync(server.system_url, progress=seen.append)
    error = caught.value
    assert (error.code, error.status) == (code, status)
    assert error.url == server.body_url + "/papers?page=3"
    assert error.url in str(error)
    if status == 500:
        assert "HTTP 500 Internal Server Error" in str(error)
    # it did read earlier pages, and returned none of them
    assert [p.page for p in seen if p.list_name == "paper"] == [1, 2]


def test_an_oparl_10_server_is_read(server: KarlsruheOParl) -> None:
    server.version = "1.0"
    result = oparl_sync(server.system_url)
    counts = result.counts()
    fixture = _fixture_counts()
    assert result.system.oparl_version == "https://schema.oparl.org/1.0/"
    assert {r.version for r in result.records} == {"1.0"}
    # no consultation list in 1.0: only those embedded in papers
    paper_consultations = {
        c["id"] for p in server.lists["paper"] for c in p.get("consultation", [])
    }
    assert counts["Consultation"] == len(paper_consultations) == 1796
    assert {k: v for k, v in counts.items() if k != "Consultation"} == {
        k: v for k, v in fixture.items() if k != "Consultation"
    }
    embedded = [r for r in result.records if r.type in ("AgendaItem", "File")]
    assert embedded and all(r.modified is None for r in embedded)
    assert result.high_water is not None


def test_type_uris_of_both_versions() -> None:
    paper = {
        "id": "https://ris.example/p/1",
        "type": "oparl:Paper",
        "reference": "1/2016",
        "consultation": ["https://ris.example/c/1"],
    }
    (record,) = records_of(paper)
    assert isinstance(record, Paper)
    assert (record.version, record.consultations) == (None, ("https://ris.example/c/1",))
    assert type_of("https://schema.oparl.org/1.0/Paper") == ("Paper", "1.0")
    with pytest.raises(OParlError) as caught:
        records_of({"id": "https://ris.example/p/2", "type": "Paper"}, "https://ris.example/l")
    assert caught.value.code == OParlCode.NOT_AN_OBJECT


@pytest.mark.parametrize("send_length", [True, False])
def test_an_oversized_response_is_refused(server: KarlsruheOParl, send_length: bool) -> None:
    server.send_length = send_length
    client = OParlClient(max_bytes=2_000)
    with pytest.raises(OParlError) as caught:
        oparl_sync(server.system_url, client=client)
    assert caught.value.code == OParlCode.TOO_LARGE
    assert caught.value.url == server.body_url + "/organizations"
    assert "2000" in caught.value.reason


def test_paging_is_bounded(server: KarlsruheOParl) -> None:
    with pytest.raises(OParlError) as caught:
        oparl_sync(server.system_url, client=OParlClient(max_pages=4))
    assert caught.value.code == OParlCode.TOO_MANY_PAGES
    assert caught.value.url == server.body_url + "/organizations?page=5"


def test_wrong_entry_and_unreachable_server(server: KarlsruheOParl) -> None:
    with pytest.raises(OParlError) as caught:
        oparl_sync(server.body_url)
    assert (caught.value.code, caught.value.reason) == (
        OParlCode.UNEXPECTED_TYPE,
        "https://schema.oparl.org/1.1/Body",
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OParlError) as caught:
        oparl_sync(f"http://127.0.0.1:{port}/oparl", client=OParlClient(timeout=2))
    assert caught.value.code == OParlCode.UNREACHABLE
    with pytest.raises(OParlError) as caught:
        oparl_sync("file:///etc/passwd")
    assert caught.value.code == OParlCode.UNREACHABLE


def test_served_objects_follow_the_oparl_11_schema(server: KarlsruheOParl) -> None:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is not installed (not a project dependency)"
    )
    urls = [
        server.system_url,
        server.body_url,
        server.base + PAPER,
        server.base + "/bodies/0001/meetings/10022",
        server.lists["organization"][0]["id"],
        server.lists["consultation"][0]["id"],
    ]
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:
            obj = json.loads(response.read())
        name = obj["type"].rsplit("/", 1)[-1]
        schema = json.loads((SCHEMA / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(obj, schema)
