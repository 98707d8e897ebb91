"""Hub tests run on the bundled regions and the real twin-town file of ../shared.

The regions are loaded once per module with ``zielwerk load_regions``; the pairs with
``zielwerk load_partnerships <path>`` (the file is not in the package). Without the shared
folder the tests that need it skip and say why.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from django.core.cache import cache
from django.core.management import call_command

from zielwerk.core.partnerships import PartnershipMatch, municipalities, partnerships_match
from zielwerk.regions.services import PACKAGE_DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
TSV = ROOT.parent / "shared" / "data" / "partnerships" / "germany-sister-cities-wikidata-2017.tsv"
NO_SHARED = "the shared data (../shared/data/partnerships) is absent"
KOELN = "053150000000"


def load_output(path: Path, report: Path) -> str:
    out = io.StringIO()
    call_command("load_partnerships", str(path), report=str(report), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[tuple[str, Path]]:
    """Regions and the real pairs loaded (module scope); the command's output and report."""
    if not TSV.exists():
        pytest.skip(NO_SHARED)
    report = tmp_path_factory.mktemp("hub") / "unmatched.csv"
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_regions", verbosity=0)
        output = load_output(TSV, report)
    cache.clear()
    yield output, report
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", "--noinput", verbosity=0)
    cache.clear()


@pytest.fixture
def hub(loaded: tuple[str, Path], db: None) -> tuple[str, Path]:
    return loaded


@pytest.fixture(scope="module")
def core_result() -> PartnershipMatch:
    """The core matcher on the bundled region files, independent of the database."""
    if not TSV.exists():
        pytest.skip(NO_SHARED)
    rows = pl.read_csv(
        PACKAGE_DATA_DIR / "regions.csv",
        schema_overrides={"ars": pl.String, "ags": pl.String, "parent_ars": pl.String},
    )
    features: list[dict[str, object]] = []
    for name in ("gemeinden", "kreise", "laender"):
        text = (PACKAGE_DATA_DIR / f"{name}.geojson").read_text(encoding="utf-8")
        features += json.loads(text)["features"]
    pairs = pl.read_csv(TSV, separator="\t", quote_char=None, infer_schema_length=0)
    return partnerships_match(pairs, municipalities(rows, features))
