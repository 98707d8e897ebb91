"""Compare the bundled DNS targets with the published weather fields of the DNS metadata.

Usage::

    uv run python scripts/check_dns_targets.py [--meta DIR] [--targets CSV]

The DNS metadata (``dns-indicators/meta/*.md``, Open SDG front matter) carries, per indicator
code, the published targets as ``weather_indicator_N_target_K`` texts with a category
(``normal``/``old``/``new``), ``targetYear``, ``validFrom``, ``validUntil`` and ``note``. This
script checks for every target that is in force (category normal/new, no ``validUntil``, no
"Wegfall" note) that

* the indicator has at least one row in the targets file,
* a ``targetYear`` in the metadata is the ``target_year`` of a row of kind ``year``,
* every number in the target text is found in a row: as ``target_value``, as ``limit``, as
  ``target_year``/``base_year``/``valid_from``, or as ``100 − number`` when the row has a base year
  and the data are an index (reductions such as "−65 % gegenüber 1990" → 35),

and for every target that is not in force (old or ended) that no row carries its text or its
value/year pair. Rows whose label is not one of the published target texts, unknown indicator
codes and ``valid_from`` mismatches are reported too. Known, intended differences are listed in
``EXPLAINED`` with the reason (also documented in docs/dns-targets.md); they are printed but do not
fail the check. Exit code 1 if an unexplained difference remains.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_META = ROOT.parent / "shared" / "data" / "dns-indicators" / "meta"
DEFAULT_TARGETS = ROOT / "src" / "zielwerk" / "data" / "catalogue" / "dns_targets.csv"

# (indicator, target number K, token) -> reason. Token is the number/year as written in the
# text, "targetYear" for the metadata field, or "label" for a label/row mismatch.
EXPLAINED: dict[tuple[str, int, str], str] = {
    ("1.1.a", 1, "2030"): "EU-relative target: horizon year only, kind direction (no fixed value)",
    ("1.1.b", 1, "2030"): "EU-relative target: horizon year only, kind direction (no fixed value)",
    ("1.1.a", 2, "in force"): "predecessor definition (material deprivation), not rated since 2020",
    ("1.1.b", 2, "in force"): "predecessor definition (material deprivation), not rated since 2020",
    ("10.2", 1, "2030"): "EU-relative target: horizon year only, kind direction (no fixed value)",
    ("11.2.a", 1, "20"): "interval 15-20 %: judged against the weakest requirement (-15 % -> 85)",
    ("11.2.b", 1, "20"): "interval 15-20 %: judged against the weakest requirement (-15 % -> 85)",
    ("12.3.a", 0, "label"): "weather text is cut off ('Bedar'), label taken from political_target",
    ("12.2.b", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("12.3.a", 1, "2030"): "'im Regelfall' has no value: kind direction, 2030 only the horizon",
    ("15.2", 1, "35"): "converted with the 2005 value: 0.65 x 79.447 = 51.64 (in note)",
    ("15.4", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("16.2", 1, "2024"): "start of the cumulative count (the indicator counts since 2024)",
    ("16.3.a", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("16.3.b", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("17.2", 2, "2020"): "'Zielwert von 2020' = 1.1 x value 2015 = 236783.8, kind annual",
    ("17.3", 1, "100"): "converted with the 2014 value: 2 x 0.714 = 1.428 (in note)",
    ("2.1.a", 1, "2026"): "mean 2026-2030 = five-year moving average of 2030",
    ("2.2", 1, "2030"): "'angemessene Steigerung' has no value: kind direction",
    ("3.1.a", 1, "100 000"): "unit 'je 100 000 Einwohner', not a target number",
    ("3.2.b", 1, "10"): "10 µg/m³ defines the exposure threshold of the indicator, not the target",
    ("3.3", 1, "targetYear"): "'Steigerung der Ausgaben bis 2030' has no value: kind direction",
    ("3.3", 1, "2030"): "'Steigerung der Ausgaben bis 2030' has no value: kind direction",
    ("5.1.a", 2, "2030"): "Destatis rates 'höchstens 10 %' every year: kind annual, 2030 horizon",
    (
        "6.1.b",
        1,
        "50",
    ): "50 mg/l defines the indicator (share of sites below 50 mg/l), target 100 %",
    ("6.1.b", 1, "2030"): "Destatis/type_target: to be met every year (kind annual), 2030 horizon",
    ("6.2.a", 1, "2030"): "'pro Jahr bis 2030': kind annual, 2030 horizon",
    ("6.2.b", 1, "2030"): "'pro Jahr bis 2030': kind annual, 2030 horizon",
    ("8.1", 1, "2000"): "trend 2000-2010 converted by Destatis to 136.8 (2010 = 100) in 2030",
    ("8.2.a", 1, "3"): "deficit < 3 % = financing balance >= -3 (data negative for deficits)",
    ("8.2.a", 1, "2030"): "'Beibehaltung bis 2030': kind annual, 2030 horizon",
    ("8.2.b", 1, "0,5"): "deficit max 0.5 % = structural balance >= -0.5",
    ("8.2.b", 1, "2030"): "'Beibehaltung bis 2030': kind annual, 2030 horizon",
    ("8.2.c", 1, "2030"): "'Beibehaltung bis 2030': kind annual, 2030 horizon",
    ("8.3", 1, "2030"): "'angemessene Entwicklung': kind direction, 2030 horizon",
    ("8.4", 1, "2030"): "'angemessenes Wachstum': kind direction, 2030 horizon",
    ("8.5.c", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("8.6", 1, "2030"): "no value: kind direction, 2030 only the horizon",
    ("9.1.a", 1, "targetYear"): "'jährlich mindestens 3,5 %': kind annual (type_target, Destatis)",
    ("9.1.a", 1, "2025"): "'jährlich mindestens 3,5 %': kind annual (type_target, Destatis)",
}

NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:,\d+)?")


@dataclass
class WeatherTarget:
    indicator: str
    number: int
    text: str
    category: str
    target_year: str
    valid_from: str
    valid_until: str
    note: str

    @property
    def in_force(self) -> bool:
        return (
            self.category in ("normal", "new")
            and not self.valid_until
            and "Wegfall" not in self.note
        )


def clean(text: str) -> str:
    """Strip quotes, HTML and entities from a front-matter value."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].replace("''", "'")
    text = re.sub(r"<sup>.*?</sup>", "", text)
    text = re.sub(r"<small>.*?</small>", "", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\xa0", " ").replace("\u2011", "-")
    return re.sub(r"\s+", " ", text).strip()


def front_matter(path: Path) -> dict[str, str]:
    body = path.read_text(encoding="utf-8").split("---")[1]
    fields: dict[str, str] = {}
    for line in body.splitlines():
        match = re.match(r"^([A-Za-z0-9_]+):\s?(.*)$", line)
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def weather_targets(meta: Path) -> tuple[list[WeatherTarget], dict[str, str]]:
    """All published targets, and the data file id (e.g. ``1-1-ab``) of every indicator code."""
    targets: list[WeatherTarget] = []
    files: dict[str, str] = {}
    for path in sorted(meta.glob("*.md")):
        fields = front_matter(path)
        for key in fields:
            match = re.fullmatch(r"weather_indicator_(\d+)", key)
            if not match:
                continue
            prefix = key
            code = fields[key].split()[0]
            files[code] = path.stem
            for sub in fields:
                found = re.fullmatch(re.escape(prefix) + r"_target_(\d+)", sub)
                if not found:
                    continue
                q = sub
                targets.append(
                    WeatherTarget(
                        indicator=code,
                        number=int(found.group(1)),
                        text=clean(fields[q]),
                        category=fields.get(q + "_category", ""),
                        target_year=fields.get(q + "_targetYear", ""),
                        valid_from=fields.get(q + "_validFrom", ""),
                        valid_until=fields.get(q + "_validUntil", ""),
                        note=clean(fields.get(q + "_note", "")),
                    )
                )
    return targets, files


def as_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def number_matches(token: str, rows: list[dict[str, str]]) -> bool:
    value = float(token.replace(" ", "").replace(",", "."))
    is_year = re.fullmatch(r"(19|20)\d\d", token) is not None
    for row in rows:
        if is_year and token in (row["target_year"], row["base_year"], row["valid_from"]):
            return True
        target = as_float(row["target_value"])
        limit = as_float(row["limit"])
        if target is not None and abs(target - value) < 1e-9:
            return True
        if limit is not None and abs(limit - value) < 1e-9:
            return True
        if target is not None and row["base_year"] and abs(100 - value - target) < 1e-9:
            return True
    return False


def check(meta: Path, targets_csv: Path) -> int:
    weather, files = weather_targets(meta)
    with targets_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_indicator: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_indicator[row["indicator"]].append(row)

    diffs: list[str] = []
    explained: list[str] = []
    left_out: list[str] = []

    used: set[tuple[str, int, str]] = set()

    def report(indicator: str, number: int, token: str, message: str) -> None:
        reason = EXPLAINED.get((indicator, number, token))
        if reason is not None:
            used.add((indicator, number, token))
            explained.append(f"{indicator} T{number} [{token}]: {message} -- {reason}")
        else:
            diffs.append(f"{indicator} T{number} [{token}]: {message}")

    labels_in_force: dict[str, set[str]] = defaultdict(set)
    for target in weather:
        mine = by_indicator.get(target.indicator, [])
        if not target.in_force:
            reason = (
                f"category {target.category}"
                + (f", valid until {target.valid_until}" if target.valid_until else "")
                + (f", note: {target.note[:60]}" if "Wegfall" in target.note else "")
            )
            left_out.append(f"{target.indicator} T{target.number}: {target.text} ({reason})")
            for row in mine:
                if row["label_de"] == target.text:
                    diffs.append(
                        f"{target.indicator} T{target.number}: row uses a target not in force"
                    )
            continue
        if (target.indicator, target.number, "in force") in EXPLAINED:
            used.add((target.indicator, target.number, "in force"))
            left_out.append(
                f"{target.indicator} T{target.number}: {target.text} "
                f"({EXPLAINED[(target.indicator, target.number, 'in force')]})"
            )
            continue
        labels_in_force[target.indicator].add(target.text)
        if not mine:
            diffs.append(f"{target.indicator} T{target.number}: no row for this indicator")
            continue
        if target.target_year and not any(
            r["kind"] == "year" and r["target_year"] == target.target_year for r in mine
        ):
            report(
                target.indicator,
                target.number,
                "targetYear",
                f"targetYear {target.target_year} has no row of kind year with that year",
            )
        for token in NUMBER.findall(target.text):
            if not number_matches(token, mine):
                report(target.indicator, target.number, token, f"number {token!r} not in any row")
        for row in mine:
            if row["label_de"] == target.text and row["valid_from"] != target.valid_from:
                diffs.append(
                    f"{target.indicator} T{target.number}: valid_from {row['valid_from']!r}"
                    f" != validFrom {target.valid_from!r}"
                )

    for row in rows:
        code = row["indicator"]
        if code not in files:
            diffs.append(f"{code}: indicator code not in the metadata")
            continue
        if row["data_file"] != f"indicator_{files[code]}.csv":
            diffs.append(f"{code}: data_file {row['data_file']} != indicator_{files[code]}.csv")
        if row["label_de"] not in labels_in_force[code]:
            report(
                code, 0, "label", f"label not a published target in force: {row['label_de'][:70]}"
            )
    missing = sorted(set(files) - set(by_indicator))
    diffs.extend(f"{code}: no row" for code in missing)
    diffs.extend(
        f"stale EXPLAINED entry (no such difference): {key}" for key in EXPLAINED.keys() - used
    )

    covered_files = {files[c] for c in by_indicator if c in files}
    print(
        f"{len(rows)} rows; {len(by_indicator)} of {len(files)} indicator codes and "
        f"{len(covered_files)} of {len(set(files.values()))} indicator files have a target"
    )
    print(f"\nTargets left out ({len(left_out)}):")
    for line in left_out:
        print("  " + line)
    print(f"\nExplained differences ({len(explained)}):")
    for line in explained:
        print("  " + line)
    print(f"\nUnexplained differences ({len(diffs)}):")
    for line in diffs:
        print("  " + line)
    return 1 if diffs else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meta", type=Path, default=DEFAULT_META)
    parser.add_argument("--targets", type=Path, default=DEFAULT_TARGETS)
    args = parser.parse_args()
    if not args.meta.is_dir():
        print(f"metadata folder not found: {args.meta}", file=sys.stderr)
        return 2
    return check(args.meta, args.targets)


if __name__ == "__main__":
    sys.exit(main())
