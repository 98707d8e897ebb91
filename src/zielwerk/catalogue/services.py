"""Loading the bundled catalogue into the database.

``catalogue_load`` is idempotent: it compares what is in the database with the package data
and only creates or updates what differs, with bulk queries and in one transaction. A second
run reports everything as unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from django.db import models, transaction

from zielwerk.catalogue.models import (
    DnsTarget,
    Goal,
    Indicator,
    PublishedTarget,
    PublishedWeather,
    Target,
)
from zielwerk.catalogue.signals import catalogue_loaded
from zielwerk.core.catalogue import Catalogue, read_catalogue, sort_key
from zielwerk.core.errors import InputCode, InputFileError, InputProblem
from zielwerk.core.kit import KitIndicator, read_kit
from zielwerk.core.targets import TargetSpec, read_targets
from zielwerk.core.units import load_vocabulary

CATALOGUE_DIR = Path(str(files("zielwerk") / "data" / "catalogue"))
DNS_TARGETS_FILE = CATALOGUE_DIR / "dns_targets.csv"
BATCH = 500


@dataclass
class SyncCount:
    """What one load did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def catalogue_load(
    *, directory: Path | None = None, targets_path: Path | None = None
) -> dict[str, SyncCount]:
    """Load goals, targets, UN and DNS indicators, their links, machine-readable DNS targets
    and the published weather symbols. Returns the counts per table (keyed by model name).

    ``targets_path`` defaults to the bundled ``dns_targets.csv``; when that file does not
    exist, DNS targets are left as they are.
    """
    catalogue = read_catalogue(directory or CATALOGUE_DIR)
    kit = read_kit()
    path = targets_path or DNS_TARGETS_FILE
    specs = read_targets(path) if path.exists() else None
    summary: dict[str, SyncCount] = {}
    with transaction.atomic():
        summary["Goal"] = _sync(Goal, ("number",), _goal_rows(catalogue))
        goal_ids = dict(Goal.objects.values_list("number", "id"))
        summary["Target"] = _sync(Target, ("code",), _target_rows(catalogue, goal_ids))
        rows = _indicator_rows(catalogue, goal_ids, specs) | _kit_rows(kit, goal_ids)
        summary["Indicator"] = _sync(Indicator, ("code",), rows)
        ids = dict(Indicator.objects.values_list("code", "id"))
        summary["Indicator.targets"] = _sync_target_links(catalogue, kit, ids)
        summary["Indicator.un_indicators"] = _sync_un_links(catalogue, kit, ids)
        if specs is not None:
            rows = _dns_target_rows(specs, ids, str(path))
            summary["DnsTarget"] = _sync(DnsTarget, ("indicator_id", "number"), rows, delete=True)
        rows = _published_rows(catalogue, ids)
        keys = ("indicator_id", "number")
        summary["PublishedTarget"] = _sync(PublishedTarget, keys, rows, delete=True)
        rows = _weather_rows(catalogue, ids)
        keys = ("published_target_id", "position")
        summary["PublishedWeather"] = _sync(PublishedWeather, keys, rows, delete=True)
    catalogue_loaded.send(sender=catalogue_load, summary=summary)
    return summary


Key = tuple[Any, ...]


def _sync(
    model: type[models.Model],
    key_fields: Sequence[str],
    wanted: Mapping[Key, Mapping[str, Any]],
    *,
    delete: bool = False,
) -> SyncCount:
    """Make the table hold ``wanted`` (key → field values); bulk create/update/delete."""
    count = SyncCount()
    manager = model._default_manager
    existing = {tuple(getattr(o, f) for f in key_fields): o for o in manager.all()}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    fields: set[str] = set()
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**dict(zip(key_fields, key, strict=True)), **values))
            continue
        diff = [f for f, v in values.items() if getattr(obj, f) != v]
        if not diff:
            count.unchanged += 1
            continue
        for field in diff:
            setattr(obj, field, values[field])
        fields.update(diff)
        to_update.append(obj)
    manager.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        manager.bulk_update(to_update, sorted(fields), batch_size=BATCH)
    if delete:
        stale = [o.pk for k, o in existing.items() if k not in wanted]
        if stale:
            count.deleted = manager.filter(pk__in=stale).delete()[1].get(model._meta.label, 0)
    count.created, count.updated = len(to_create), len(to_update)
    return count


def _sync_links(
    through: type[models.Model],
    left: str,
    right: str,
    wanted: set[tuple[int, int]],
    scope: models.Q,
) -> SyncCount:
    """Make the M2M table hold exactly ``wanted`` among the rows in ``scope``."""
    rows = through._default_manager.filter(scope)
    existing = {(a, b): pk for pk, a, b in rows.values_list("pk", left, right)}
    missing = wanted - existing.keys()
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    through._default_manager.bulk_create(
        [through(**{left: a, right: b}) for a, b in sorted(missing)], batch_size=BATCH
    )
    deleted = through._default_manager.filter(pk__in=stale).delete()[0] if stale else 0
    return SyncCount(len(missing), 0, len(existing) - len(stale), deleted)


def _goal_rows(cat: Catalogue) -> dict[Key, dict[str, Any]]:
    return {
        (g.number,): {
            "short_de": g.short_de,
            "title_de": g.title_de,
            "short_en": g.short_en,
            "title_en": g.title_en,
        }
        for g in cat.goals
    }


def _target_rows(cat: Catalogue, goal_ids: Mapping[int, int]) -> dict[Key, dict[str, Any]]:
    return {
        (t.code,): {
            "goal_id": goal_ids[t.goal],
            "sort_key": sort_key(t.code),
            "title_de": t.title_de,
            "title_en": t.title_en,
        }
        for t in cat.targets
    }


def _indicator_rows(
    cat: Catalogue, goal_ids: Mapping[int, int], specs: Iterable[TargetSpec] | None
) -> dict[Key, dict[str, Any]]:
    rows: dict[Key, dict[str, Any]] = {}
    for u in cat.un_indicators:
        rows[(u.code,)] = {
            "framework": Indicator.Framework.UN,
            "goal_id": goal_ids[int(u.code.split(".")[0])],
            "sort_key": sort_key(u.code),
            "unsd_code": u.unsd_code,
            "title_de": u.title_de,
            "title_en": u.title_en,
            "metadata": {"title_de_source": u.title_de_source},
        }
    directions = _directions(specs or ())
    for d in cat.dns_indicators:
        rows[(d.code,)] = {
            "framework": Indicator.Framework.DNS,
            "goal_id": goal_ids[d.goal],
            "sort_key": sort_key(d.code),
            "title_de": d.title_de,
            "title_en": d.title_en,
            "definition_de": d.definition_de,
            "definition_en": d.definition_en,
            "unit": _unit_code(d.unit),
            "direction": directions.get(d.code, ""),
            "political_target_de": d.political_target_de,
            "political_target_en": d.political_target_en,
            "target_type_de": d.target_type_de,
            "target_type_en": d.target_type_en,
            "metadata": {
                "sheet": d.sheet,
                "section_de": d.section_de,
                "section_en": d.section_en,
                "postulate_de": d.postulate_de,
                "postulate_en": d.postulate_en,
                "postulate_id": d.postulate_id,
            },
        }
    return rows


def _unit_code(text: str) -> str:
    """The unit as a code of the vocabulary (tests check every bundled unit is known)."""
    return load_vocabulary().code_for(text) or text


def _kit_rows(
    kit: Sequence[KitIndicator], goal_ids: Mapping[int, int]
) -> dict[Key, dict[str, Any]]:
    return {
        (k.code,): {
            "framework": Indicator.Framework.KIT,
            "goal_id": goal_ids[k.goal],
            "sort_key": k.sort_key,
            "title_de": k.title_de,
            "title_en": k.title_en,
            "definition_de": k.definition_de,
            "definition_en": k.definition_en,
            "unit": k.unit,
            "direction": k.direction,
            "metadata": {
                "formula_de": k.formula_de,
                "rationale_de": k.rationale_de,
                "source": k.source,
                "source_id": k.source_id,
                "levels": list(k.levels),
            },
        }
        for k in kit
    }


def _directions(specs: Iterable[TargetSpec]) -> dict[str, str]:
    """An indicator's desired direction where all its targets agree on one."""
    seen: dict[str, set[str | None]] = {}
    for spec in specs:
        seen.setdefault(spec.indicator, set()).add(spec.direction)
    return {code: next(iter(d)) or "" for code, d in seen.items() if len(d) == 1}


def _sync_target_links(
    cat: Catalogue, kit: Sequence[KitIndicator], ids: Mapping[str, int]
) -> SyncCount:
    """UN indicator → its target; DNS indicator → the targets of its linked UN indicators;
    kit indicator → the targets it names."""
    target_ids = dict(Target.objects.values_list("code", "id"))
    un_target = {u.code: u.target for u in cat.un_indicators}
    wanted = {(ids[u.code], target_ids[u.target]) for u in cat.un_indicators}
    wanted |= {
        (ids[d.code], target_ids[un_target[link]])
        for d in cat.dns_indicators
        for link in d.un_indicators
    }
    unknown = [(k.code, t) for k in kit for t in k.targets if t not in target_ids]
    if unknown:
        raise InputFileError(
            InputProblem(
                "indicators.csv", None, "targets", t, InputCode.UNKNOWN_TARGET, {"of": code}
            )
            for code, t in unknown
        )
    wanted |= {(ids[k.code], target_ids[t]) for k in kit for t in k.targets}
    through = Indicator.targets.through
    frameworks = [Indicator.Framework.UN, Indicator.Framework.DNS, Indicator.Framework.KIT]
    scope = models.Q(indicator__framework__in=frameworks)
    return _sync_links(through, "indicator_id", "target_id", wanted, scope)


def _sync_un_links(
    cat: Catalogue, kit: Sequence[KitIndicator], ids: Mapping[str, int]
) -> SyncCount:
    """DNS indicator → its UN indicators; kit indicator → its related DNS and UN indicators."""
    wanted = {(ids[d.code], ids[u]) for d in cat.dns_indicators for u in d.un_indicators}
    unknown = [(k.code, r) for k in kit for r in k.related if r not in ids]
    if unknown:
        raise InputFileError(
            InputProblem(
                "indicators.csv", None, "related", r, InputCode.UNKNOWN_INDICATOR, {"of": code}
            )
            for code, r in unknown
        )
    wanted |= {(ids[k.code], ids[r]) for k in kit for r in k.related}
    through = Indicator.un_indicators.through
    frameworks = [Indicator.Framework.DNS, Indicator.Framework.KIT]
    scope = models.Q(from_indicator__framework__in=frameworks)
    return _sync_links(through, "from_indicator_id", "to_indicator_id", wanted, scope)


def _dns_target_rows(
    specs: Sequence[TargetSpec], ids: Mapping[str, int], file: str
) -> dict[Key, dict[str, Any]]:
    unknown = sorted({s.indicator for s in specs if s.indicator not in ids})
    if unknown:
        raise InputFileError(
            InputProblem(file, None, "indicator", code, InputCode.UNKNOWN_INDICATOR)
            for code in unknown
        )
    rows: dict[Key, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    for spec in specs:
        numbers[spec.indicator] = numbers.get(spec.indicator, 0) + 1
        rows[(ids[spec.indicator], numbers[spec.indicator])] = {
            "kind": spec.kind,
            "direction": spec.direction or "",
            "target_value": spec.target_value,
            "target_year": spec.target_year,
            "base_year": spec.base_year,
            "limit": spec.limit,
            "region": spec.region,
            "series": spec.series,
            "unit": spec.extra.get("unit", ""),
            "label_de": spec.extra.get("label_de", ""),
            "valid_from": spec.extra.get("valid_from", ""),
            "note": spec.extra.get("note", ""),
            "source_text": spec.extra.get("source_text", ""),
        }
    return rows


def _published_rows(cat: Catalogue, ids: Mapping[str, int]) -> dict[Key, dict[str, Any]]:
    return {
        (ids[p.indicator], p.number): {
            "text_de": p.text_de,
            "text_en": p.text_en,
            "category": p.category,
            "target_year": p.target_year,
            "valid_from": p.valid_from,
            "valid_until": p.valid_until,
            "note_de": p.note_de,
            "note_en": p.note_en,
        }
        for p in cat.published_targets
    }


def _weather_rows(cat: Catalogue, ids: Mapping[str, int]) -> dict[Key, dict[str, Any]]:
    published = {
        (i, n): pk
        for pk, i, n in PublishedTarget.objects.values_list("pk", "indicator_id", "number")
    }
    return {
        (published[(ids[w.indicator], w.target_number)], w.position): {
            "year": w.year,
            "symbol": w.symbol,
            "symbol_text": w.symbol_text,
            "explanation_de": w.explanation_de,
            "explanation_en": w.explanation_en,
            "valid": w.valid,
        }
        for w in cat.published_weather
    }
