"""Writing from outside the web pages (the API): the same checks and services as a web
upload confirmed by its user and as the target form, all or nothing.

Observations go through ``upload_create`` (the monitoring import service as a dry run, plus
the scope: indicator in the set, region in the area), ``upload_confirm`` (drafts, audit
trail) and, when asked and allowed, ``drafts_publish`` for exactly the submitted rows. Any
problem undoes everything: nothing of the request stays stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator

from ..models import OrganisationTarget
from .drafts import DraftConflict, drafts_conflicts
from .publishing import PublishError, drafts_publish
from .targets import TargetData, organisation_target_create
from .uploads import CellProblem, cell_problem, draft_rows, upload_confirm, upload_create


class SubmissionRejected(Exception):
    """The submitted rows cannot be taken as they are; nothing was stored.

    ``problems`` are the problems found (at most 200 of each kind), ``total`` all of them."""

    def __init__(self, problems: list[CellProblem], total: int | None = None) -> None:
        super().__init__(f"{total or len(problems)} problems")
        self.problems = problems
        self.total = total if total is not None else len(problems)


class SubmissionConflict(Exception):
    """Rows whose stored value is no longer the one the client expected; nothing stored.

    ``conflicts``: (data row number from 1, indicator code, region code, the conflict)."""

    def __init__(self, conflicts: list[tuple[int, str, str, DraftConflict]]) -> None:
        super().__init__(f"{len(conflicts)} conflicting rows")
        self.conflicts = conflicts


@dataclass(frozen=True)
class SubmissionResult:
    rows: int
    drafts: int
    published: int = 0
    import_runs: list[int] = field(default_factory=list)


def observations_submit(
    *,
    organisation: Organisation,
    user: Any,
    name: str,
    content: bytes,
    source: str,
    publish: bool = False,
    expected: Mapping[int, float | None] | None = None,
) -> SubmissionResult:
    """Check a tidy observations file like a web upload and keep its rows as drafts, as if
    the user had confirmed the preview; with ``publish`` also publish exactly these rows.

    ``expected`` (by line of the file): the value in force (the organisation's draft, else
    the published value; ``None``: no value) the client last saw for that row; if any of
    them changed since, ``SubmissionConflict`` is raised and nothing is stored.

    Raises ``UploadRejected`` (file refused before reading) or ``SubmissionRejected``
    (problems in rows, scope or publishing); then nothing is stored. The caller checks the
    permissions (``workspace.edit_data``, and ``workspace.publish`` for ``publish``).
    """
    with transaction.atomic():
        upload, check = upload_create(
            organisation=organisation, user=user, name=name, content=content, source=source
        )
        if not check.ok:
            if not check.problem_total:
                nothing = _("Die Daten enthalten keine Werte.")
                raise SubmissionRejected([CellProblem(nothing, nothing)])
            raise SubmissionRejected(check.problems, check.problem_total)
        keys = {row.key for row in draft_rows(check.frame)}
        if expected:
            _expect(organisation, check.frame, expected)
        drafts = upload_confirm(upload=upload, user=user, check=check)
        if not publish:
            return SubmissionResult(rows=check.observations, drafts=drafts)
        try:
            published = drafts_publish(
                organisation=organisation, user=user, observations=keys, targets=()
            )
        except PublishError as exc:
            raise SubmissionRejected([cell_problem(p) for p in exc.problems]) from exc
    return SubmissionResult(
        rows=check.observations,
        drafts=drafts,
        published=published.observations,
        import_runs=published.import_runs,
    )


def _expect(
    organisation: Organisation, frame: pl.DataFrame, expected: Mapping[int, float | None]
) -> None:
    """``SubmissionConflict`` when a row's stored value is not the one expected."""
    rows = draft_rows(frame)
    lines = frame.get_column("line").to_list()
    codes = frame.select("indicator", "region").rows()
    wanted = {r.key: expected[n] for r, n in zip(rows, lines, strict=True) if n in expected}
    place = {r.key: (n, *c) for r, n, c in zip(rows, lines, codes, strict=True)}
    conflicts = drafts_conflicts(organisation=organisation, rows=rows, expected=wanted)
    if conflicts:
        raise SubmissionConflict(
            [(place[c.row.key][0] - 1, *place[c.row.key][1:], c) for c in conflicts]
        )


def target_submit(
    *,
    organisation: Organisation,
    user: Any,
    indicator: Indicator,
    data: TargetData,
    via: str,
    publish: bool = False,
) -> OrganisationTarget:
    """Add a target version (checked by the caller like the target form); with ``publish``
    it is published at once (only this version, no other drafts)."""
    with transaction.atomic():
        target = organisation_target_create(
            organisation=organisation, user=user, indicator=indicator, data=data, via=via
        )
        if publish:
            drafts_publish(
                organisation=organisation, user=user, observations=(), targets=[target.pk]
            )
            target.refresh_from_db()
    return target
