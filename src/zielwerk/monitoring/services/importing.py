"""``observations_import``: read, validate, resolve and write observations in one go."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from zielwerk.core.observations import (
    GenesisMapping,
    InputFormat,
    Problem,
    ProblemCode,
    ProblemLog,
    ReadResult,
    detect_format,
    parse_mapping,
    read_observations,
)
from zielwerk.core.observations.validate import validate

from .. import locks
from ..models import ImportRun
from . import bulk
from .assessing import assessments_refresh
from .peers import peers_refresh
from .resolve import indicator_ids, resolve
from .summary import ImportSummary

Progress = Callable[[str, int, int], None]
"""Called with a step name, the step number and the number of steps."""
STEPS = ("read", "check", "stage", "write")
LOCK_WAIT = 10.0
"""Seconds an import waits for another one to finish writing before ``locks.Busy``."""


def import_lock(*, dry_run: bool, wait: float = LOCK_WAIT) -> AbstractContextManager[None]:
    """The lock around an import's write phase (write, assessments, peer standings): two
    imports never write at once; a dry run writes nothing and takes no lock."""
    return nullcontext() if dry_run else locks.exclusive(locks.IMPORT, wait=wait)


_EDITION = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def edition_key(text: str) -> str:
    """An edition as a sortable ISO date, missing parts as ``00``; ``""`` if not a date.

    >>> edition_key("2024"), edition_key("2024-12"), edition_key("2026-04-22"), edition_key("x")
    ('2024-00-00', '2024-12-00', '2026-04-22', '')
    """
    found = _EDITION.match(text.strip())
    if not found:
        return ""
    year, month, day = found.group(1), found.group(2) or "00", found.group(3) or "00"
    return f"{year}-{month}-{day}"


def checksum(path: Path) -> str:
    """SHA-256 of a file, or of all files below a folder (in name order)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _mapping(mapping: Path | None) -> GenesisMapping | Problem | None:
    if mapping is None:
        return None
    try:
        text = mapping.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(ProblemCode.INVALID_MAPPING, mapping.name, value=str(exc)[:120])
    return parse_mapping(text, mapping.name)


def _fill(summary: ImportSummary, result: ReadResult, frame: pl.DataFrame) -> None:
    summary.files_read = result.files_read
    summary.observations = frame.height
    summary.codes = sorted(frame.get_column("indicator").unique().to_list())
    summary.indicators = len(summary.codes)
    summary.series = frame.select("indicator", "series").n_unique() if frame.height else 0
    summary.regions = frame.get_column("region").n_unique()


def _finish(summary: ImportSummary, log: ProblemLog) -> ImportSummary:
    summary.problems = list(log.problems)
    summary.problem_counts = dict(log.counts)
    return summary


def observations_import(
    *,
    path: Path,
    file_format: InputFormat | None = None,
    mapping: Path | None = None,
    source: str = "",
    actor: str = "",
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    refresh: bool = True,
    region: str | None = None,
    codes: str = "catalogue",
    code_map: Mapping[str, str] | None = None,
    edition: str = "",
    allow_older: bool = False,
    geocode_country: str = "",
    lock_wait: float = LOCK_WAIT,
) -> ImportSummary:
    """Import observations from ``path``: all rows or none.

    Units are stored as codes of the unit vocabulary (``zielwerk.core.units``); an unknown
    unit spelling is a problem like any other. Whose data it is and which indicators are
    always explicit: rows without a region code take ``region`` (an ARS) or are problems;
    ``codes`` names the code framework of the file (``catalogue``, ``un``, ``dns``, ``kom``)
    and codes are matched only within it; ``code_map`` translates a source's own codes to
    catalogue codes first (e.g. a city's local numbering to its own indicators). ``edition``
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) is the source's vintage: a stored value that came
    from a newer edition is kept (counted as ``kept``) unless ``allow_older``.
    ``geocode_country`` (ISO code) says an Open SDG repository's GeoCodes are the codes of
    regions abroad in that country (``E08000035`` → region ``GB-E08000035``).
    While another import writes, this one waits up to ``lock_wait`` seconds before writing,
    then raises ``locks.Busy`` having written nothing.

    Problems (unknown codes, malformed cells, duplicates, unit changes) make the summary
    invalid and nothing is written. A re-import of the same data counts ``unchanged``; a
    changed value is updated and its old value kept as an ``ObservationRevision``.
    """
    step = progress or (lambda name, number, total: None)
    found = file_format or detect_format(path)
    summary = ImportSummary(str(path), found.value if found else "", dry_run)
    log = ProblemLog()
    summary.edition = edition_key(edition)
    if edition and not summary.edition:
        log.add(Problem(ProblemCode.INVALID_EDITION, path.name, value=edition))
        return _finish(summary, log)
    genesis = _mapping(mapping)
    if isinstance(genesis, Problem):
        log.add(genesis)
        return _finish(summary, log)
    step("read", 1, len(STEPS))
    known = indicator_ids(codes)
    sources = set(code_map) if code_map is not None else set(known)
    if geocode_country and found is InputFormat.OPENSDG:
        with tempfile.TemporaryDirectory(prefix="zw-geocodes-") as tmp:
            abroad = geocodes_abroad(path, geocode_country, Path(tmp))
            result = read_observations(abroad, found, known_indicators=sources)
    else:
        result = read_observations(path, found, mapping=genesis, known_indicators=sources)
    if code_map is not None:
        mapped = result.frame.with_columns(
            indicator=pl.col("indicator").replace_strict(
                dict(code_map), default=pl.col("indicator"), return_dtype=pl.String
            )
        )
        result = replace(result, frame=mapped)
    log.merge(_log_of(result))
    summary.skips.extend(result.skips)
    step("check", 2, len(STEPS))
    unknown_regions = genesis.unknown_regions if genesis else "error"
    frame, skips = resolve(result.frame, known, log, unknown_regions=unknown_regions, region=region)
    summary.skips.extend(skips)
    _fill(summary, result, frame)
    if log.counts:
        return _finish(summary, log)
    vintage = bulk.Vintage(summary.edition, allow_older)
    with import_lock(dry_run=dry_run, wait=lock_wait):
        _write(
            summary,
            frame,
            log,
            file_name=str(path),
            digest=checksum(path),
            source=source,
            actor=actor,
            user=user,
            step=step,
            vintage=vintage,
        )
        if refresh and not log.counts and not dry_run and (summary.created or summary.revised):
            # Assessments and peer standings follow the data: computed once here, never on a
            # page view (``refresh=False`` leaves it to a caller importing several files).
            written = frame.get_column("indicator").unique().to_list()
            assessments_refresh(indicators=written)
            peers_refresh(indicators=written)
    return _finish(summary, log)


def observations_import_frame(
    *,
    frame: pl.DataFrame,
    name: str,
    source: str = "",
    actor: str = "",
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    refresh: bool = True,
    codes: str = "catalogue",
    lock_wait: float = LOCK_WAIT,
) -> ImportSummary:
    """Import observations handed over as a frame (``indicator, region, series, year, value,
    unit, flags``; publishing drafts, API writes): the same checks and the same write as a
    file, without a file in between, so no text changes on the way into the database
    (formula neutralisation is for file exports only). ``name`` identifies the data in the
    import run; all rows or none."""
    summary = ImportSummary(name, "frame", dry_run)
    log = ProblemLog()
    fields = ("indicator", "region", "series", "year", "value", "unit", "flags")
    # A frame read from a file keeps its file and line numbers for the problems.
    raw = frame.select(
        *(pl.col(f).cast(pl.String).fill_null("") for f in fields),
        file=pl.col("file") if "file" in frame.columns else pl.lit(name),
        line=(
            pl.col("line").cast(pl.Int64)
            if "line" in frame.columns
            else pl.int_range(2, frame.height + 2, dtype=pl.Int64)
        ),
    )
    good, skips = validate(raw, {f: f for f in fields}, log, periods=True)
    summary.skips.extend(skips)
    known = indicator_ids(codes)
    resolved, more = resolve(good, known, log)
    summary.skips.extend(more)
    _fill(summary, ReadResult(good, (), tuple(skips), {}, 1), resolved)
    if log.counts:
        return _finish(summary, log)
    digest = hashlib.sha256(frame.write_csv().encode()).hexdigest()
    with import_lock(dry_run=dry_run, wait=lock_wait):
        _write(
            summary,
            resolved,
            log,
            file_name=name,
            digest=digest,
            source=source,
            actor=actor,
            user=user,
            step=lambda *_args: None,
            vintage=bulk.Vintage(),
        )
        if refresh and not log.counts and not dry_run and (summary.created or summary.revised):
            written = resolved.get_column("indicator").unique().to_list()
            assessments_refresh(indicators=written)
            peers_refresh(indicators=written)
    return _finish(summary, log)


def _log_of(result: ReadResult) -> ProblemLog:
    log = ProblemLog()
    for problem in result.problems:
        log.add(problem, 0)
    log.counts = dict(result.problem_counts)
    return log


def _write(
    summary: ImportSummary,
    frame: pl.DataFrame,
    log: ProblemLog,
    *,
    file_name: str,
    digest: str,
    source: str,
    actor: str,
    user: AbstractBaseUser | None,
    step: Progress,
    vintage: bulk.Vintage,
) -> None:
    """Stage, check units against stored data, merge; roll back on problems or dry runs.

    The stage is a temporary table created inside the transaction, so a failure (or a
    killed process) rolls it back together with everything else.
    """
    with transaction.atomic():
        step("stage", 3, len(STEPS))
        cursor = bulk.stage(frame)
        conflicts, total = bulk.unit_conflicts(cursor)
        log.add_counted(conflicts, total)
        counts = bulk.count(cursor, vintage)
        summary.created, summary.unchanged = counts.created, counts.unchanged
        summary.revised, summary.kept = counts.revised, counts.kept
        rollback = bool(log.counts) or summary.dry_run
        if not rollback:
            step("write", 4, len(STEPS))
            run = ImportRun.objects.create(
                user=user if user is not None and user.is_authenticated else None,  # type: ignore[misc]
                actor=actor[:150],
                source=source,
                edition=vintage.edition,
                file_name=file_name[-500:],
                file_format=summary.file_format,
                checksum=digest,
                rows_read=summary.observations + summary.skipped_rows,
                created=counts.created,
                unchanged=counts.unchanged,
                revised=counts.revised,
                kept=counts.kept,
                skipped=summary.skipped_rows,
            )
            bulk.merge(cursor, run, source or Path(file_name).name, counts, vintage)
            summary.import_run_id = run.pk
        bulk.drop_stage(cursor)
        if rollback:
            transaction.set_rollback(True)


def geocodes_abroad(root: Path, country: str, folder: Path) -> Path:
    """A copy of the repository whose GeoCodes name regions abroad (``<country>-<code>``)."""
    shutil.copytree(root, folder, dirs_exist_ok=True)
    for data_file in sorted((folder / "data").glob("*.csv")):
        table = pl.read_csv(data_file, infer_schema=False)
        if "GeoCode" not in table.columns:
            continue
        code = pl.col("GeoCode").fill_null("").str.strip_chars()
        table.with_columns(
            GeoCode=pl.when(code != "").then(pl.lit(country.upper() + "-") + code).otherwise(code)
        ).write_csv(data_file)
    return folder


def _single_file_repository(root: Path, data_file: Path, folder: Path) -> Path:
    """A copy of ``root`` holding one data file and its metadata (German and English)."""
    ident = data_file.stem.removeprefix("indicator_")
    (folder / "data").mkdir(parents=True)
    shutil.copy(data_file, folder / "data" / data_file.name)
    for meta in (root / "meta" / f"{ident}.md", root / "meta" / "en" / f"{ident}.md"):
        if meta.is_file():
            target = folder / meta.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(meta, target)
    return folder


def observations_import_per_file(*, path: Path, **options: Any) -> ImportSummary:
    """Import each indicator file of an Open SDG repository on its own: all-or-nothing per
    file. Files with problems are refused and reported (``refused_files``, their problems);
    the valid ones are written. Assessments and peer standings are refreshed once at the end.
    A single file (tidy, GENESIS) is imported as usual."""
    if not path.is_dir():
        return observations_import(path=path, **options)
    total = ImportSummary(str(path), InputFormat.OPENSDG.value, options.get("dry_run", False))
    # One lock for all files and the refresh at the end (each file's import re-enters it).
    with import_lock(dry_run=total.dry_run, wait=options.get("lock_wait", LOCK_WAIT)):
        return _per_file(path, total, options)


def _per_file(path: Path, total: ImportSummary, options: dict[str, Any]) -> ImportSummary:
    log = ProblemLog()
    changed: set[str] = set()  # indicator codes written
    for data_file in sorted((path / "data").glob("*.csv")):
        with tempfile.TemporaryDirectory(prefix="zw-file-") as tmp:
            single = _single_file_repository(path, data_file, Path(tmp))
            summary = observations_import(path=single, **{**options, "refresh": False})
        total.files_read += summary.files_read
        total.skips.extend(summary.skips)
        if summary.ok:
            total.observations += summary.observations
            total.created += summary.created
            total.unchanged += summary.unchanged
            total.revised += summary.revised
            total.own_indicators_created += summary.own_indicators_created
            if summary.created or summary.revised:
                changed.update(summary.codes)
            continue
        total.refused_files[data_file.name] = sum(summary.problem_counts.values())
        for problem in summary.problems:
            log.add(problem)
    total.problems = list(log.problems)
    total.problem_counts = {}  # the valid files are written: the refused ones are reported
    total.codes = sorted(changed)
    total.indicators = len(changed)
    if changed and not total.dry_run and options.get("refresh", True):
        assessments_refresh(indicators=total.codes)
        peers_refresh(indicators=total.codes)
    return total
