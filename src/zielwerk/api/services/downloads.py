"""Download responses: streamed CSV and XLSX of observations, files with version headers."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django.utils.translation import get_language

from zielwerk.core.observations import write_tidy_xlsx

from ..selectors import DataVersion, ObservationFilter, data_version
from .frames import observations_csv, observations_frame
from .opensdg import File

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version_headers(
    response: HttpResponse | StreamingHttpResponse, request: HttpRequest, version: DataVersion
) -> None:
    """A weak ETag from the data version and the request; Last-Modified = the last import."""
    raw = f"{version.tag}|{request.get_full_path()}|{get_language()}".encode()
    response["ETag"] = f'W/"{hashlib.sha256(raw).hexdigest()[:32]}"'
    if version.modified is not None:
        response["Last-Modified"] = http_date(version.modified.timestamp())


def csv_response(request: HttpRequest, where: ObservationFilter) -> StreamingHttpResponse:
    """Streamed: rows are read and written chunk by chunk only while the client reads.
    A conditional request that matches the ETag gets 304 before any row is read."""
    response = StreamingHttpResponse(
        observations_csv(where), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="observations.csv"'
    _version_headers(response, request, data_version())
    return response


def xlsx_response(request: HttpRequest, where: ObservationFilter) -> HttpResponse:
    frame = observations_frame(where)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "observations.xlsx")
        write_tidy_xlsx(frame, path)
        response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="observations.xlsx"'
    return response


def file_response(request: HttpRequest, file: File, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    version = data_version()
    if version.modified is not None:
        response["Last-Modified"] = http_date(version.modified.timestamp())
    return response
