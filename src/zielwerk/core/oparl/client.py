"""Read a council information system through OParl 1.1 (tolerating 1.0) with urllib.

``oparl_sync(url, since=...)`` walks System → Body → the Body's lists of organizations,
meetings (with their embedded agenda items and files) and papers (with their embedded
consultations and files), plus the Body's consultation list where the server offers one
(OParl 1.1 only). Each list is read page by page along ``links.next``; with ``since`` the
first page is asked for ``modified_since`` and the server's next links carry the filter on.

A sync is all or nothing: any broken page (HTTP error, timeout, oversized or invalid JSON,
a list page without ``data``) raises ``OParlError`` naming the URL, HTTP status and reason,
and no record of that sync is returned, so the caller keeps its earlier data.

OParl 1.0 differences that are tolerated (docs/oparl-data.md):

* type URIs ``https://schema.oparl.org/1.0/Paper`` (also ``http:``, the draft form
  ``https://oparl.org/schema/1.0/Paper`` and the short ``oparl:Paper``);
* ``created``/``modified`` missing on embedded objects (agenda items, consultations, files,
  locations): the record has ``None`` there;
* no ``agendaItem``/``consultation``/``file``/``locationList`` lists on the Body: the embedded
  objects are the only source, which is what this client reads anyway;
* servers that ignore ``modified_since``: objects older than ``since`` are dropped here.

Timestamps without a UTC offset are read as Europe/Berlin time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from zielwerk.core.oparl.model import (
    AgendaItem,
    Body,
    Consultation,
    File,
    Meeting,
    OParlCode,
    OParlError,
    OParlRecord,
    Organization,
    Paper,
    Record,
    System,
)

MAX_BYTES = 20 * 1024 * 1024
"""Size of one response (a page of 20 to 100 papers with embedded files is well below 2 MB)."""
TIMEOUT_SECONDS = 30.0
"""Connect and read timeout of one request."""
MAX_PAGES = 10_000
"""Pages of one list (Köln, the largest German RIS, has some 200,000 papers)."""

BERLIN = ZoneInfo("Europe/Berlin")
USER_AGENT = "Zielwerk-OParl/1 (+https://zielwerk.de)"
SYNCED_LISTS = ("organization", "meeting", "paper", "consultation")
"""Lists of a Body that a sync walks, in this order (``consultation`` only exists in 1.1)."""

_TYPE_URI = re.compile(
    r"^(?:https?://schema\.oparl\.org/(?P<v1>\d+\.\d+)/|https?://oparl\.org/schema/(?P<v2>\d+\.\d+)/|oparl:)"
    r"(?P<name>[A-Za-z]+)$"
)
_FILE_FIELDS = {
    "Paper": ("mainFile", "auxiliaryFile"),
    "Meeting": ("invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile"),
    "AgendaItem": ("resolutionFile", "auxiliaryFile"),
}


def type_of(value: object) -> tuple[str, str | None] | None:
    """The object type and OParl version a type URI names, or ``None`` if it is none.

    >>> type_of("https://schema.oparl.org/1.1/Paper")
    ('Paper', '1.1')
    >>> type_of("https://schema.oparl.org/1.0/Meeting")
    ('Meeting', '1.0')
    >>> type_of("https://oparl.org/schema/1.0/Body")
    ('Body', '1.0')
    >>> type_of("oparl:AgendaItem")
    ('AgendaItem', None)
    >>> type_of("Paper") is None
    True
    """
    if not isinstance(value, str):
        return None
    match = _TYPE_URI.match(value.strip())
    if match is None:
        return None
    return match["name"], match["v1"] or match["v2"]


def parse_datetime(value: object) -> dt.datetime | None:
    """An OParl date-time as an aware datetime (no offset: Europe/Berlin); junk gives ``None``.

    >>> parse_datetime("2025-03-03T13:33:55+01:00").isoformat()
    '2025-03-03T13:33:55+01:00'
    >>> parse_datetime("2025-07-01T10:00:00").isoformat()
    '2025-07-01T10:00:00+02:00'
    >>> parse_datetime("gestern") is None
    True
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=BERLIN)


def parse_date(value: object) -> dt.date | None:
    """An OParl date (a date-time is cut to its date); junk gives ``None``.

    >>> parse_date("2025-09-16")
    datetime.date(2025, 9, 16)
    >>> parse_date("2025-09-16T00:00:00+02:00")
    datetime.date(2025, 9, 16)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def with_query(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` set in its query (encoded: ``+`` of an offset becomes ``%2B``).

    >>> with_query("http://x/papers?page=2", {"modified_since": "2025-01-01T00:00:00+01:00"})
    'http://x/papers?page=2&modified_since=2025-01-01T00%3A00%3A00%2B01%3A00'
    """
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k not in params]
    query.extend(params.items())
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@dataclass(frozen=True)
class Progress:
    """Reported after each page: the list (``"paper"`` …), the page number read, the total
    pages if the server says, and the records collected so far in the whole sync."""

    list_name: str
    page: int
    total_pages: int | None
    records: int


@dataclass(frozen=True)
class SyncResult:
    """What one sync found: new or changed records and the new high-water mark.

    ``records`` holds each object once (by id), embedded ones included; ``high_water`` is
    the latest ``modified`` of the listed (top-level) objects, never earlier than ``since``;
    pass it as ``since`` to the next sync.
    """

    system: System
    bodies: tuple[Body, ...]
    records: tuple[OParlRecord, ...]
    high_water: dt.datetime | None
    requests: int

    def counts(self) -> dict[str, int]:
        """Records per type, e.g. ``{"Paper": 1503, ...}``."""
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.type] = counts.get(record.type, 0) + 1
        return counts

    def of_type(self, name: str) -> list[OParlRecord]:
        return [r for r in self.records if r.type == name]


class OParlClient:
    """Fetches OParl JSON with bounded size and time; counts its requests."""

    def __init__(
        self,
        *,
        timeout: float = TIMEOUT_SECONDS,
        max_bytes: int = MAX_BYTES,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        self.requests = 0

    def get(self, url: str) -> Any:
        """The parsed JSON at ``url``; any failure raises ``OParlError``."""
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise OParlError(OParlCode.UNREACHABLE, url, reason="only http and https URLs")
        # the scheme is checked above: no file: or custom schemes reach urllib
        request = urllib.request.Request(  # noqa: S310
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise OParlError(
                        OParlCode.TOO_LARGE, url, reason=f"{length} > {self.max_bytes} bytes"
                    )
                body = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as exc:
            raise OParlError(OParlCode.HTTP_STATUS, url, exc.code, str(exc.reason)) from exc
        except urllib.error.URLError as exc:
            raise OParlError(OParlCode.UNREACHABLE, url, reason=str(exc.reason)) from exc
        except (TimeoutError, OSError) as exc:
            raise OParlError(OParlCode.UNREACHABLE, url, reason=str(exc) or "timeout") from exc
        if len(body) > self.max_bytes:
            raise OParlError(OParlCode.TOO_LARGE, url, reason=f"> {self.max_bytes} bytes")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise OParlError(OParlCode.INVALID_JSON, url, reason=str(exc)[:200]) from exc

    def get_object(self, url: str, expected: str) -> dict[str, Any]:
        """The object at ``url``, which must be of type ``expected``."""
        data = self.get(url)
        found = type_of(data.get("type")) if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or found is None:
            raise OParlError(OParlCode.NOT_AN_OBJECT, url, reason="id or type missing")
        if found[0] != expected:
            raise OParlError(OParlCode.UNEXPECTED_TYPE, url, reason=str(data.get("type")))
        return data

    def pages(self, url: str) -> Iterator[tuple[list[Any], int | None]]:
        """The ``data`` of each page of the list at ``url`` with the server's page total."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= self.max_pages:
                raise OParlError(OParlCode.TOO_MANY_PAGES, next_url, reason=f"{len(seen)} pages")
            seen.add(next_url)
            page = self.get(next_url)
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise OParlError(OParlCode.NOT_A_LIST, next_url, reason="no data array")
            pagination = page.get("pagination")
            total = pagination.get("totalPages") if isinstance(pagination, dict) else None
            yield page["data"], total if isinstance(total, int) else None
            links = page.get("links")
            following = links.get("next") if isinstance(links, dict) else None
            next_url = following if isinstance(following, str) and following else None


def _text(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _link(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _links(obj: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = obj.get(key)
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return ()
    ids = (v.get("id") if isinstance(v, dict) else v for v in value)
    return tuple(i for i in ids if isinstance(i, str) and i)


def _embedded(obj: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("id"), str)]


def _common(obj: Mapping[str, Any], name: str, version: str | None) -> dict[str, Any]:
    return {
        "id": obj["id"],
        "type": name,
        "version": version,
        "created": parse_datetime(obj.get("created")),
        "modified": parse_datetime(obj.get("modified")),
        "deleted": obj.get("deleted") is True,
    }


def _optional_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _optional_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _files(obj: Mapping[str, Any], owner_type: str, out: list[OParlRecord]) -> tuple[str, ...]:
    ids: list[str] = []
    for field in _FILE_FIELDS.get(owner_type, ()):
        for raw in _embedded(obj, field):
            kind = type_of(raw.get("type"))
            out.append(
                File(
                    **_common(raw, "File", kind[1] if kind else None),
                    name=_text(raw, "name"),
                    file_name=_text(raw, "fileName"),
                    mime_type=_text(raw, "mimeType"),
                    date=parse_date(raw.get("date")),
                    size=_optional_int(raw.get("size")),
                    access_url=_text(raw, "accessUrl"),
                    download_url=_text(raw, "downloadUrl"),
                    owner=obj["id"],
                    role=field,
                )
            )
            ids.append(raw["id"])
    return tuple(ids)


def _consultation(obj: Mapping[str, Any], version: str | None, paper: str | None) -> Consultation:
    return Consultation(
        **_common(obj, "Consultation", version),
        paper=_link(obj, "paper") or paper,
        agenda_item=_link(obj, "agendaItem"),
        meeting=_link(obj, "meeting"),
        organizations=_links(obj, "organization"),
        role=_text(obj, "role"),
        authoritative=_optional_bool(obj.get("authoritative")),
    )


def records_of(obj: Mapping[str, Any], url: str = "") -> list[OParlRecord]:
    """The record of one listed object followed by the records embedded in it.

    Types this client does not keep (Person, Location, Membership …) give an empty list.
    """
    kind = type_of(obj.get("type"))
    if not isinstance(obj.get("id"), str) or kind is None:
        raise OParlError(OParlCode.NOT_AN_OBJECT, url, reason=f"id or type missing: {obj!r}"[:200])
    name, version = kind
    out: list[OParlRecord] = []
    if name == "Organization":
        out.append(
            Organization(
                **_common(obj, name, version),
                body=_link(obj, "body"),
                name=_text(obj, "name"),
                short_name=_text(obj, "shortName"),
                classification=_text(obj, "classification"),
                organization_type=_text(obj, "organizationType"),
                start_date=parse_date(obj.get("startDate")),
                end_date=parse_date(obj.get("endDate")),
                sub_organization_of=_link(obj, "subOrganizationOf"),
            )
        )
    elif name == "Meeting":
        embedded: list[OParlRecord] = []
        items: list[str] = []
        for raw in _embedded(obj, "agendaItem"):
            item_kind = type_of(raw.get("type"))
            item_files: list[OParlRecord] = []
            files = _files(raw, "AgendaItem", item_files)
            embedded.append(
                AgendaItem(
                    **_common(raw, "AgendaItem", item_kind[1] if item_kind else version),
                    meeting=_link(raw, "meeting") or obj["id"],
                    number=_text(raw, "number"),
                    order=_optional_int(raw.get("order")),
                    name=_text(raw, "name"),
                    public=_optional_bool(raw.get("public")),
                    result=_text(raw, "result"),
                    resolution_text=_text(raw, "resolutionText"),
                    consultation=_link(raw, "consultation"),
                    start=parse_datetime(raw.get("start")),
                    end=parse_datetime(raw.get("end")),
                    files=files,
                )
            )
            embedded.extend(item_files)
            items.append(raw["id"])
        location = obj.get("location")
        out.append(
            Meeting(
                **_common(obj, name, version),
                name=_text(obj, "name"),
                meeting_state=_text(obj, "meetingState"),
                cancelled=obj.get("cancelled") is True,
                start=parse_datetime(obj.get("start")),
                end=parse_datetime(obj.get("end")),
                location=_text(location, "description") if isinstance(location, dict) else "",
                organizations=_links(obj, "organization"),
                agenda_items=tuple(items),
                files=_files(obj, name, embedded),
            )
        )
        out.extend(embedded)
    elif name == "Paper":
        embedded = []
        for raw in _embedded(obj, "consultation"):
            raw_kind = type_of(raw.get("type"))
            embedded.append(_consultation(raw, raw_kind[1] if raw_kind else version, obj["id"]))
        files = _files(obj, name, embedded)
        out.append(
            Paper(
                **_common(obj, name, version),
                body=_link(obj, "body"),
                name=_text(obj, "name"),
                reference=_text(obj, "reference"),
                date=parse_date(obj.get("date")),
                paper_type=_text(obj, "paperType"),
                consultations=_links(obj, "consultation"),
                files=files,
                main_file=_link(obj, "mainFile"),
                under_direction_of=_links(obj, "underDirectionOf"),
                originator_organizations=_links(obj, "originatorOrganization"),
                superordinated=_links(obj, "superordinatedPaper"),
                subordinated=_links(obj, "subordinatedPaper"),
                related=_links(obj, "relatedPaper"),
                keywords=tuple(k for k in obj.get("keyword") or () if isinstance(k, str)),
            )
        )
        out.extend(embedded)
    elif name == "Consultation":
        out.append(_consultation(obj, version, None))
    return out


def _system(data: Mapping[str, Any]) -> System:
    kind = type_of(data.get("type"))
    return System(
        **_common(data, "System", kind[1] if kind else None),
        name=_text(data, "name"),
        oparl_version=_text(data, "oparlVersion"),
        bodies=_text(data, "body"),
    )


def _body(data: Mapping[str, Any]) -> Body:
    kind = type_of(data.get("type"))
    lists = tuple(
        (key, value)
        for key in (*SYNCED_LISTS, "person", "agendaItem", "file", "locationList", "membership")
        if isinstance(value := data.get(key), str) and value
    )
    return Body(
        **_common(data, "Body", kind[1] if kind else None),
        system=_link(data, "system"),
        name=_text(data, "name"),
        short_name=_text(data, "shortName"),
        ags=_text(data, "ags"),
        rgs=_text(data, "rgs"),
        website=_text(data, "website"),
        license=_text(data, "license"),
        lists=lists,
    )


def oparl_sync(
    url: str,
    *,
    since: dt.datetime | None = None,
    client: OParlClient | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> SyncResult:
    """Read everything new or changed since ``since`` (all when ``None``) from the system at
    ``url``; raise ``OParlError`` on the first broken request and return nothing then.

    Listed objects whose ``modified`` is earlier than ``since`` are left out even if the
    server ignores ``modified_since``; objects modified exactly at ``since`` come again
    (the filter is inclusive), which an upsert absorbs.
    """
    client = client or OParlClient()
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=BERLIN)
    data = client.get_object(url, "System")
    system = _system(data)
    if not system.bodies:
        raise OParlError(OParlCode.NOT_AN_OBJECT, url, reason="System without body list")
    bodies: list[Body] = []
    for page, _total in client.pages(system.bodies):
        for raw in page:
            kind = type_of(raw.get("type")) if isinstance(raw, dict) else None
            if kind is None or kind[0] != "Body" or not isinstance(raw.get("id"), str):
                raise OParlError(OParlCode.UNEXPECTED_TYPE, system.bodies, reason="not a Body")
            bodies.append(_body(raw))
    records: dict[str, OParlRecord] = {}
    high_water = since
    params = {"modified_since": since.isoformat()} if since is not None else {}
    for body in bodies:
        lists = dict(body.lists)
        for list_name in SYNCED_LISTS:
            if list_name not in lists:
                continue
            list_url = with_query(lists[list_name], params) if params else lists[list_name]
            for number, (page, total) in enumerate(client.pages(list_url), start=1):
                for raw in page:
                    if not isinstance(raw, dict):
                        raise OParlError(OParlCode.NOT_AN_OBJECT, list_url, reason=repr(raw)[:80])
                    found = records_of(raw, list_url)
                    if not found:
                        continue
                    modified = found[0].modified
                    if since is not None and modified is not None and modified < since:
                        continue
                    if modified is not None and (high_water is None or modified > high_water):
                        high_water = modified
                    for record in found:
                        records[record.id] = record
                if progress is not None:
                    progress(Progress(list_name, number, total, len(records)))
    return SyncResult(
        system=system,
        bodies=tuple(bodies),
        records=tuple(records.values()),
        high_water=high_water,
        requests=client.requests,
    )


__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "SYNCED_LISTS",
    "TIMEOUT_SECONDS",
    "OParlClient",
    "Progress",
    "Record",
    "SyncResult",
    "oparl_sync",
    "parse_date",
    "parse_datetime",
    "records_of",
    "type_of",
    "with_query",
]
