"""Open SDG outputs of the whole instance: the data repository and the site's data service."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from zielwerk.catalogue.models import Indicator
from zielwerk.core.formulas import safe_csv
from zielwerk.core.observations import file_id, indicator_code, write_opensdg
from zielwerk.core.units import SEPARATOR, load_vocabulary

from ..selectors import ObservationFilter
from . import opensdg_site as site
from .frames import observations_frame

JSON = "application/json"
CSV = "text/csv; charset=utf-8"
ZIP = "application/zip"
LANGUAGES = ("de", "en")
EDGES_SCHEMA = {"From": pl.String, "To": pl.String}


class NotFoundError(LookupError):
    """No such indicator or file."""


@dataclass(frozen=True)
class File:
    content: bytes
    content_type: str
    filename: str


def _sort_order(code: str) -> str:
    return "-".join(part.zfill(2) for part in code.split("."))


def target_meta(indicator_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Targets as Open SDG metadata, per indicator id (two queries for any number).

    ``graph_target_lines`` (Open SDG's own field) carries the national DNS targets with a
    value: they apply to Germany's series in their unit only. ``council_targets`` lists every
    council target in force with its region, unit and decision (a municipal repository needs
    them; Open SDG has no field for a target of one region).
    """
    from zielwerk.catalogue.models import DnsTarget
    from zielwerk.workspace.selectors.targets import council_targets_in_force

    found: dict[int, dict[str, Any]] = {}
    national = DnsTarget.objects.exclude(target_value__isnull=True).exclude(kind="direction")
    if indicator_ids is not None:
        national = national.filter(indicator_id__in=indicator_ids)
    for t in national.order_by("indicator_id", "number"):
        line = {"value": t.target_value, "label_content": t.label_de, "unit": t.unit}
        if t.series:
            line["series"] = t.series
        found.setdefault(t.indicator_id, {}).setdefault("graph_target_lines", []).append(line)
    for c in council_targets_in_force(indicator_ids):
        region = c.region or c.organisation.region
        found.setdefault(c.indicator_id, {}).setdefault("council_targets", []).append(
            {
                "region": region.ars if region else "",
                "series": c.series,
                "unit": c.unit,
                "kind": c.kind,
                "direction": c.direction,
                "target_value": c.target_value,
                "target_year": c.target_year,
                "base_year": c.base_year,
                "decision_date": c.decision_date.isoformat(),
                "decision_reference": c.decision_reference,
                "decision_link": c.decision_link,
                "version": c.version,
            }
        )
    return found


def indicator_meta(
    indicator: Indicator,
    *,
    lang: str,
    has_data: bool,
    target_fields: dict[str, Any] | None = None,
    data_unit: str = "",
) -> dict[str, Any]:
    """Open SDG metadata fields of an indicator (the minimum sdg-build provides, and more).

    ``computation_units`` names the unit(s) of the indicator's data (``data_unit``, a unit
    code or compound code, see ``data_units``), else the catalogue's unit.
    """
    english = lang == "en"
    name = (indicator.title_en if english else "") or indicator.title_de
    targets = [t.code for t in indicator.targets.all()]
    meta: dict[str, Any] = {
        "indicator": indicator.code,
        "indicator_name": name,
        "graph_title": name,
        "target_id": targets[0] if targets else "",
        "sdg_goal": str(indicator.goal.number),
        "goal": str(indicator.goal.number),
        "indicator_sort_order": _sort_order(indicator.code),
        "reporting_status": "complete" if has_data else "notstarted",
        "published": True,
        "data_non_statistical": False,
        "graph_type": "line",
        "computation_units": load_vocabulary().label(data_unit or indicator.unit, lang),
        "permalink": f"/{file_id(indicator.code)}/",
    }
    meta.update(target_fields or {})
    definition = (indicator.definition_en if english else "") or indicator.definition_de
    if definition:
        meta["definition"] = definition
    # An indicator brought in from a repository keeps that repository's metadata: its
    # fields go out unchanged; Zielwerk sets only what it changed (code, permalink, status).
    source = (indicator.metadata or {}).get("opensdg", {}).get(lang) or {}
    if source:
        managed = {"indicator", "permalink", "indicator_sort_order", "reporting_status"}
        meta = {**meta, **{k: v for k, v in source.items() if k not in managed}}
        meta["source_indicator_number"] = indicator.metadata.get("source_code", "")
    return meta


def all_indicators() -> list[Indicator]:
    """Every public indicator with its goal and targets (two queries)."""
    return list(Indicator.objects.public().select_related("goal").prefetch_related("targets"))


def data_units(frame: pl.DataFrame) -> dict[str, str]:
    """The unit codes of each indicator's observations (by indicator code), joined as a
    compound unit where there are several."""
    units = (
        frame.filter(pl.col("unit") != "")
        .group_by("indicator")
        .agg(pl.col("unit").unique().sort().str.join(SEPARATOR))
    )
    return dict(units.iter_rows())


def _repository(frame: pl.DataFrame, root: Path, lang: str = "de") -> list[str]:
    codes = set(frame.get_column("indicator").unique().to_list())
    targets = target_meta()
    metadata = {
        i.code: indicator_meta(i, lang=lang, has_data=True, target_fields=targets.get(i.pk))
        for i in all_indicators()
        if i.code in codes
    }
    return write_opensdg(frame.drop("id"), root, metadata)


def opensdg_repository_zip() -> File:
    """The instance's observations as an Open SDG data repository (``data/``, ``meta/``),
    zipped; ``zielwerk import`` reads the unpacked folder back unchanged."""
    frame = observations_frame(ObservationFilter())
    buffer = io.BytesIO()
    with (
        tempfile.TemporaryDirectory() as tmp,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        root = Path(tmp)
        _repository(frame, root)
        for path in sorted(root.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(root).as_posix())
    return File(buffer.getvalue(), ZIP, "zielwerk-opensdg-data.zip")


def _labels(lang: str) -> Callable[[str], str]:
    vocabulary = load_vocabulary()
    return lambda code: vocabulary.label(code, lang)


def _table(ident: str, lang: str) -> pl.DataFrame:
    frame = observations_frame(ObservationFilter(indicator=indicator_code(ident)))
    tables = site.data_tables(frame, _labels(lang))
    if ident not in tables:
        raise NotFoundError(ident)
    return tables[ident]


def _json(value: Any, name: str) -> File:
    return File(json.dumps(value, ensure_ascii=False).encode(), JSON, name)


def _all_tables(lang: str) -> dict[str, pl.DataFrame]:
    return site.data_tables(observations_frame(ObservationFilter()), _labels(lang))


def _all_meta(lang: str) -> dict[str, dict[str, Any]]:
    frame = observations_frame(ObservationFilter())
    with_data = set(frame.get_column("indicator").unique().to_list())
    units = data_units(frame)
    targets = target_meta()
    return {
        file_id(i.code): indicator_meta(
            i,
            lang=lang,
            has_data=i.code in with_data,
            target_fields=targets.get(i.pk),
            data_unit=units.get(i.code, ""),
        )
        for i in all_indicators()
    }


def _collection(kind: str, lang: str) -> File:
    if kind == "meta":
        return _json(_all_meta(lang), "all.json")
    if kind == "headline":
        return _json({k: site.headline(t) for k, t in _all_tables(lang).items()}, "all.json")
    raise NotFoundError(kind)


def _indicator_file(kind: str, ident: str, ext: str, lang: str) -> File:
    if kind == "meta" and ext == "json":
        try:
            found = (
                Indicator.objects.public().select_related("goal").get(code=indicator_code(ident))
            )
        except Indicator.DoesNotExist as exc:
            raise NotFoundError(ident) from exc
        frame = observations_frame(ObservationFilter(indicator=found.code))
        units = data_units(frame)
        targets = target_meta([found.pk]).get(found.pk)
        meta = indicator_meta(
            found,
            lang=lang,
            has_data=not frame.is_empty(),
            target_fields=targets,
            data_unit=units.get(found.code, ""),
        )
        return _json(meta, f"{ident}.json")
    table = _table(ident, lang)
    if ext == "csv" and kind in ("data", "headline", "edges"):
        tables = {
            "data": lambda: table,
            "headline": lambda: site.headline_table(table),
            "edges": lambda: pl.DataFrame(site.edges_json(table), schema=EDGES_SCHEMA),
        }
        return File(safe_csv(tables[kind]()).encode(), CSV, f"{ident}.csv")
    builders = {
        "data": lambda: site.data_json(table),
        "edges": lambda: site.edges_json(table),
        "headline": lambda: site.headline(table),
        "comb": lambda: {"data": site.data_json(table), "edges": site.edges_json(table)},
    }
    if ext != "json" or kind not in builders:
        raise NotFoundError(f"{kind}/{ident}.{ext}")
    return _json(builders[kind](), f"{ident}.json")


def _zip_all(lang: str) -> File:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for ident, table in _all_tables(lang).items():
            z.writestr(f"{ident}.csv", safe_csv(table))
    return File(buffer.getvalue(), ZIP, "all_indicators.zip")


def opensdg_site_file(*, lang: str, kind: str, name: str) -> File:
    """One file of the data service, e.g. ``data/7-2-a.json``, ``meta/all.json``,
    ``stats/reporting.json``, ``zip/all_indicators.zip``."""
    if lang not in LANGUAGES:
        raise NotFoundError(lang)
    stem, _, ext = name.rpartition(".")
    if kind == "stats" and name == "reporting.json":
        statuses = {
            k: (int(m["sdg_goal"]), m["reporting_status"]) for k, m in _all_meta(lang).items()
        }
        return _json(site.reporting_stats(statuses), name)
    if kind == "zip" and name == "all_indicators.zip":
        return _zip_all(lang)
    if stem == "all" and ext == "json":
        return _collection(kind, lang)
    if not stem or not ext:
        raise NotFoundError(name)
    return _indicator_file(kind, stem, ext, lang)
