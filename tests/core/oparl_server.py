"""A local OParl 1.1 server over the real Karlsruhe objects, for the sync tests.

``KARLSRUHE`` is the folder ``../shared/data/standards/oparl-1.1/karlsruhe`` beside the
repository (organizations.json, consultations.json, meetings/*.json, papers/*.json). The
server serves them as one System with one Body whose lists ``organization``, ``meeting``,
``paper`` and ``consultation`` are paged (``page_size`` objects a page, sorted by id), with
``links.next`` and ``pagination``; every ``https://web1.karlsruhe.de/oparl`` in ids and links
is rewritten to the local server's URL, and each object (embedded ones too) can be fetched
by its id. ``modified_since`` is honoured (inclusive, as the standard says).

Faults for tests: ``fail`` maps ``(list name, page)`` to ``"500"`` (HTTP 500),
``"json"`` (a cut-off body) or ``"nodata"`` (a page without ``data``); ``version = "1.0"``
serves OParl 1.0 type URIs, drops ``created``/``modified`` of embedded objects and the
``consultation`` list; ``touch(ids, when)`` changes objects' ``modified``;
``send_length = False`` omits Content-Length; ``honour_since = False`` ignores
``modified_since`` like some old servers.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
KARLSRUHE = ROOT.parent / "shared" / "data" / "standards" / "oparl-1.1" / "karlsruhe"
SCHEMA = KARLSRUHE.parent / "schema"
ORIGIN = "https://web1.karlsruhe.de/oparl"
LISTS = ("organization", "meeting", "paper", "consultation")


@functools.cache
def fixture_text() -> dict[str, str]:
    """The raw JSON text of each list's objects, as a JSON array per list."""
    papers = sorted((KARLSRUHE / "papers").glob("*.json"))
    meetings = sorted((KARLSRUHE / "meetings").glob("*.json"))

    def array(files: list[Path]) -> str:
        return "[" + ",".join(f.read_text(encoding="utf-8") for f in files) + "]"

    return {
        "organization": (KARLSRUHE / "organizations.json").read_text(encoding="utf-8"),
        "consultation": (KARLSRUHE / "consultations.json").read_text(encoding="utf-8"),
        "meeting": array(meetings),
        "paper": array(papers),
    }


def _walk(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        if isinstance(obj.get("id"), str):
            yield obj
        for value in obj.values():
            yield from _walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _walk(value)


class KarlsruheOParl:
    """The server; use as a context manager (``with KarlsruheOParl() as server``)."""

    def __init__(self, page_size: int = 20) -> None:
        self.page_size = page_size
        self.fail: dict[tuple[str, int], str] = {}
        self.version = "1.1"
        self.send_length = True
        self.honour_since = True
        self.requests: list[str] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._http.server_address[1]}/oparl"
        self.system_url = f"{self.base}/system"
        self.body_url = f"{self.base}/bodies/0001"
        self.lists: dict[str, list[dict[str, Any]]] = {
            name: sorted(json.loads(text.replace(ORIGIN, self.base)), key=lambda o: o["id"])
            for name, text in fixture_text().items()
        }
        self.objects: dict[str, dict[str, Any]] = {}
        for items in self.lists.values():
            for obj in _walk(items):
                self.objects.setdefault(obj["id"], obj)
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> KarlsruheOParl:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def touch(self, ids: list[str], when: str) -> None:
        """Set ``modified`` of the listed objects ``ids`` to ``when``."""
        for obj_id in ids:
            self.objects[obj_id]["modified"] = when

    # The documents -------------------------------------------------------------------

    def system(self) -> dict[str, Any]:
        return {
            "id": self.system_url,
            "type": self._type("System"),
            "oparlVersion": f"https://schema.oparl.org/{self.version}/",
            "body": f"{self.base}/bodies",
            "name": "Karlsruhe (Testserver)",
            "created": "2021-01-01T00:00:00+01:00",
            "modified": "2026-01-01T00:00:00+01:00",
        }

    def body(self) -> dict[str, Any]:
        body = {
            "id": self.body_url,
            "type": self._type("Body"),
            "system": self.system_url,
            "name": "Stadt Karlsruhe",
            "shortName": "Karlsruhe",
            "ags": "08212000",
            "rgs": "082120000000",
            "person": f"{self.body_url}/people",
            "legislativeTerm": [],
            "created": "2021-01-01T00:00:00+01:00",
            "modified": "2026-01-01T00:00:00+01:00",
        }
        for name in LISTS:
            if name != "consultation" or self.version != "1.0":
                body[name] = f"{self.body_url}/{name}s"
        return body

    def _type(self, name: str) -> str:
        return f"https://schema.oparl.org/{self.version}/{name}"

    def _as_version(self, obj: Any, top: bool = True) -> Any:
        if self.version == "1.1":
            return obj
        if isinstance(obj, list):
            return [self._as_version(v, top) for v in obj]
        if not isinstance(obj, dict):
            return obj
        out = {k: self._as_version(v, False) for k, v in obj.items()}
        if isinstance(out.get("type"), str):
            out["type"] = out["type"].replace("/1.1/", f"/{self.version}/")
        if not top:
            out.pop("created", None)
            out.pop("modified", None)
        return out

    def page(self, name: str, query: dict[str, str]) -> dict[str, Any]:
        items = self.lists[name]
        since = query.get("modified_since")
        if since is not None and self.honour_since:
            mark = dt.datetime.fromisoformat(since)
            items = [o for o in items if dt.datetime.fromisoformat(o["modified"]) >= mark]
        number = int(query.get("page", "1"))
        pages = max(1, -(-len(items) // self.page_size))
        chunk = items[(number - 1) * self.page_size : number * self.page_size]
        url = f"{self.body_url}/{name}s"

        def link(n: int) -> str:
            return url + "?" + urllib.parse.urlencode({**query, "page": str(n)})

        links = {"first": link(1), "last": link(pages), "self": link(number)}
        if number < pages:
            links["next"] = link(number + 1)
        if number > 1:
            links["prev"] = link(number - 1)
        return {
            "data": [self._as_version(copy.deepcopy(o)) for o in chunk],
            "pagination": {
                "totalElements": len(items),
                "elementsPerPage": self.page_size,
                "currentPage": number,
                "totalPages": pages,
            },
            "links": links,
        }

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        url = f"http://127.0.0.1:{self._http.server_address[1]}{path}"
        if url == self.system_url:
            return 200, json.dumps(self.system()).encode()
        if url == f"{self.base}/bodies":
            return 200, json.dumps({"data": [self.body()], "links": {}}).encode()
        if url == self.body_url:
            return 200, json.dumps(self.body()).encode()
        if url == f"{self.body_url}/people":
            return 200, json.dumps({"data": [], "links": {}}).encode()
        for name in LISTS:
            if url == f"{self.body_url}/{name}s":
                if name == "consultation" and self.version == "1.0":
                    break
                fault = self.fail.get((name, int(query.get("page", "1"))))
                if fault == "500":
                    return 500, b'{"error": "boom"}'
                body = json.dumps(self.page(name, query)).encode()
                if fault == "json":
                    return 200, body[: len(body) // 2]
                if fault == "nodata":
                    return 200, json.dumps({"links": {}}).encode()
                return 200, body
        if url in self.objects:
            return 200, json.dumps(self._as_version(self.objects[url])).encode()
        return 404, b'{"error": "not found"}'

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                server.requests.append(self.path)
                status, body = server.answer(parts.path, query)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                if server.send_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
