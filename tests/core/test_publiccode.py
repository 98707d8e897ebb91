"""publiccode.yml: the real fixture, validation with field paths, the licence check, limits
and the round trip (hypothesis)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zielwerk.core.publiccode import (
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SOFTWARE_TYPES,
    Contact,
    Contractor,
    Description,
    PubliccodeCode,
    ScalingStage,
    Severity,
    Solution,
    licence_ids,
    licence_of_text,
    publiccode_dump,
    publiccode_parse,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = (
    ROOT.parent / "shared" / "data" / "publiccode" / "aitema-ratsinformationssystem.publiccode.yml"
)

# The first lines of the official EUPL-1.2 text (as in a repository's LICENSE file).
EUPL_12 = """EUROPEAN UNION PUBLIC LICENCE v. 1.2
EUPL © the European Union 2007, 2016

This European Union Public Licence (the ‘EUPL’) applies to the Work (as defined below) which is
provided under the terms of this Licence. Any use of the Work, other than as authorised under
this Licence is prohibited (to the extent such use is covered by a right of the copyright holder
of the Work).
"""
AGPL_3 = """                    GNU AFFERO GENERAL PUBLIC LICENSE
                       Version 3, 19 November 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
"""
GPL_3 = """                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007
"""
MIT = """MIT License

Copyright (c) 2024 Stadt Musterhausen

Permission is hereby granted, free of charge, to any person obtaining a copy
"""
APACHE = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/
"""
BSD_3 = """BSD 3-Clause License

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
3. Neither the name of the copyright holder nor the names of its
"""

LONG = "Eine lange Beschreibung der Lösung für Kommunen. " * 4  # 200 characters

VALID = f"""publiccodeYmlVersion: "0.4"
name: Mängelmelder
url: https://gitlab.example.org/stadt/maengelmelder.git
platforms: [web, android]
categories: [it-development]
developmentStatus: beta
softwareType: standalone/web
description:
  de:
    shortDescription: Bürgerinnen melden Schäden im Stadtraum.
    longDescription: {LONG}
    features: [Meldung mit Foto]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Erika Mustermann
      email: erika@example.org
localisation:
  localisationReady: true
  availableLanguages: [de]
"""


def _codes(text: str, **kwargs: str) -> dict[str, set[PubliccodeCode]]:
    result: dict[str, set[PubliccodeCode]] = {}
    for problem in publiccode_parse(text, **kwargs).problems:
        result.setdefault(problem.column, set()).add(problem.code)
    return result


needs_fixture = pytest.mark.skipif(
    not FIXTURE.exists(), reason="the shared data (../shared/data/publiccode) is absent"
)


@needs_fixture
def test_the_real_fixture_parses() -> None:
    result = publiccode_parse(FIXTURE.read_text(encoding="utf-8"), file=FIXTURE.name)
    solution = result.solution
    assert solution is not None
    assert solution.name == "aitema|Rats RIS"
    assert solution.repository == "https://github.com/Aitema-gmbh/ratsinformationssystem"
    assert solution.licence == "AGPL-3.0-only"
    assert solution.development_status == "stable" and solution.stage is ScalingStage.SKALIERUNG
    assert solution.release_date == dt.date(2025, 1, 1) and solution.software_version == "1.0.0"
    assert solution.platforms == ("web",)
    assert [d.language for d in solution.descriptions] == ["de", "en"]
    german = solution.description("de")
    assert german is not None and german.short.startswith("Open-Source Ratsinformationssystem")
    assert "DSGVO-konform" in german.features and len(german.long) > 150
    english = solution.description("en")
    assert (
        english is not None
        and english.localised_name == "aitema|Rats RIS – Council Information System"
    )
    assert solution.contacts == (Contact("aitema GmbH", "kontakt@aitema.de", None, "aitema GmbH"),)
    assert solution.languages == ("de", "en") and solution.localisation_ready is True
    # "commercial" is no maintenance type of the standard (internal, contract, community, none)
    (error,) = result.errors
    assert (error.column, error.value, error.code) == (
        "maintenance.type",
        "commercial",
        PubliccodeCode.NOT_ONE_OF,
    )
    assert error.line == 69 and error.file == FIXTURE.name
    warnings = {(w.column, w.code) for w in result.warnings}
    assert ("description.de.genericName", PubliccodeCode.DEPRECATED_KEY) in warnings
    assert ("publiccodeYmlVersion", PubliccodeCode.UNQUOTED_VERSION) in warnings
    assert not any(w.code is PubliccodeCode.LICENCE_MISMATCH for w in result.warnings)


@needs_fixture
def test_the_fixture_contradicts_its_repository_licence() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    result = publiccode_parse(text, repository_licence=EUPL_12)
    (mismatch,) = [p for p in result.problems if p.code is PubliccodeCode.LICENCE_MISMATCH]
    assert mismatch.severity is Severity.WARNING
    assert mismatch.column == "legal.license" and mismatch.value == "AGPL-3.0-only"
    assert dict(mismatch.params) == {"declared": "AGPL-3.0-only", "found": "EUPL-1.2"}
    assert mismatch.line == 64
    assert "licence_mismatch" in str(mismatch) and "EUPL-1.2" in str(mismatch)
    consistent = publiccode_parse(text, repository_licence=AGPL_3)
    assert not any(p.code is PubliccodeCode.LICENCE_MISMATCH for p in consistent.problems)


@needs_fixture
def test_the_fixture_round_trips() -> None:
    solution = publiccode_parse(FIXTURE.read_text(encoding="utf-8")).solution
    assert solution is not None
    assert publiccode_parse(publiccode_dump(solution)).solution == solution


def test_a_valid_file_has_no_problems() -> None:
    result = publiccode_parse(VALID)
    assert result.problems == ()
    assert result.solution is not None and result.solution.stage is ScalingStage.MVP
    assert result.solution.platforms == ("web", "android")


@pytest.mark.parametrize(
    ("old", "new", "path", "code"),
    [
        (
            "developmentStatus: beta",
            "developmentStatus: fertig",
            "developmentStatus",
            PubliccodeCode.NOT_ONE_OF,
        ),
        (
            "softwareType: standalone/web",
            "softwareType: app",
            "softwareType",
            PubliccodeCode.NOT_ONE_OF,
        ),
        ("name: Mängelmelder\n", "", "name", PubliccodeCode.MISSING),
        (
            "url: https://gitlab.example.org/stadt/maengelmelder.git",
            "url: gitlab",
            "url",
            PubliccodeCode.NOT_A_URL,
        ),
        ("platforms: [web, android]\n", "", "platforms", PubliccodeCode.MISSING),
        (
            "  license: EUPL-1.2",
            "  license: EUPL-1.2 OR",
            "legal.license",
            PubliccodeCode.NOT_AN_SPDX_EXPRESSION,
        ),
        (
            "  license: EUPL-1.2",
            "  license: [EUPL-1.2]",
            "legal.license",
            PubliccodeCode.WRONG_TYPE,
        ),
        ("  type: internal", "  type: commercial", "maintenance.type", PubliccodeCode.NOT_ONE_OF),
        (
            "  contacts:\n    - name: Erika Mustermann\n      email: erika@example.org\n",
            "",
            "maintenance.contacts",
            PubliccodeCode.MISSING,
        ),
        (
            "    - name: Erika Mustermann\n",
            "    - phone: '+49 30 1'\n",
            "maintenance.contacts[0].name",
            PubliccodeCode.MISSING,
        ),
        (
            "  localisationReady: true",
            "  localisationReady: ja",
            "localisation.localisationReady",
            PubliccodeCode.WRONG_TYPE,
        ),
        (
            "availableLanguages: [de]",
            "availableLanguages: [Deutsch]",
            "localisation.availableLanguages[0]",
            PubliccodeCode.NOT_A_LANGUAGE,
        ),
        ("  de:\n", "  Deutsch:\n", "description.Deutsch", PubliccodeCode.NOT_A_LANGUAGE),
        (
            "features: [Meldung mit Foto]",
            "features: []",
            "description",
            PubliccodeCode.NO_LANGUAGE_WITH,
        ),
        (
            f"longDescription: {LONG}",
            "longDescription: Zu kurz.",
            "description.de.longDescription",
            PubliccodeCode.TOO_SHORT,
        ),
        (
            "shortDescription: Bürgerinnen melden Schäden im Stadtraum.",
            "shortDescription: " + "x" * 151,
            "description.de.shortDescription",
            PubliccodeCode.TOO_LONG,
        ),
        (
            'publiccodeYmlVersion: "0.4"',
            'publiccodeYmlVersion: "1.0"',
            "publiccodeYmlVersion",
            PubliccodeCode.UNSUPPORTED_VERSION,
        ),
        (
            "name: Mängelmelder",
            "name: Mängelmelder\nreleaseDate: 1.1.2024",
            "releaseDate",
            PubliccodeCode.NOT_A_DATE,
        ),
        ("name: Mängelmelder", "name: Mängelmelder\nfoo: bar", "foo", PubliccodeCode.UNKNOWN_KEY),
    ],
)
def test_problems_name_the_field(old: str, new: str, path: str, code: PubliccodeCode) -> None:
    assert old in VALID
    codes = _codes(VALID.replace(old, new))
    assert code in codes.get(path, set()), codes


def test_problem_carries_line_and_value() -> None:
    (problem,) = publiccode_parse(VALID.replace("beta", "fertig"), file="x.yml").problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "x.yml",
        6,
        "developmentStatus",
        "fertig",
    )
    assert problem.severity is Severity.ERROR
    assert dict(problem.params) == {"allowed": ", ".join(DEVELOPMENT_STATUSES)}


def test_contract_needs_contractors_with_a_date() -> None:
    text = VALID.replace(
        "type: internal", "type: contract\n  contractors:\n    - name: Firma\n      until: bald"
    )
    codes = _codes(text)
    assert PubliccodeCode.NOT_A_DATE in codes["maintenance.contractors[0].until"]
    good = text.replace("until: bald", "until: 2027-06-30")
    result = publiccode_parse(good)
    assert result.problems == ()
    assert result.solution is not None
    assert result.solution.contractors == (Contractor("Firma", dt.date(2027, 6, 30)),)


def test_country_sections_are_accepted() -> None:
    text = VALID + "it:\n  countryExtensionVersion: '1.0'\n  riuso:\n    codiceIPA: c_h501\n"
    assert publiccode_parse(text).problems == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x [1, 2]\nb: [*x, *x, *x]\n", PubliccodeCode.LIMIT_EXCEEDED),
        ("a: [\n", PubliccodeCode.YAML_ERROR),
        ("- eine Liste\n", PubliccodeCode.NOT_A_MAPPING),
    ],
)
def test_unusable_documents_are_refused(text: str, code: PubliccodeCode) -> None:
    result = publiccode_parse(text)
    assert result.solution is None
    assert [p.code for p in result.problems] == [code]


def test_a_billion_laughs_is_refused_without_expanding() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (problem,) = publiccode_parse("\n".join(lines)).problems
    assert (
        problem.code is PubliccodeCode.LIMIT_EXCEEDED and problem.params["limit"] == "yaml_aliases"
    )


def test_an_oversized_document_is_refused() -> None:
    (problem,) = publiccode_parse(VALID + "# " + "x" * 1_100_000).problems
    assert problem.params["limit"] == "max_yaml_bytes"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (EUPL_12, "EUPL-1.2"),
        (AGPL_3, "AGPL-3.0"),
        (GPL_3, "GPL-3.0"),
        (MIT, "MIT"),
        (APACHE, "Apache-2.0"),
        (BSD_3, "BSD-3-Clause"),
        (BSD_3.replace("3. Neither the name", "3. The name"), "BSD-2-Clause"),
        ("Alle Rechte vorbehalten.", None),
    ],
)
def test_licence_of_text(text: str, family: str | None) -> None:
    assert licence_of_text(text) == family


@pytest.mark.parametrize(
    ("declared", "text", "mismatch"),
    [
        ("EUPL-1.2", EUPL_12, False),
        ("AGPL-3.0-or-later", AGPL_3, False),
        ("GPL-3.0-only", AGPL_3, True),
        ("MIT OR Apache-2.0", APACHE, False),
        ("MIT", BSD_3, True),
    ],
)
def test_licence_consistency(declared: str, text: str, mismatch: bool) -> None:
    result = publiccode_parse(
        VALID.replace("license: EUPL-1.2", f"license: {declared}"), repository_licence=text
    )
    found = [p for p in result.problems if p.code is PubliccodeCode.LICENCE_MISMATCH]
    assert bool(found) is mismatch
    if mismatch:
        assert found[0].params["declared"] == declared


def test_unrecognised_licence_text_is_a_warning() -> None:
    result = publiccode_parse(VALID, repository_licence="Proprietär.")
    assert [(p.code, p.severity) for p in result.problems] == [
        (PubliccodeCode.LICENCE_NOT_RECOGNISED, Severity.WARNING)
    ]


def test_licence_ids() -> None:
    assert licence_ids("GPL-2.0-or-later WITH Classpath-exception-2.0") == [
        "GPL-2.0-or-later",
        "Classpath-exception-2.0",
    ]
    assert licence_ids("((MIT))") == ["MIT"]
    for broken in ("", "MIT AND", "(MIT", "MIT)", "MIT Apache-2.0", "MIT; rm"):
        assert licence_ids(broken) is None, broken


def test_stage_mapping_covers_every_status() -> None:
    stages = {status: _solution(development_status=status).stage for status in DEVELOPMENT_STATUSES}
    assert stages == {
        "concept": ScalingStage.IDEE,
        "development": ScalingStage.PROOF_OF_CONCEPT,
        "beta": ScalingStage.MVP,
        "stable": ScalingStage.SKALIERUNG,
        "obsolete": None,
    }


def test_dump_is_valid_and_quotes_the_version() -> None:
    solution = publiccode_parse(VALID).solution
    assert solution is not None
    text = publiccode_dump(solution)
    assert yaml.safe_load(text)["publiccodeYmlVersion"] == "0.4"
    assert publiccode_parse(text).problems == ()


# -- round trip ------------------------------------------------------------------------


def _solution(**changes: object) -> Solution:
    base = publiccode_parse(VALID).solution
    assert base is not None
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


_text = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
_language = st.sampled_from(["de", "en", "fr", "de-CH", "nds"])
_date = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
_url = st.from_regex(r"https://[a-z]{1,12}\.example\.org/[a-z0-9/]{0,20}", fullmatch=True)
_description = st.builds(
    Description,
    language=_language,
    short=st.text(min_size=1, max_size=150).map(str.strip),
    long=st.text(min_size=150, max_size=400).map(str.strip),
    features=st.lists(_text, max_size=4).map(tuple),
    localised_name=st.none() | _text,
)


@st.composite
def solutions(draw: st.DrawFn) -> Solution:
    descriptions = draw(
        st.lists(_description, min_size=1, max_size=3, unique_by=lambda d: d.language)
    )
    return Solution(
        name=draw(_text),
        repository=draw(_url),
        licence=draw(st.sampled_from(["EUPL-1.2", "AGPL-3.0-only", "MIT OR Apache-2.0"])),
        development_status=draw(st.sampled_from(DEVELOPMENT_STATUSES)),
        software_type=draw(st.sampled_from(SOFTWARE_TYPES)),
        platforms=tuple(draw(st.lists(_text, min_size=1, max_size=3))),
        categories=tuple(draw(st.lists(_text, min_size=1, max_size=3))),
        descriptions=tuple(descriptions),
        maintenance_type=draw(st.sampled_from(MAINTENANCE_TYPES)),
        localisation_ready=draw(st.booleans()),
        languages=tuple(draw(st.lists(_language, min_size=1, max_size=3))),
        url=draw(st.none() | _url),
        software_version=draw(st.none() | _text),
        release_date=draw(st.none() | _date),
        contacts=tuple(
            draw(
                st.lists(
                    st.builds(
                        Contact, _text, st.none() | _text, st.none() | _text, st.none() | _text
                    ),
                    max_size=2,
                )
            )
        ),
        contractors=tuple(
            draw(
                st.lists(
                    st.builds(Contractor, _text, _date, st.none() | _text, st.none() | _url),
                    max_size=2,
                )
            )
        ),
        main_copyright_owner=draw(st.none() | _text),
        repo_owner=draw(st.none() | _text),
        used_by=tuple(draw(st.lists(_text, max_size=3))),
    )


@settings(max_examples=150, deadline=None)
@given(solutions())
def test_round_trip(solution: Solution) -> None:
    text = publiccode_dump(solution)
    assert publiccode_parse(text).solution == solution
