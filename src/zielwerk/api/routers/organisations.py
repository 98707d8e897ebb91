"""An organisation's data through API tokens: writing observations and targets (the same
services and permissions as the workspace), and reading its targets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from zielwerk.accounts.models import ApiToken, Organisation
from zielwerk.catalogue.units import unit_label
from zielwerk.core.limits import LimitExceeded, json_load
from zielwerk.monitoring.locks import Busy
from zielwerk.workspace import services
from zielwerk.workspace.models import OrganisationTarget
from zielwerk.workspace.services.uploads import CellProblem

from ..auth import TOKEN, TOKEN_OR_PUBLIC, token_of, token_permission
from ..parser import json_refusal
from ..schemas import (
    ConflictOut,
    ErrorOut,
    ObservationRowIn,
    OrganisationTargetIn,
    OrganisationTargetOut,
    OrganisationTargetsOut,
    RejectedOut,
    SubmissionOut,
)
from ..services.rows import json_row_expectations, json_rows_csv

router = Router(tags=["organisations"])

WRITE_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: RejectedOut,
    429: ErrorOut,
}
RETRY_AFTER = 30  # seconds; an import rarely writes longer
OBSERVATIONS_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"type": "array", "items": ObservationRowIn.model_json_schema()}
        },
        "text/csv": {
            "schema": {"type": "string"},
            "example": "indicator,region,series,year,value,unit\n7.2.a,051540004004,,2023,12.5,%\n",
        },
    },
}


def _json_message(problem: CellProblem) -> str:
    """The problem's place in JSON terms (the import's message counts CSV lines)."""
    place = [_("Zeile %(row)s") % {"row": problem.line - 1}] if problem.line else []
    if problem.column:
        place.append(_("Feld „%(field)s“") % {"field": problem.column})
    if problem.value:
        place.append(_("Wert „%(value)s“") % {"value": problem.value[:80]})
    return ", ".join(place) + ": " + problem.reason if place else problem.message


def rejected(problems: list[CellProblem], total: int, *, csv_lines: bool) -> dict[str, Any]:
    """The 422 body: every problem with its row, field, value and reason."""
    return {
        "detail": _("Nichts wurde gespeichert: %(count)s Probleme.") % {"count": total},
        "problem_count": total,
        "problems": [
            {
                "row": p.line - 1 if p.line is not None else None,
                "line": p.line if csv_lines else None,
                "field": p.column,
                "value": p.value,
                "reason": p.reason,
                "message": p.message if csv_lines else _json_message(p),
            }
            for p in problems
        ],
    }


def _writer(request: HttpRequest, slug: str, permission: str) -> tuple[Organisation, ApiToken]:
    organisation = get_object_or_404(Organisation.objects.select_related("region"), slug=slug)
    api_token = token_of(request)
    assert api_token is not None  # the operation requires TOKEN
    token_permission(api_token, organisation, permission)
    return organisation, api_token


def _body(request: HttpRequest) -> bytes:
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise HttpError(413, "request body too large") from exc
    # PostgreSQL cannot store NUL characters; no valid row contains one.
    if b"\x00" in body or b"\\u0000" in body:
        raise HttpError(422, "NUL characters are not allowed")
    return body


def _observations_csv(request: HttpRequest) -> tuple[bytes, bool, dict[int, float | None]]:
    """The request body as a tidy CSV, whether it was sent as CSV, and the rows' expected
    values (JSON ``expected_value``) by CSV line."""
    body = _body(request)
    kind = request.content_type or ""
    if kind == "text/csv":
        return body, True, {}
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json_load(body)
        except LimitExceeded as exc:  # a lone surrogate, nesting deeper than the limit
            raise HttpError(400, json_refusal(exc)) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise HttpError(400, "the body is not valid JSON") from exc
        return json_rows_csv(data), False, json_row_expectations(data)
    raise HttpError(415, "send application/json or text/csv")


def _conflict(exc: services.SubmissionConflict) -> dict[str, Any]:
    """The 409 body: every row changed by someone else, with both values."""
    return {
        "detail": _(
            "Nichts wurde gespeichert: %(count)s Werte wurden inzwischen geändert. Bitte die "
            "aktuellen Werte lesen und erneut senden."
        )
        % {"count": len(exc.conflicts)},
        "conflicts": [
            {
                "row": row,
                "indicator": indicator,
                "region": region,
                "series": c.row.series,
                "year": c.row.year,
                "expected_value": c.expected,
                "current_value": c.current,
                "value": c.row.value,
            }
            for row, indicator, region, c in exc.conflicts
        ],
    }


def busy_response() -> HttpResponse:
    """503 with Retry-After: another import is writing."""
    response = JsonResponse(
        {
            "detail": _(
                "Gerade läuft ein anderer Import; nichts wurde gespeichert. Bitte in "
                "%(seconds)s Sekunden erneut versuchen."
            )
            % {"seconds": RETRY_AFTER}
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@router.post(
    "/organisations/{slug}/observations",
    auth=TOKEN,
    response={200: SubmissionOut, 400: ErrorOut, 409: ConflictOut, 503: ErrorOut, **WRITE_ERRORS},
    summary="Write observations (drafts, or published with publish=true)",
    description=(
        "A JSON list of rows or a tidy CSV (`text/csv`), checked exactly like a file uploaded "
        "in the workspace: the import checks, and the scope (indicator in the organisation's "
        "set, region inside its area). All or nothing: any problem answers `422` with every "
        "problem, and nothing is stored. Valid rows become drafts as if the upload had been "
        "confirmed (needs the role *editor*); with `publish=true` these rows are published "
        "at once (needs *publisher*). Conditional write: a JSON row with `expected_value` "
        "(the value last read, `null` for none) is written only if the value in force (the "
        "organisation's draft, else the published value) is still that value; otherwise "
        "`409` lists every conflicting row with both values and nothing is stored. `503` "
        "with `Retry-After` while another import is writing (publish=true)."
    ),
    openapi_extra={"requestBody": OBSERVATIONS_BODY},
)
def observations_write(request: HttpRequest, slug: str, publish: bool = False) -> Any:
    permission = "workspace.publish" if publish else "workspace.edit_data"
    organisation, api_token = _writer(request, slug, permission)
    try:
        content, as_csv, expected = _observations_csv(request)
    except services.SubmissionRejected as exc:
        return Status(422, rejected(exc.problems, exc.total, csv_lines=False))
    try:
        result = services.observations_submit(
            organisation=organisation,
            user=api_token.created_by,
            name=f"{api_token.label}.csv",
            content=content,
            source=api_token.label,
            publish=publish,
            expected=expected,
        )
    except services.SubmissionConflict as exc:
        return Status(409, _conflict(exc))
    except Busy:
        return busy_response()
    except services.UploadRejected as exc:
        if exc.code == "too_large":
            raise HttpError(413, "request body too large") from exc
        reason = _("Die Daten sind leer oder keine CSV-Datei.")
        return Status(422, rejected([CellProblem(reason, reason)], 1, csv_lines=as_csv))
    except services.SubmissionRejected as exc:
        return Status(422, rejected(exc.problems, exc.total, csv_lines=as_csv))
    return {
        "organisation": organisation.slug,
        "rows": result.rows,
        "drafts": result.drafts,
        "published": result.published,
        "import_runs": result.import_runs,
    }


def _target_out(target: OrganisationTarget, status: str) -> dict[str, Any]:
    return {
        "id": target.pk,
        "indicator": target.indicator.code,
        "region": target.region.ars if target.region else None,
        "series": target.series,
        "version": target.version,
        "status": status,
        "kind": target.kind,
        "direction": target.direction,
        "target_value": target.target_value,
        "target_year": target.target_year,
        "base_year": target.base_year,
        "limit": target.limit,
        "unit": target.unit,
        "unit_label": unit_label(target.unit),
        "decision_date": target.decision_date,
        "decision_reference": target.decision_reference,
        "decision_link": target.decision_link,
        "note": target.note,
        "created_at": target.created_at,
        "published_at": target.published_at,
    }


def _statuses(targets: list[OrganisationTarget]) -> dict[int, str]:
    """Draft; in force (newest published version of its lineage); superseded."""
    newest: dict[tuple[int, int | None, str], int] = {}
    for t in targets:
        if t.published_at is not None:
            key = (t.indicator_id, t.region_id, t.series)
            newest[key] = max(newest.get(key, 0), t.version)
    return {
        t.pk: "draft"
        if t.published_at is None
        else "in_force"
        if newest[(t.indicator_id, t.region_id, t.series)] == t.version
        else "superseded"
        for t in targets
    }


@router.get(
    "/organisations/{slug}/targets",
    auth=TOKEN_OR_PUBLIC,
    response={200: OrganisationTargetsOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="The organisation's targets (published; with its token also drafts)",
    description=(
        "Every version of the targets adopted by the organisation's council, newest first "
        "per indicator, region and series, with `status` `in_force`, `superseded` or "
        "`draft`. Without a token (or with another organisation's token) only published "
        "versions; with a token of the organisation also drafts."
    ),
    # django-ninja appends this to its own [{"ApiTokenAuth": []}]: the token is optional.
    openapi_extra={"security": [{}]},
)
def targets_read(request: HttpRequest, response: HttpResponse, slug: str) -> Any:
    organisation = get_object_or_404(Organisation, slug=slug)
    api_token = token_of(request)
    drafts = (
        api_token is not None
        and api_token.organisation_id == organisation.pk
        and api_token.created_by.has_perm("workspace.view", organisation)
    )
    found = OrganisationTarget.objects.filter(organisation=organisation).select_related(
        "indicator", "region"
    )
    all_versions = list(found)
    statuses = _statuses(all_versions)
    shown = [t for t in all_versions if drafts or t.published_at is not None]
    shown.sort(
        key=lambda t: (t.indicator.sort_key, t.region.ars if t.region else "", t.series, -t.version)
    )
    response["Vary"] = "Authorization"
    if api_token is not None:
        response["Cache-Control"] = "private, no-store"
    return {
        "organisation": organisation.slug,
        "drafts_included": drafts,
        "results": [_target_out(t, statuses[t.pk]) for t in shown],
    }


@router.post(
    "/organisations/{slug}/targets",
    auth=TOKEN,
    response={201: OrganisationTargetOut, 400: ErrorOut, **WRITE_ERRORS},
    summary="Add a target version (a draft, or published with publish=true)",
    description=(
        "A new version of a target with the council decision, checked like the workspace's "
        "target form (needs the role *editor*). Earlier versions stay; the newest published "
        "version is in force. `publish=true` publishes this version at once (needs "
        "*publisher*). Problems answer `422` with every problem; nothing is stored."
    ),
)
def targets_write(
    request: HttpRequest, slug: str, body: OrganisationTargetIn, publish: bool = False
) -> Any:
    permission = "workspace.publish" if publish else "workspace.edit_target"
    organisation, api_token = _writer(request, slug, permission)
    _body(request)
    problems, cleaned = services.target_check(
        organisation=organisation,
        indicator_code=body.indicator,
        region_code=body.region,
        values=body.dict(exclude={"indicator", "region"}),
    )
    if problems:
        return Status(422, rejected(problems, len(problems), csv_lines=False))
    indicator = cleaned.pop("indicator")
    target = services.target_submit(
        organisation=organisation,
        user=api_token.created_by,
        indicator=indicator,
        data=services.TargetData(**cleaned),
        via=api_token.label,
        publish=publish,
    )
    target = OrganisationTarget.objects.select_related("indicator", "region").get(pk=target.pk)
    return Status(201, _target_out(target, "in_force" if target.published_at else "draft"))
