"""Data: the entry grid (years × series) and uploads with preview and confirmation."""

from __future__ import annotations

import re
from dataclasses import replace
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
from zielwerk.catalogue.models import Indicator
from zielwerk.catalogue.units import is_unit, unit_choices, unit_label

from .. import selectors, services
from ..forms import GridInput, UploadForm, parse_grid, seen_text
from ..models import StagedObservation, Upload
from ..scope import selected_indicators
from ..services import uploads
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
    """The grid: all-or-nothing while a cell is bad (everything typed is shown again, the
    bad cells marked); otherwise the changed cells are saved, except those someone else
    changed meanwhile (conflicts, shown with both values to choose from)."""
    indicator = selected_indicator(organisation, code)
    table = selectors.data_grid(organisation=organisation, indicator=indicator)
    form = GridInput()
    conflicts: dict[tuple[str, int], services.DraftConflict] = {}
    source = table.source
    if request.method == "POST":
        if not request.user.has_perm("workspace.edit_data", organisation):
            raise PermissionDenied
        form = parse_grid(request.POST, table)
        source = request.POST.get("source", "").strip()[:1000]
        unit = request.POST.get("unit", table.unit).strip()[:200]
        if not is_unit(unit):
            form.errors["unit"] = _("Bitte eine Einheit aus der Liste wählen.")
        if not form.errors:
            conflicts, saved = _save(request, organisation, indicator, table, form, unit, source)
            if not conflicts:
                messages.success(
                    request, _("%(count)s Werte als Entwurf gespeichert.") % {"count": saved}
                )
                url = reverse("workspace:grid", args=[organisation.slug, code])
                return redirect(url + "#" + _focus_after(request.POST, table, form))
            # Shown again as it is now: the values saved, the conflicts to settle.
            table = selectors.data_grid(organisation=organisation, indicator=indicator)
            form.new_series = ""
            if saved:
                messages.success(
                    request, _("%(count)s Werte als Entwurf gespeichert.") % {"count": saved}
                )
    table = replace(
        table,
        years=sorted(set(table.years) | form.years, reverse=True),
        series=sorted(set(table.series) | (form.series - {form.new_series})),
    )
    rows = _grid_rows(table, form, conflicts)
    return render(
        request,
        "workspace/grid.html",
        context(
            request,
            organisation,
            indicator=indicator,
            grid=table,
            errors=form.errors,
            error_summary=_error_summary(rows, form.errors),
            conflict_count=len(conflicts),
            rows=rows,
            references=selectors.grid_references(indicator=indicator, grid=table),
            unit_choices=unit_choices(blank=_("ohne Einheit")),
            chosen_unit=request.POST.get("unit", table.unit or indicator.unit),
            unit_words=unit_label(table.unit or indicator.unit),
            source=source,
            new_series=form.new_series if form.errors else "",
            breadcrumbs=crumbs(organisation, _data_crumb(organisation), (indicator.code, None)),
        ),
        status=400 if form.errors else 409 if conflicts else 200,
    )


_FOCUS = re.compile(r"^g-(cell-\d{1,4}-\d{4}|new-\d{4}|unit|source|new-series)$")


def _focus_after(data: Any, table: selectors.Grid, form: GridInput) -> str:
    """The id to return to after saving: the field focused last (``focus``, set by the
    page's script), renumbered if a new series moved the rows; without it the status
    message (``zw-status``)."""
    focus = str(data.get("focus", ""))
    if not _FOCUS.match(focus):
        return "zw-status"
    by_name = {name: key for key, name in form.names.items()}
    key = by_name.get(focus[2:])
    if key is None:
        return focus if not focus.startswith("g-new-") or focus == "g-new-series" else "zw-status"
    after = sorted(set(table.series) | {s for s, _y, _v in form.cells})
    if key[0] not in after:
        return "zw-status"
    return f"g-cell-{after.index(key[0])}-{key[1]}"


def _save(
    request: HttpRequest,
    organisation: Organisation,
    indicator: Indicator,
    table: selectors.Grid,
    form: GridInput,
    unit: str,
    source: str,
) -> tuple[dict[tuple[str, int], services.DraftConflict], int]:
    """Write the cells the person changed; those changed meanwhile by others come back."""
    region = table.region.pk
    result = services.staged_observations_merge(
        organisation=organisation,
        user=request.user,
        rows=[services.DraftRow(indicator.pk, region, s, y, v, unit) for s, y, v in form.cells],
        origin=StagedObservation.Origin.GRID,
        source=source,
        expected={(indicator.pk, region, s, y): v for (s, y), v in form.expected.items()},
    )
    return {(c.row.series, c.row.year): c for c in result.conflicts}, result.saved


def _series_label(series: str | None) -> str:
    if series is None:
        return _("Neue Reihe")
    return series or _("Gesamt")


def _error_summary(rows: list[dict[str, Any]], errors: dict[str, str]) -> list[dict[str, str]]:
    """Every error with a link to its field, in the order of the page."""
    summary = []
    if "unit" in errors:
        summary.append({"href": "#g-unit", "label": _("Einheit"), "error": errors["unit"]})
    if "new_series" in errors:
        summary.append(
            {"href": "#g-new-series", "label": _("Neue Reihe"), "error": errors["new_series"]}
        )
    for row in rows:
        for cell in row["cells"]:
            if cell["error"]:
                label = f"{_series_label(row['series'])}, {cell['year']}"
                summary.append(
                    {"href": f"#g-{cell['name']}", "label": label, "error": cell["error"]}
                )
    return summary


def _grid_rows(
    table: selectors.Grid,
    form: GridInput,
    conflicts: dict[tuple[str, int], services.DraftConflict],
) -> list[dict[str, Any]]:
    """Rows for the template: each cell with its input name, shown text, the exact value it
    shows (``seen``), draft flag, error and conflict.

    After an error every cell shows what was typed and keeps the value seen when the form
    was loaded, and a conflict being settled keeps its choice; after a conflict the cell
    shows what was typed and the value now stored becomes the one seen: saving again writes
    the typed value, nothing typed is lost."""
    rows: list[dict[str, Any]] = []
    for index, series, cells in table.rows():
        shown = []
        for year, cell in cells:
            name = f"cell-{index}-{year}"
            old = form.names.get((series, year), "")
            text, seen = number(cell.current), seen_text(cell.current)
            conflict = _conflict(conflicts.get((series, year)))
            if form.errors and old:
                text, seen = form.typed[(series, year)], form.seen_raw.get(old, seen)
                conflict = _pending(form, old, text, cell.current)
            elif conflict is not None:
                text = form.typed.get((series, year), conflict["yours"])
            shown.append(
                {
                    "name": name,
                    "year": year,
                    "text": text or "",
                    "seen": seen,
                    "draft": cell.draft is not None,
                    "error": form.errors.get(old, "") if old else "",
                    "conflict": conflict,
                }
            )
        rows.append({"series": series, "index": index, "cells": shown})
    new = [
        {
            "name": f"new-{y}",
            "year": y,
            "text": form.new_typed.get(y, "") if form.errors else "",
            "seen": "",
            "draft": False,
            "error": form.errors.get(f"new-{y}", ""),
            "conflict": None,
        }
        for y in table.years
    ]
    rows.append({"series": None, "cells": new})  # the row for a new series
    return rows


def _conflict(conflict: services.DraftConflict | None) -> dict[str, str] | None:
    if conflict is None:
        return None
    none = _("kein Wert")
    return {
        "theirs": number(conflict.current) or none,
        "yours": number(conflict.row.value),
        "seen": number(conflict.expected) or none,
        "keep": "mine",
    }


def _pending(form: GridInput, name: str, text: str, current: float | None) -> dict[str, str] | None:
    """A conflict shown before and being settled when another cell was bad: shown again
    with the choice made (the form's ``keep-`` field), so the choice is not lost."""
    if name not in form.keep:
        return None
    return {
        "theirs": number(current) or _("kein Wert"),
        "yours": text,
        "seen": "",  # the earlier value is no longer known: the legend omits it
        "keep": form.keep[name],
    }


def _rejected(exc: services.UploadRejected) -> str:
    texts = {
        "too_large": _("Die Datei ist zu groß (höchstens %(limit)s MB)."),
        "empty": _("Die Datei ist leer."),
        "type": _("Dieser Dateityp wird nicht angenommen. Erlaubt: .csv, .xlsx, .zip."),
        "disguised": _("Der Inhalt der Datei passt nicht zu ihrer Endung."),
        "archive_members": _(
            "Das Archiv enthält zu viele Dateien (Eingabegrenze max_archive_members: "
            "höchstens %(limit)s)."
        ),
        "archive_size": _(
            "Die Datei ist entpackt zu groß (Eingabegrenze max_unpacked_bytes: höchstens "
            "%(limit)s MB)."
        ),
        "archive_ratio": _(
            "Die Datei ist ungewöhnlich stark komprimiert, vermutlich eine ZIP-Bombe "
            "(Eingabegrenze max_compression_ratio: höchstens %(limit)s-fach)."
        ),
        "archive_corrupt": _(
            "Das Archiv ist beschädigt: Die Angaben im Kopf von „%(name)s“ passen nicht zum Inhalt."
        ),
        "archive_path": _("Das ZIP-Archiv enthält unzulässige Pfade."),
        "archive_conflict": _(
            "Das ZIP-Archiv enthält „%(name)s“ zugleich als Datei und als Ordner."
        ),
    }
    limit = exc.details.get("limit", services.MAX_UPLOAD_BYTES)
    if exc.code in ("too_large", "archive_size"):
        limit = int(str(limit)) // (1024 * 1024)
    return texts[exc.code] % {"limit": limit, "name": exc.details.get("name", "")}


@organisation_required("workspace.edit_data")
def upload(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > services.MAX_UPLOAD_BYTES:  # don't read an oversized file at all
            form.add_error("file", _rejected(services.UploadRejected("too_large")))
        else:
            try:  # a refused file is said at once; an accepted one is checked by a job
                stored = uploads.upload_store(
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
                job = uploads.upload_check_start(upload=stored, user=request.user)
                return redirect(job.get_absolute_url())
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
    check = services.upload_preview(upload=item)  # stored by the check: no second check
    checking = confirming = None
    if item.status == Upload.Status.CHECKING:
        checking = uploads.upload_job(item, "upload_check")
    elif check is not None and check.ok:
        confirming = uploads.upload_job(item, "upload_confirm")
        if confirming is not None and confirming.finished:
            confirming = None  # failed (the upload is still "geprüft"): may be confirmed again
    return render(
        request,
        "workspace/upload_detail.html",
        context(
            request,
            organisation,
            upload=item,
            check=check,
            checking=checking,
            confirming=confirming,
            preview=_preview(check),
            breadcrumbs=crumbs(organisation, _data_crumb(organisation), (item.file_name, None)),
        ),
    )


@require_POST
@organisation_required("workspace.edit_data")
def upload_confirm(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Start the job that keeps the rows as drafts (checked again there: the file may have
    waited); a second click while it waits or runs leads to the same job."""
    item = get_object_or_404(Upload, pk=pk, organisation=organisation)
    running = uploads.upload_job(item, "upload_confirm")
    if running is not None and not running.finished and item.status == Upload.Status.CHECKED:
        return redirect(running.get_absolute_url())
    if item.status != Upload.Status.CHECKED or not item.content:
        messages.error(request, _("Diese Datei kann nicht übernommen werden."))
        return redirect("workspace:upload_detail", org=organisation.slug, pk=pk)
    job = uploads.upload_confirm_start(upload=item, user=request.user)
    return redirect(job.get_absolute_url())


@require_POST
@organisation_required("workspace.edit_data")
def upload_discard(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(Upload, pk=pk, organisation=organisation)
    services.upload_discard(upload=item)
    messages.success(request, _("Die Datei wurde verworfen."))
    return redirect("workspace:data", org=organisation.slug)
