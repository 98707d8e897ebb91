"""The bundled catalogue files and the parsing helpers, on the real package data."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.catalogue import (
    clean_text,
    front_matter,
    read_catalogue,
    sort_key,
    text_for_code,
    weather_symbol_code,
)
from zielwerk.core.errors import InputCode, InputFileError

DATA = Path(str(files("zielwerk") / "data" / "catalogue"))
SHARED = Path("/work/shared/data")


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(DATA)


def test_un_framework_counts(catalogue):
    assert len(catalogue.goals) == 17
    assert len(catalogue.targets) == 169
    assert len(catalogue.un_indicators) == 248
    # Repeated indicators keep one entry (own number) per target; the UNSD code identifies them.
    unsd = Counter(i.unsd_code for i in catalogue.un_indicators)
    assert len(unsd) == 232
    assert unsd["C200303"] == 3  # 1.5.1 = 11.5.1 = 13.1.1
    repeated = {i.code for i in catalogue.un_indicators if i.unsd_code == "C200303"}
    assert repeated == {"1.5.1", "11.5.1", "13.1.1"}


def test_target_without_indicator(catalogue):
    with_indicator = {i.target for i in catalogue.un_indicators}
    assert {t.code for t in catalogue.targets} - with_indicator == {"11.c"}


def test_official_german_titles_from_destatis(catalogue):
    by_code = {i.code: i for i in catalogue.un_indicators}
    assert by_code["7.2.1"].title_de == (
        "Anteil der erneuerbaren Energien am gesamten Endenergieverbrauch"
    )
    assert by_code["7.2.1"].title_de_source == "destatis"
    assert by_code["7.2.1"].title_en.startswith("Renewable energy share")
    assert all(i.title_de and i.title_en for i in catalogue.un_indicators)
    assert all(t.title_de and t.title_en for t in catalogue.targets)


def test_dns_indicators(catalogue):
    dns = {d.code: d for d in catalogue.dns_indicators}
    assert len({d.sheet for d in dns.values()}) == 68
    assert len(dns) == 82  # assessed indicators, several on some sheets
    assert {dns["1.1.a"].sheet, dns["1.1.b"].sheet} == {"1-1-ab"}
    assert {"12.1.ba", "12.1.bb", "12.1.bc", "14.1.aa", "14.1.ab"} <= dns.keys()
    a = dns["7.2.a"]
    assert a.title_de == "Anteil erneuerbarer Energien am Bruttoendenergieverbrauch"
    assert a.title_en == "Share of renewable energies in gross final energy consumption"
    assert a.political_target_de == (
        "Anstieg auf 41 % bis 2030, auf 45 % bis 2040 und auf 60 % bis 2050"
    )
    assert a.un_indicators == ("7.2.1",)
    assert "&nbsp;" not in a.political_target_de
    assert "\xa0" not in a.political_target_de
    # a shared political target text is split per indicator
    assert dns["1.1.b"].political_target_de.startswith("Anteil der Personen, die erheblich")


def test_dns_codes_match_the_machine_readable_targets(catalogue):
    path = DATA / "dns_targets.csv"
    if not path.exists():
        pytest.skip("dns_targets.csv not built yet")
    from zielwerk.core.targets import read_targets

    assert {s.indicator for s in read_targets(path)} <= {d.code for d in catalogue.dns_indicators}


def test_published_weather_of_7_2_a(catalogue):
    targets = [p for p in catalogue.published_targets if p.indicator == "7.2.a"]
    assert [(p.target_year, p.category) for p in targets] == [
        (2020, "normal"),
        (2030, "old"),
        (2030, "new"),
        (2040, "normal"),
        (2050, "normal"),
    ]
    new = next(p for p in targets if p.category == "new")
    assert new.valid_from == 2025
    symbols = {
        (w.year, w.symbol)
        for w in catalogue.published_weather
        if w.indicator == "7.2.a" and w.target_number == 3
    }
    assert (2024, "cloud") in symbols
    assert {w.symbol for w in catalogue.published_weather} <= {
        "sun",
        "sun_cloud",
        "cloud",
        "thunderstorm",
        "not_assessed",
        "ended",
        "suspended",
    }


def test_weather_symbol_codes():
    assert weather_symbol_code("Sonne") == "sun"
    assert weather_symbol_code("Leicht bewölkt") == "sun_cloud"
    assert weather_symbol_code("Wolke") == "cloud"
    assert weather_symbol_code("Blitz") == "thunderstorm"
    assert weather_symbol_code("Bewertung ausgesetzt") == "suspended"
    with pytest.raises(ValueError, match="Hagel"):
        weather_symbol_code("Hagel")


def test_clean_text_and_split_by_code():
    raw = "1.1.a: bis 2030&nbsp;unter EU<br>1.1.b: <b>halbieren</b>"
    text = clean_text(raw)
    assert text == "1.1.a: bis 2030 unter EU\n1.1.b: halbieren"
    assert text_for_code(text, "1.1.a") == "bis 2030 unter EU"
    assert text_for_code(text, "1.1.b") == "halbieren"
    assert text_for_code("12.1.ba: weniger\n12.1.bb: weniger", "12.1.b").count("12.1.b") == 2


def test_front_matter_of_a_real_page():
    meta = front_matter((SHARED / "dns-indicators/meta/7-2-a.md").read_text(encoding="utf-8"))
    assert meta["indicator"] == "7.2.a"
    with pytest.raises(InputFileError) as err:
        front_matter("kein Kopf")
    assert [p.code for p in err.value.problems] == [InputCode.NO_FRONT_MATTER]


@given(st.lists(st.from_regex(r"\A(1[0-7]|[1-9])\.([1-9]|1[0-9]|[a-d])\Z"), min_size=2))
def test_sort_key_orders_numbers_numerically_and_letters_last(codes):
    ordered = sorted(codes, key=sort_key)
    for a, b in itertools.pairwise(ordered):
        ga, sa = a.split(".")
        gb, sb = b.split(".")
        assert int(ga) <= int(gb)
        if ga == gb and sa != sb and sa.isdigit() and sb.isdigit():
            assert int(sa) < int(sb)
        if ga == gb and not sa.isdigit():
            assert not sb.isdigit()


def test_inconsistent_files_are_refused_with_location(tmp_path):
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    targets = (tmp_path / "targets.csv").read_text(encoding="utf-8")
    (tmp_path / "targets.csv").write_text(targets.replace("\n7.2,7,", "\n7.2,99,"), "utf-8")
    with pytest.raises(InputFileError) as err:
        read_catalogue(tmp_path)
    places = {(Path(p.file).name, p.column, p.value, p.code) for p in err.value.problems}
    assert ("targets.csv", "goal", "99", InputCode.UNKNOWN_GOAL) in places
    assert ("targets.csv", "code", "7.2", InputCode.NOT_A_TARGET_CODE) in places
