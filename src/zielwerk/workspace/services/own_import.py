"""A repository in its own numbering becomes the organisation's own indicators.

``zielwerk import REPO --codes own:<organisation>``: a city's Open SDG repository numbers its
local indicators 1.1 … 17.2; those numbers are not the UN's or the DNS's. Each local code
becomes (once) an own indicator of the organisation, created from the repository's metadata
(title from ``indicator_name`` or ``graph_title``, unit, goal, source) and remembered by its
``source_code``, so a re-import finds it again. Creating the indicators and importing the
observations are one transaction: a failed or dry run leaves nothing behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Goal, Indicator
from zielwerk.core.observations import InputFormat, read_observations
from zielwerk.core.observations.opensdg.meta import indicator_code
from zielwerk.core.units import load_vocabulary
from zielwerk.monitoring.services import ImportSummary, observations_import

from ..models import OwnIndicator
from .own_indicators import OwnIndicatorData, own_indicator_create

_GOAL = re.compile(r"^(\d{1,2})\b")


def _json_safe(value: Any) -> Any:
    """Front matter as JSON (YAML dates and other scalars become text)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _text(meta: dict[str, Any], *names: str) -> str:
    for name in names:
        value = meta.get(name)
        if value not in (None, ""):
            return re.sub(r"<[^>]+>", "", str(value)).strip()
    return ""


def _data(code: str, meta: dict[str, dict[str, Any]], goals: dict[int, Goal]) -> OwnIndicatorData:
    german, english = meta.get("de", {}), meta.get("en", {})
    number = _text(german, "sdg_goal", "goal") or _text(english, "sdg_goal", "goal")
    found = _GOAL.match(number or code)
    goal = goals.get(int(found.group(1)) if found else 0) or goals[17]
    title = _text(german, "indicator_name", "graph_title") or _text(
        english, "indicator_name", "graph_title"
    )
    unit = _text(german, "computation_units") or _text(english, "computation_units")
    return OwnIndicatorData(
        title_de=title or code,
        title_en=_text(english, "indicator_name", "graph_title"),
        definition_de=_text(german, "indicator_definition", "definition"),
        definition_en=_text(english, "indicator_definition", "definition"),
        unit=load_vocabulary().code_for(unit) or "",
        goal=goal,
        source=_text(german, "source_organisation_1", "source_url_1", "data_source")
        or _text(english, "source_organisation_1", "source_url_1", "data_source"),
    )


def own_repository_import(
    *,
    organisation_slug: str,
    path: Path,
    file_format: InputFormat | None = None,
    dry_run: bool = False,
    user: Any = None,
    importer: Callable[..., ImportSummary] = observations_import,
    catalogue_codes: dict[str, str] | None = None,
    **options: Any,
) -> ImportSummary:
    """Import an Open SDG repository in the organisation's own numbering (see module doc).

    ``catalogue_codes`` maps local codes that do correspond to catalogue indicators (a code
    mapping file: ``code,indicator``) to those; the other local codes become own indicators.
    Raises ``LookupError`` for an unknown organisation, a mapped catalogue code that does not
    exist, or a file that is not an Open SDG repository (only its metadata can name the
    indicators)."""
    organisation = Organisation.objects.filter(slug=organisation_slug).first()
    if organisation is None:
        raise LookupError(f"Organisation {organisation_slug!r} gibt es nicht")
    if file_format is not InputFormat.OPENSDG:
        raise LookupError("--codes own:… gilt für Open-SDG-Repositorys (mit Metadaten)")
    read = read_observations(path, file_format)
    local = sorted(set(read.frame.get_column("indicator").to_list()))
    metadata = {indicator_code(ident): meta for ident, meta in read.metadata.items()}
    goals = {g.number: g for g in Goal.objects.all()}
    mapped = dict(catalogue_codes or {})
    found = set(Indicator.objects.filter(code__in=mapped.values()).values_list("code", flat=True))
    missing = sorted(set(mapped.values()) - found)
    if missing:
        raise LookupError(f"Zuordnungsdatei: Indikatoren nicht im Katalog: {', '.join(missing)}")
    local = [code for code in local if code not in mapped]
    with transaction.atomic():
        known = mapped | {
            o.source_code: o.indicator.code
            for o in OwnIndicator.objects.filter(
                organisation=organisation, source_code__in=local
            ).select_related("indicator")
        }
        created = 0
        for code in local:
            if code in known:
                continue
            own = own_indicator_create(
                organisation=organisation,
                user=user,
                data=_data(code, metadata.get(code, {}), goals),
                public=True,  # the operator's import: its data goes public at once too
            )
            own.source_code = code
            own.save(update_fields=["source_code"])
            # The repository's own metadata goes out again unchanged (Open SDG export).
            own.indicator.metadata = {
                "opensdg": _json_safe(metadata.get(code, {})),
                "source_code": code,
            }
            own.indicator.save(update_fields=["metadata"])
            known[code] = own.indicator.code
            created += 1
        summary = importer(
            path=path,
            file_format=file_format,
            dry_run=dry_run,
            user=user,
            codes="catalogue",
            code_map=known,
            **options,
        )
        summary.own_indicators_created = created
        if dry_run or not summary.ok:
            transaction.set_rollback(True)
            summary.own_indicators_created = 0 if not dry_run else created
    return summary
