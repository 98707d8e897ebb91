"""Typed OParl records and the error a sync raises.

Every record carries the object's ``id`` (its URL), its ``type`` without the schema prefix
(``"Paper"``), the OParl ``version`` its type URI names (``"1.0"``, ``"1.1"`` or ``None`` for a
short ``oparl:Paper``), ``created``/``modified`` (aware datetimes; OParl 1.0 makes them
optional for embedded objects, so they may be ``None``) and ``deleted``. Links between objects
are kept as id URLs; the Django app resolves them to rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class OParlCode(StrEnum):
    """Why a sync stopped (``OParlError.code``); ``zielwerk.messages`` words them."""

    HTTP_STATUS = "http_status"  # the server answered with an HTTP error (status, reason)
    UNREACHABLE = "unreachable"  # no answer: DNS, refused connection, timeout (reason)
    TOO_LARGE = "too_large"  # the response is larger than max_bytes (reason names the size)
    INVALID_JSON = "invalid_json"  # the body is no JSON or not UTF-8 (reason)
    NOT_A_LIST = "not_a_list"  # a list page without a ``data`` array
    NOT_AN_OBJECT = "not_an_object"  # an object without ``id`` or ``type`` (reason)
    UNEXPECTED_TYPE = "unexpected_type"  # e.g. the entry URL is no System (reason: the type)
    TOO_MANY_PAGES = "too_many_pages"  # paging loops or exceeds max_pages


class OParlError(Exception):
    """A sync failed; nothing of it is returned, the caller keeps its earlier data.

    ``str()`` is a technical form for logs naming code, URL, HTTP status and reason.

    >>> str(OParlError(OParlCode.HTTP_STATUS, "http://x/p?page=3", 500, "Internal Server Error"))
    'OParl http_status: http://x/p?page=3: HTTP 500 Internal Server Error'
    """

    def __init__(
        self, code: OParlCode, url: str, status: int | None = None, reason: str = ""
    ) -> None:
        self.code = code
        self.url = url
        self.status = status
        self.reason = reason
        detail = (f"HTTP {status} " if status is not None else "") + reason
        super().__init__(f"OParl {code.value}: {url}: {detail.strip()}".rstrip(": "))


@dataclass(frozen=True, kw_only=True)
class Record:
    """What every OParl object has."""

    id: str
    type: str
    version: str | None = None
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    deleted: bool = False


@dataclass(frozen=True, kw_only=True)
class System(Record):
    name: str = ""
    oparl_version: str = ""
    bodies: str = ""  # URL of the body list


@dataclass(frozen=True, kw_only=True)
class Body(Record):
    system: str | None = None
    name: str = ""
    short_name: str = ""
    ags: str = ""
    rgs: str = ""
    website: str = ""
    license: str = ""
    lists: tuple[tuple[str, str], ...] = ()  # (list name, URL): organization, meeting …


@dataclass(frozen=True, kw_only=True)
class File(Record):
    """Metadata of a document; the content is not fetched."""

    name: str = ""
    file_name: str = ""
    mime_type: str = ""
    date: dt.date | None = None
    size: int | None = None
    access_url: str = ""
    download_url: str = ""
    owner: str | None = None  # id of the object the file was embedded in
    role: str = ""  # the field it was found under: mainFile, auxiliaryFile, invitation …


@dataclass(frozen=True, kw_only=True)
class Organization(Record):
    body: str | None = None
    name: str = ""
    short_name: str = ""
    classification: str = ""
    organization_type: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sub_organization_of: str | None = None


@dataclass(frozen=True, kw_only=True)
class AgendaItem(Record):
    meeting: str | None = None
    number: str = ""
    order: int | None = None
    name: str = ""
    public: bool | None = None
    result: str = ""
    resolution_text: str = ""
    consultation: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Meeting(Record):
    name: str = ""
    meeting_state: str = ""
    cancelled: bool = False
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    location: str = ""  # the location's description
    organizations: tuple[str, ...] = ()
    agenda_items: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Consultation(Record):
    paper: str | None = None
    agenda_item: str | None = None
    meeting: str | None = None
    organizations: tuple[str, ...] = ()
    role: str = ""
    authoritative: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Paper(Record):
    body: str | None = None
    name: str = ""
    reference: str = ""
    date: dt.date | None = None
    paper_type: str = ""
    consultations: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    main_file: str | None = None
    under_direction_of: tuple[str, ...] = ()
    originator_organizations: tuple[str, ...] = ()
    superordinated: tuple[str, ...] = ()
    subordinated: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


OParlRecord = System | Body | File | Organization | AgendaItem | Meeting | Consultation | Paper
