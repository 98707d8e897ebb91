"""Problems from the core are codes; zielwerk.messages words each one in German and English."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from zielwerk.core.errors import InputCode, InputFileError, InputProblem
from zielwerk.core.regions import RegionCodeError, RegionProblem, validate_ars
from zielwerk.core.targets import parse_targets
from zielwerk.messages import input_problem_lines, input_problem_text, region_code_text

# The parameters each code documents; a new code without an entry here fails the test below.
INPUT_PARAMS: dict[InputCode, dict[str, str | int]] = {
    InputCode.NOT_UTF8: {"reason": "invalid start byte", "byte": 7},
    InputCode.UNREADABLE: {"detail": "No such file"},
    InputCode.MISSING_FOR_KIND: {"kinds": "year"},
    InputCode.NOT_ONE_OF: {"allowed": "increase, decrease"},
    InputCode.WRONG_PREFIX: {"prefix": "K"},
    InputCode.OUT_OF_RANGE: {"low": 1, "high": 17},
    InputCode.YAML_ERROR: {"detail": "mapping values are not allowed"},
    InputCode.MALFORMED_ENTRY: {"entry": 3, "detail": "'code'"},
    InputCode.MALFORMED_VALUE: {"detail": "x"},
    InputCode.UNKNOWN_TARGET: {"of": "K7.1"},
    InputCode.UNKNOWN_INDICATOR: {"of": "K7.1"},
}
REGION_PARAMS: dict[RegionProblem, dict[str, str | int]] = {
    RegionProblem.WRONG_LENGTH: {"expected": 12, "found": 5},
    RegionProblem.NOT_A_DIGIT: {"char": "x", "position": 3},
    RegionProblem.UNKNOWN_LAND: {"land": "17"},
    RegionProblem.GEOCODE_LENGTH: {"found": 1},
}


def _both(text_of):  # type: ignore[no-untyped-def]
    with translation.override("de"):
        german = text_of()
    with translation.override("en"):
        english = text_of()
    return german, english


@pytest.mark.parametrize("code", list(InputCode))
def test_every_input_code_is_worded_in_german_and_english(code: InputCode) -> None:
    problem = InputProblem("ziele.csv", 4, "kind", "jährlich", code, INPUT_PARAMS.get(code, {}))
    german, english = _both(lambda: input_problem_text(problem))
    assert german.startswith("ziele.csv, Zeile 4, Spalte „kind“, Wert „jährlich“: ")
    assert english.startswith("ziele.csv, line 4, column “kind”, value “jährlich”: ")
    assert german != english
    for value in INPUT_PARAMS.get(code, {}).values():
        assert str(value) in german and str(value) in english
    assert "%(" not in german + english


@pytest.mark.parametrize("code", list(RegionProblem))
def test_every_region_problem_is_worded_in_german_and_english(code: RegionProblem) -> None:
    error = RegionCodeError("01001", "ars", code, **REGION_PARAMS.get(code, {}))
    german, english = _both(lambda: region_code_text(error))
    assert german.startswith("„01001“ ist kein gültiger Regionalschlüssel (ARS): ")
    assert english.startswith("“01001” is not a valid regional code (ARS): ")
    for value in REGION_PARAMS.get(code, {}).values():
        assert str(value) in german and str(value) in english
    assert german != english and "%(" not in german + english


def test_a_real_region_error_reads_as_a_sentence() -> None:
    with pytest.raises(RegionCodeError) as error:
        validate_ars("170000000000")
    german, english = _both(lambda: region_code_text(error.value))
    assert german == (
        "„170000000000“ ist kein gültiger Regionalschlüssel (ARS): "
        "Land „17“ gibt es nicht (01 bis 16)"
    )
    assert english == (
        "“170000000000” is not a valid regional code (ARS): there is no Land “17” (01 to 16)"
    )


def test_targets_file_problems_in_both_languages() -> None:
    text = "indicator,kind,direction,target_value,target_year\n7.2.a,yearly,up,viel,2030\n"
    with pytest.raises(InputFileError) as error:
        parse_targets(text, file="ziele.csv")
    codes = [(p.column, p.code) for p in error.value.problems]
    assert codes == [
        ("kind", InputCode.NOT_ONE_OF),
        ("direction", InputCode.NOT_ONE_OF),
        ("target_value", InputCode.NOT_A_NUMBER),
    ]
    german, english = _both(lambda: input_problem_lines(error.value.problems))
    assert german[0] == (
        "ziele.csv, Zeile 2, Spalte „kind“, Wert „yearly“: erlaubt sind: year, annual, direction"
    )
    assert english[2] == "ziele.csv, line 2, column “target_value”, value “viel”: not a number"


def test_more_than_twenty_problems_are_counted() -> None:
    problems = [
        InputProblem("k.csv", n, "goal", "0", InputCode.OUT_OF_RANGE, {"low": 1, "high": 17})
        for n in range(2, 27)
    ]
    german, english = _both(lambda: input_problem_lines(problems))
    assert len(german) == 21 and german[-1] == "… und 5 weitere Fehler"
    assert english[-1] == "… and 5 more problems"


def test_the_assess_command_words_a_bad_targets_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    observations = tmp_path / "obs.csv"
    observations.write_text("indicator,region,series,year,value\n7.2.a,,,2020,1\n", "utf-8")
    targets = tmp_path / "ziele.csv"
    targets.write_text("indicator,kind\n7.2.a,year\n", "utf-8")
    with pytest.raises(CommandError) as error, translation.override("de"):
        call_command(
            "assess",
            "--method",
            "dns",
            "--observations",
            str(observations),
            "--targets",
            str(targets),
            "--output",
            str(tmp_path / "out.csv"),
            "--no-progress",
        )
    assert "ziele.csv, Zeile 2, Spalte „target_value“" in str(error.value)
    assert "Angabe fehlt (nötig bei Art year, annual)" in str(error.value)
