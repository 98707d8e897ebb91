"""Data: the entry grid (years × series) and uploads with preview and confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.units import is_unit, unit_choices

from .. import selectors, services
from ..forms import UploadForm, parse_grid
from ..models import StagedObservation, Upload
from ..scope import selected_indicators
from ..templatetags.workspace import number
from .common import context, crumbs, selected_indicator


def _data_crumb(organisation: Organisation) -> tuple[str, str]:
    return (_("Daten"), reverse("workspace:data", args=[organisation.slug]))


@organisation_required("workspace.view")
def data(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "workspace/data.html",
        context(
            request,
            organisation,
            indicators=selected_indicators(organisation),
            uploads=Upload.objects.filter(organisation=organisation)[:10],
            breadcrumbs=crumbs(organisation, (_("Daten"), None)),
        ),
    )


@organisation_required("workspace.view")
def grid(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    indicator = selected_indicator(organisation, code)
    table = selectors.data_grid(organisation=organisation, indicator=indicator)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not request.user.has_perm("workspace.edit_data", organisation):
            raise PermissionDenied
        cells, errors, _new = parse_grid(request.POST, table)
        unit = request.POST.get("unit", table.unit).strip()[:200]
        if not is_unit(unit):
            errors["unit"] = _("Bitte eine Einheit aus der Liste wählen.")
        if not errors:
            rows = [
                services.DraftRow(indicator.pk, table.region.pk, s, y, v, unit) for s, y, v in cells
            ]
            saved = services.staged_observations_save(
                organisation=organisation,
                user=request.user,
                rows=rows,
                origin=StagedObservation.Origin.GRID,
                source=request.POST.get("source", "").strip()[:1000],
            )
            messages.success(
                request, _("%(count)s Werte als Entwurf gespeichert.") % {"count": saved}
            )
            return redirect("workspace:grid", org=organisation.slug, code=code)
    return render(
        request,
        "workspace/grid.html",
        context(
            request,
            organisation,
            indicator=indicator,
            grid=table,
            errors=errors,
            rows=_grid_rows(table, request.POST, errors),
            unit_choices=unit_choices(blank=_("ohne Einheit")),
            chosen_unit=request.POST.get("unit", table.unit or indicator.unit),
            new_series=request.POST.get("new_series", ""),
            breadcrumbs=crumbs(organisation, _data_crumb(organisation), (indicator.code, None)),
        ),
        status=400 if errors else 200,
    )


def _grid_rows(table: selectors.Grid, posted: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    """Rows for the template: each cell with its input name, shown text, draft flag, error."""
    rows: list[dict[str, Any]] = []
    for index, series, cells in table.rows():
        shown = []
        for year, cell in cells:
            name = f"cell-{index}-{year}"
            # After any error every cell shows what was typed: nothing typed is lost.
            text = posted.get(name, "") if errors and name in posted else number(cell.current)
            shown.append(
                {
                    "name": name,
                    "year": year,
                    "text": text or "",
                    "draft": cell.draft is not None,
                    "error": errors.get(name, ""),
                }
            )
        rows.append({"series": series, "cells": shown})
    new = [
        {
            "name": f"new-{y}",
            "year": y,
            "text": posted.get(f"new-{y}", ""),
            "draft": False,
            "error": errors.get(f"new-{y}", ""),
        }
        for y in table.years
    ]
    rows.append({"series": None, "cells": new})  # the row for a new series
    return rows


def _rejected(exc: services.UploadRejected) -> str:
    texts = {
        "too_large": _("Die Datei ist zu groß (höchstens %(limit)s MB)."),
        "empty": _("Die Datei ist leer."),
        "type": _("Dieser Dateityp wird nicht angenommen. Erlaubt: .csv, .xlsx, .zip."),
        "disguised": _("Der Inhalt der Datei passt nicht zu ihrer Endung."),
        "archive_members": _("Das ZIP-Archiv enthält zu viele Dateien."),
        "archive_size": _("Das ZIP-Archiv ist entpackt zu groß."),
        "archive_path": _("Das ZIP-Archiv enthält unzulässige Pfade."),
    }
    return texts[exc.code] % {"limit": services.MAX_UPLOAD_BYTES // (1024 * 1024)}


@organisation_required("workspace.edit_data")
def upload(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > services.MAX_UPLOAD_BYTES:  # don't read an oversized file at all
            form.add_error("file", _rejected(services.UploadRejected("too_large")))
        else:
            try:
                created, _check = services.upload_create(
                    organisation=organisation,
                    user=request.user,
                    name=file.name,
                    content=file.read(),
                    source=form.cleaned_data["source"],
                    codes=form.cleaned_data["codes"] or "catalogue",
                )
            except services.UploadRejected as exc:
                form.add_error("file", _rejected(exc))
            else:
                return redirect("workspace:upload_detail", org=organisation.slug, pk=created.pk)
    return render(
        request,
        "workspace/upload.html",
        context(
            request,
            organisation,
            form=form,
            breadcrumbs=crumbs(
                organisation, _data_crumb(organisation), (_("Datei hochladen"), None)
            ),
        ),
        status=400 if form.errors else 200,
    )


def _preview(check: services.UploadCheck | None) -> list[dict[str, Any]]:
    """The raw table's rows with the problems of each cell (for the preview grid)."""
    if check is None:
        return []
    return [
        {
            "line": line,
            "cells": [
                {"text": text, "problems": check.at(line, column), "id": f"p-{line}-{i}"}
                for i, (column, text) in enumerate(zip(check.columns, values, strict=True))
            ],
        }
        for line, values in check.rows
    ]


@organisation_required("workspace.edit_data")
def upload_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(Upload, pk=pk, organisation=organisation)
    check = services.upload_check(upload=item) if item.content else None
    return render(
        request,
        "workspace/upload_detail.html",
        context(
            request,
            organisation,
            upload=item,
            check=check,
            preview=_preview(check),
            breadcrumbs=crumbs(organisation, _data_crumb(organisation), (item.file_name, None)),
        ),
    )


@require_POST
@organisation_required("workspace.edit_data")
def upload_confirm(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(Upload, pk=pk, organisation=organisation)
    try:
        saved = services.upload_confirm(upload=item, user=request.user)
    except ValueError:
        messages.error(request, _("Diese Datei kann nicht übernommen werden."))
        return redirect("workspace:upload_detail", org=organisation.slug, pk=pk)
    messages.success(
        request,
        _(
            "%(count)s Werte als Entwurf übernommen. Sie werden öffentlich, "
            "sobald sie veröffentlicht sind."
        )
        % {"count": saved},
    )
    return redirect("workspace:review", org=organisation.slug)


@require_POST
@organisation_required("workspace.edit_data")
def upload_discard(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(Upload, pk=pk, organisation=organisation)
    services.upload_discard(upload=item)
    messages.success(request, _("Die Datei wurde verworfen."))
    return redirect("workspace:data", org=organisation.slug)
