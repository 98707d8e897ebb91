"""The whole Open SDG data service as static files, built in one pass.

``opensdg_site_build`` writes ``<dir>/<lang>/<kind>/<name>`` for every file the data service
(``/api/v1/opensdg/<lang>/<kind>/<name>``) serves, so the folder can be the
``remote_data_prefix`` of an Open SDG site on any web server. The observations are read with
one chunked query, the indicators' tables come from one vectorised pass over all of them
(``opensdg_site.data_tables``), targets and metadata from a handful of queries; no file costs a
request or a query of its own. Differences to sdg-build 2.3 on the same input: docs/opensdg.md.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from zielwerk.core.formulas import safe_csv
from zielwerk.core.observations import file_id
from zielwerk.core.units import UnitVocabulary, load_vocabulary

from ..selectors import ObservationFilter
from . import opensdg_site as site
from .frames import observations_frame
from .opensdg import (
    EDGES_SCHEMA,
    LANGUAGES,
    all_indicators,
    data_units,
    indicator_meta,
    target_meta,
)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SiteBuild:
    """What a build wrote."""

    languages: tuple[str, ...]
    indicators: int
    with_data: int
    files: int
    bytes: int
    seconds: float
    write_seconds: float  # of ``seconds``: creating the files on disk


class _Writer:
    """Collects the files in memory; ``flush`` writes them (timed on its own: creating
    files costs what the file system charges, whatever built them)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.contents: dict[str, bytes] = {}

    def write(self, relative: str, content: bytes) -> None:
        self.contents[relative] = content

    def json(self, relative: str, value: Any) -> None:
        self.write(relative, json.dumps(value, ensure_ascii=False).encode())

    def flush(self) -> float:
        start = time.perf_counter()
        for folder in sorted({str(Path(r).parent) for r in self.contents}):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        # Creating a file waits on the file system more than on Python: a few threads overlap
        # those waits (measured: 0.8 s → see docs/opensdg.md for 986 files).
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(
                pool.map(
                    lambda item: (self.root / item[0]).write_bytes(item[1]),
                    self.contents.items(),
                )
            )
        return time.perf_counter() - start


def _indicator_files(out: _Writer, lang: str, ident: str, table: pl.DataFrame) -> list[Any]:
    """``data``, ``edges``, ``headline`` (CSV and JSON) and ``comb`` of one indicator;
    returns the headline records for ``headline/all.json``."""
    data = site.data_json(table)
    edges = site.edges_json(table)
    headline = site.headline_table(table)
    records = headline.to_dicts()
    out.write(f"{lang}/data/{ident}.csv", safe_csv(table).encode())
    out.json(f"{lang}/data/{ident}.json", data)
    edges_csv = safe_csv(pl.DataFrame(edges, schema=EDGES_SCHEMA))
    out.write(f"{lang}/edges/{ident}.csv", edges_csv.encode())
    out.json(f"{lang}/edges/{ident}.json", edges)
    out.write(f"{lang}/headline/{ident}.csv", safe_csv(headline).encode())
    out.json(f"{lang}/headline/{ident}.json", records)
    out.json(f"{lang}/comb/{ident}.json", {"data": data, "edges": edges})
    return records


def _unit_label(vocabulary: UnitVocabulary, code: str, *, lang: str) -> str:
    return vocabulary.label(code, lang)


def _zip(tables: dict[str, pl.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for ident, table in tables.items():
            archive.writestr(f"{ident}.csv", safe_csv(table))
    return buffer.getvalue()


def opensdg_site_build(
    *,
    directory: Path,
    languages: tuple[str, ...] = LANGUAGES,
    progress: Progress | None = None,
) -> SiteBuild:
    """Write every file of the Open SDG data service for ``languages`` below ``directory``."""
    start = time.perf_counter()
    frame = observations_frame(ObservationFilter())
    indicators = all_indicators()
    targets = target_meta()
    units = data_units(frame)
    vocabulary = load_vocabulary()
    out = _Writer(directory)
    total = len(languages) * len(indicators)
    done = 0
    for lang in languages:
        tables = site.data_tables(frame, partial(_unit_label, vocabulary, lang=lang))
        all_meta: dict[str, dict[str, Any]] = {}
        all_headline: dict[str, list[Any]] = {}
        for indicator in indicators:
            ident = file_id(indicator.code)
            table = tables.get(ident)
            meta = indicator_meta(
                indicator,
                lang=lang,
                has_data=table is not None,
                target_fields=targets.get(indicator.pk),
                data_unit=units.get(indicator.code, ""),
            )
            out.json(f"{lang}/meta/{ident}.json", meta)
            all_meta[ident] = meta
            if table is not None:
                all_headline[ident] = _indicator_files(out, lang, ident, table)
            done += 1
            if progress:
                progress(done, total, f"{lang}/{ident}")
        out.json(f"{lang}/meta/all.json", all_meta)
        out.json(f"{lang}/headline/all.json", all_headline)
        statuses = {k: (int(m["sdg_goal"]), m["reporting_status"]) for k, m in all_meta.items()}
        out.json(f"{lang}/stats/reporting.json", site.reporting_stats(statuses))
        out.write(f"{lang}/zip/all_indicators.zip", _zip(tables))
    write_seconds = out.flush()
    return SiteBuild(
        languages=tuple(languages),
        indicators=len(indicators),
        with_data=frame.get_column("indicator").n_unique(),
        files=len(out.contents),
        bytes=sum(len(c) for c in out.contents.values()),
        seconds=time.perf_counter() - start,
        write_seconds=write_seconds,
    )
