"""Build the bundled SDG catalogue (src/zielwerk/data/catalogue) from the shared source data.

    uv run python scripts/build_catalogue.py [--data-dir /work/shared/data] [--output DIR]

Re-runnable: the output depends only on the sources, rows are sorted, so a new data vintage
shows up as a readable diff. What is taken from where is documented in docs/catalogue.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from zielwerk.core.catalogue import (
    clean_text,
    front_matter,
    read_catalogue,
    sort_key,
    text_for_code,
    weather_symbol_code,
)

log = logging.getLogger("build_catalogue")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "zielwerk" / "data" / "catalogue"
POSITIONS = "abcdefghijk"
_WEATHER_TARGET = re.compile(r"^weather_indicator_(\d+)_target_(\d+)$")


def one_line(value: object) -> str:
    return " ".join(clean_text(value).split("\n"))


def read_meta(folder: Path) -> dict[str, dict[str, Any]]:
    """Front matter of every ``*.md`` page in ``folder``, by file stem."""
    return {
        p.stem: front_matter(p.read_text(encoding="utf-8"), file=str(p))
        for p in sorted(folder.glob("*.md"))
    }


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
            count += 1
    return count


# --- UN framework -------------------------------------------------------------------------


def build_un(data: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Goals, targets and indicator entries of the 2023 framework with German/English titles."""
    framework = data / "un-sdg-framework"
    with (framework / "SDG_Target_Indicator_UNSD_2023.csv").open(encoding="utf-8-sig") as f:
        rows = [
            {k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f, delimiter=";")
        ]
    tr = {
        (lang, kind): _yaml(framework / "translations" / lang / f"global_{kind}.yml")
        for lang in ("de", "en")
        for kind in ("goals", "targets", "indicators")
    }
    destatis = read_meta(data / "destatis-sdg-indicators" / "meta")
    ind_de = {
        str(m["indicator_number"]).strip(): one_line(m["indicator_name"]) for m in destatis.values()
    }
    target_de = {
        str(m["target_id"]).strip(): one_line(m["target_name"])
        for m in destatis.values()
        if m.get("target_name")
    }
    goals = [
        {
            "number": n,
            "short_de": one_line(tr["de", "goals"][f"{n}-short"]),
            "title_de": one_line(tr["de", "goals"][f"{n}-title"]),
            "short_en": one_line(tr["en", "goals"][f"{n}-short"]),
            "title_en": one_line(tr["en", "goals"][f"{n}-title"]),
        }
        for n in sorted({int(r["SDGNumber"]) for r in rows})
    ]
    targets: dict[str, dict[str, Any]] = {}
    indicators = []
    for r in rows:
        code = r["TargetsNumber"]
        key = code.replace(".", "-") + "-title"
        targets.setdefault(
            code,
            {
                "code": code,
                "goal": int(r["SDGNumber"]),
                "title_de": target_de.get(code) or one_line(tr["de", "targets"].get(key, "")),
                "title_en": one_line(r["Targets"]),
            },
        )
        if r["IndicatorsNumber"] in ("", "0"):  # 11.c: a target without an indicator
            continue
        indicators.append(_un_indicator(r, ind_de, tr["de", "indicators"]))
    return goals, sorted(targets.values(), key=lambda t: sort_key(t["code"])), indicators


def _un_indicator(
    r: Mapping[str, str], destatis: Mapping[str, str], tr_de: Mapping[str, str]
) -> dict[str, Any]:
    code = r["IndicatorsNumber"]
    translated = one_line(tr_de.get(code.replace(".", "-") + "-title", ""))
    title_de, source = (
        (destatis[code], "destatis")
        if code in destatis
        else (translated, "sdg-translations")
        if translated
        else ("", "")
    )
    return {
        "code": code,
        "target": r["TargetsNumber"],
        "unsd_code": r["UNSDIndicatorCodes"],
        "title_de": title_de,
        "title_en": one_line(r["Indicators"]),
        "title_de_source": source,
    }


def _yaml(path: Path) -> dict[str, str]:
    import yaml

    return {
        str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()
    }


# --- DNS -----------------------------------------------------------------------------------


def expand_codes(display: str) -> list[str]:
    """``'1.1.a, b'`` → ``['1.1.a', '1.1.b']``; ``'10.1'`` → ``['10.1']``."""
    first, *letters = [part.strip() for part in str(display).split(",")]
    stem = first.rsplit(".", 1)[0] if letters else first
    return [first] + [f"{stem}.{letter}" for letter in letters]


def destatis_links(data: Path, un_codes: set[str], sheets: set[str]) -> dict[str, set[str]]:
    """UN indicator codes whose Destatis page points to a DNS sheet (``dns_indicator``)."""
    links: dict[str, set[str]] = defaultdict(set)
    for meta in read_meta(data / "destatis-sdg-indicators" / "meta").values():
        sheet = str(meta.get("dns_indicator") or "").strip("/ ")
        code = str(meta.get("indicator_number", "")).strip()
        if not sheet or code not in un_codes:
            continue
        if sheet in sheets:
            links[sheet].add(code)
        else:
            log.warning(
                "Destatis %s verweist auf unbekanntes DNS-Blatt %s (ausgelassen)", code, sheet
            )
    return links


def components(de: Mapping[str, Any], en: Mapping[str, Any]) -> dict[int, tuple[str, str, str]]:
    """Weather components of a sheet: number → (code, title_de, title_en)."""
    found = {}
    for key, value in de.items():
        match = re.fullmatch(r"weather_indicator_(\d+)", key)
        if match:
            number = int(match.group(1))
            code, _, title_de = one_line(value).partition(" ")
            title_en = one_line(en.get(key, "")).partition(" ")[2]
            found[number] = (code, title_de, title_en)
    return dict(sorted(found.items()))


def build_dns(
    data: Path, un_codes: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """DNS indicators: one per assessed indicator (``weather_indicator_N``) of each sheet."""
    folder = data / "dns-indicators"
    german, english = read_meta(folder / "meta"), read_meta(folder / "meta" / "en")
    links = destatis_links(data, un_codes, set(german))
    indicators, published, weather = [], [], []
    for sheet, de in german.items():
        en = english.get(sheet, {})
        displayed = expand_codes(de["indicator_display"])
        parts = components(de, en)
        sdg = str(de.get("sdg_indicator") or "").strip()
        if sdg and sdg not in un_codes:
            log.warning("DNS %s: sdg_indicator %s ist kein UN-Indikator (ausgelassen)", sheet, sdg)
        common = {
            "sheet": sheet,
            "goal": int(de["goal"]),
            "definition_de": clean_text(de.get("dns_indicator_definition")),
            "definition_en": clean_text(en.get("dns_indicator_definition")),
            "unit": _units(folder / "data" / f"indicator_{sheet}.csv"),
            "section_de": one_line(de.get("section")),
            "section_en": one_line(en.get("section")),
            "postulate_de": one_line(de.get("postulate")),
            "postulate_en": one_line(en.get("postulate")),
            "postulate_id": str(de.get("target_id") or ""),
            "un_indicators": sorted(({sdg} & un_codes) | links.get(sheet, set()), key=sort_key),
        }
        for n, (code, title_de, title_en) in parts.items():
            _check_owner(code, displayed, sheet)
            single = len(parts) == 1
            indicators.append(
                {
                    "code": code,
                    **common,
                    "title_de": one_line(de["indicator_name"]) if single else title_de,
                    "title_en": one_line(en.get("indicator_name")) if single else title_en,
                    "political_target_de": text_for_code(
                        clean_text(de.get("political_target")), code
                    ),
                    "political_target_en": text_for_code(
                        clean_text(en.get("political_target")), code
                    ),
                    "target_type_de": text_for_code(clean_text(de.get("type_target")), code),
                    "target_type_en": text_for_code(clean_text(en.get("type_target")), code),
                }
            )
            targets, items = _published(de, en, n, code)
            published += targets
            weather += items
    indicators.sort(key=lambda i: sort_key(i["code"]))
    return indicators, published, weather


def _check_owner(code: str, displayed: Sequence[str], sheet: str) -> None:
    """Each assessed indicator must belong to exactly one code the sheet displays."""
    matches = [c for c in displayed if code.startswith(c)]
    if len(matches) != 1:
        raise SystemExit(f"DNS-Blatt {sheet}: Indikator {code} passt zu {matches}")


def _units(path: Path) -> str:
    if not path.exists():
        return ""
    with path.open(encoding="utf-8-sig") as handle:
        return "; ".join(
            sorted({(r.get("Units") or "").strip() for r in csv.DictReader(handle)} - {""})
        )


def _year(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


def _published(
    de: Mapping[str, Any], en: Mapping[str, Any], n: int, code: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    targets, items = [], []
    for key in de:
        match = _WEATHER_TARGET.fullmatch(key)
        if not match or int(match.group(1)) != n:
            continue
        number = int(match.group(2))
        targets.append(
            {
                "indicator": code,
                "number": number,
                "text_de": clean_text(de[key]),
                "text_en": clean_text(en.get(key)),
                "category": str(de.get(f"{key}_category") or "normal").strip(),
                "target_year": _year(de.get(f"{key}_targetYear")),
                "valid_from": _year(de.get(f"{key}_validFrom")),
                "valid_until": _year(de.get(f"{key}_validUntil")),
                "note_de": clean_text(de.get(f"{key}_note")),
                "note_en": clean_text(en.get(f"{key}_note")),
            }
        )
        for position in POSITIONS:
            symbol_text = str(de.get(f"{key}_item_{position}") or "").strip()
            if not symbol_text:  # an empty slot: nothing was published for that year
                continue
            items.append(
                {
                    "indicator": code,
                    "target_number": number,
                    "position": position,
                    "year": _year(de.get(f"weather_indicator_{n}_year_{position}")),
                    "symbol": weather_symbol_code(symbol_text),
                    "symbol_text": symbol_text,
                    "explanation_de": one_line(de.get(f"{key}_item_{position}_title")),
                    "explanation_en": one_line(en.get(f"{key}_item_{position}_title")),
                    "valid": "true" if de.get(f"{key}_item_{position}_valid") else "false",
                }
            )
    targets.sort(key=lambda t: t["number"])
    return targets, items


# --- main ----------------------------------------------------------------------------------


def build(data: Path, output: Path) -> dict[str, int]:
    """Build every package data file; return the row counts written."""
    output.mkdir(parents=True, exist_ok=True)
    goals, targets, un = build_un(data)
    dns, published, weather = build_dns(data, {i["code"] for i in un})
    counts = {
        "goals": write_csv(output / "goals.csv", list(goals[0]), goals),
        "targets": write_csv(output / "targets.csv", list(targets[0]), targets),
        "un_indicators": write_csv(output / "un_indicators.csv", list(un[0]), un),
        "dns_published_targets": write_csv(
            output / "dns_published_targets.csv", list(published[0]), published
        ),
        "dns_published_weather": write_csv(
            output / "dns_published_weather.csv", list(weather[0]), weather
        ),
    }
    text = json.dumps(dns, ensure_ascii=False, indent=1) + "\n"
    (output / "dns_indicators.json").write_text(text, encoding="utf-8")
    counts["dns_indicators"] = len(dns)
    counts["dns_sheets"] = len({d["sheet"] for d in dns})
    counts["un_unique_unsd_codes"] = len({i["unsd_code"] for i in un})
    read_catalogue(output)  # the files we wrote must pass the loader's own checks
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    counts = build(args.data_dir, args.output)
    for name, count in counts.items():
        log.info("%-24s %6d", name, count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
