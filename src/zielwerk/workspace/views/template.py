"""The upload template download (XLSX or CSV), for everyone who may upload data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation

from .. import services

_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@organisation_required("workspace.edit_data")
def upload_template(request: HttpRequest, organisation: Organisation, fmt: str) -> HttpResponse:
    if fmt not in _TYPES:
        raise Http404(fmt)
    make = services.upload_template_xlsx if fmt == "xlsx" else services.upload_template_csv
    response = HttpResponse(make(organisation=organisation), content_type=_TYPES[fmt])
    name = f"zielwerk-vorlage-{organisation.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
