"""``zielwerk assess`` and ``zielwerk index``: the command-line contracts of ARCHITECTURE.md."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ["indicator", "region", "series", "method", "status", "score"]
MEN = [
    (2009, 304.8),
    (2010, 300.6),
    (2011, 298.7),
    (2012, 292.3),
    (2013, 291.9),
    (2014, 281.2),
    (2015, 288.1),
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    obs = tmp_path / "obs.csv"
    obs.write_text(
        "indicator,region,series,year,value\n"
        + "".join(f"3.1.b,,sex=male,{y},{v}\n" for y, v in MEN)
    )
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "indicator,region,series,kind,direction,target_value,target_year,"
        "base_year,limit\n3.1.b,,sex=male,year,decrease,190,2030,,\n"
    )
    return {"obs": obs, "targets": targets, "dir": tmp_path}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_dns_as_of_2014_writes_the_explained_symbol(files: dict[str, Path]) -> None:
    out = files["dir"] / "out.csv"
    call_command(
        "assess",
        "--method",
        "dns",
        "--observations",
        str(files["obs"]),
        "--targets",
        str(files["targets"]),
        "--as-of",
        "2014",
        "--output",
        str(out),
        "--no-progress",
        stderr=io.StringIO(),
    )
    (row,) = _rows(out)
    assert list(row)[:6] == CONTRACT
    assert (row["indicator"], row["series"], row["method"], row["status"]) == (
        "3.1.b",
        "sex=male",
        "dns",
        "sun_cloud",
    )
    assert float(row["gap_ratio"]) == pytest.approx(0.1719, abs=5e-4)
    assert (row["base_year"], row["current_year"], row["target_year"]) == ("2009", "2014", "2030")


def test_without_output_the_csv_goes_to_stdout(files: dict[str, Path]) -> None:
    stdout = io.StringIO()
    call_command(
        "assess",
        "--method",
        "opensdg",
        "--observations",
        str(files["obs"]),
        "--targets",
        str(files["targets"]),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    (row,) = list(csv.DictReader(io.StringIO(stdout.getvalue())))
    assert list(row)[:6] == CONTRACT
    assert row["method"] == "opensdg"
    assert row["status"] == "not_available"  # only one value from 2015 on
    assert row["note"] == "period_too_short"


def test_eurostat_long_term(files: dict[str, Path]) -> None:
    stdout = io.StringIO()
    call_command(
        "assess",
        "--method",
        "eurostat",
        "--horizon",
        "5",
        "--observations",
        str(files["obs"]),
        "--targets",
        str(files["targets"]),
        stdout=stdout,
        stderr=io.StringIO(),
    )
    (row,) = list(csv.DictReader(io.StringIO(stdout.getvalue())))
    assert (row["status"], row["base_year"], row["current_year"]) == (
        "insufficient_progress",
        "2010",
        "2015",
    )


def test_unknown_method_is_a_usage_error(files: dict[str, Path]) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command(
            "assess",
            "--method",
            "weather",
            "--observations",
            str(files["obs"]),
            "--targets",
            str(files["targets"]),
        )


def _invalid(files: dict[str, Path], **replace: str) -> str:
    for name, text in replace.items():
        files[name].write_text(text)
    with pytest.raises(CommandError) as caught:
        call_command(
            "assess",
            "--method",
            "dns",
            "--observations",
            str(files["obs"]),
            "--targets",
            str(files["targets"]),
        )
    assert caught.value.returncode == 1
    return str(caught.value)


def test_missing_column_names_file_and_column(files: dict[str, Path]) -> None:
    message = _invalid(files, obs="indicator,year\n3.1.b,2014\n")
    assert "obs.csv" in message
    assert "value" in message
    assert "Zeile 1" in message


def test_non_numeric_value_names_line_column_and_value(files: dict[str, Path]) -> None:
    message = _invalid(files, obs="indicator,year,value\n3.1.b,2013,290\n3.1.b,2014,abc\n")
    assert "obs.csv" in message
    assert "Zeile 3" in message
    assert "value" in message
    assert "abc" in message


def test_target_without_year_names_line_and_column(files: dict[str, Path]) -> None:
    message = _invalid(
        files, targets="indicator,kind,direction,target_value\n3.1.b,year,decrease,190\n"
    )
    assert "targets.csv" in message
    assert "Zeile 2" in message
    assert "target_year" in message


def test_missing_file_is_a_usage_error(files: dict[str, Path]) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(
            "assess",
            "--method",
            "dns",
            "--observations",
            "/nonexistent.csv",
            "--targets",
            str(files["targets"]),
        )
    assert caught.value.returncode == 2


def test_index_writes_indicators_goals_and_index(tmp_path: Path) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_text(
        "indicator,region,year,value\n"
        "a,010010000000,2023,80\na,010020000000,2023,40\n"
        "b,010010000000,2023,5\nb,010020000000,2023,25\n"
    )
    book = tmp_path / "codebook.csv"
    book.write_text(
        "indicator,goal,best,worst,green,yellow,orange\na,1,100,0,70,60,50\nb,2,0,20,5,8,10\n"
    )
    out = tmp_path / "result"
    call_command(
        "index",
        "--observations",
        str(obs),
        "--codebook",
        str(book),
        "--goal-colour",
        "mean-red-third",
        "--output-dir",
        str(out),
        "--no-progress",
        stdout=io.StringIO(),
    )
    indicators, goals, index = (
        _rows(out / f) for f in ("indicators.csv", "goals.csv", "index.csv")
    )
    assert list(indicators[0])[:6] == [
        "region",
        "indicator",
        "year",
        "value",
        "normalised",
        "colour",
    ]
    assert list(goals[0])[:4] == ["region", "goal", "score", "colour"]
    assert list(index[0])[:3] == ["region", "score", "rank"]
    assert [(r["region"], float(r["score"]), r["rank"]) for r in index] == [
        ("010010000000", 77.5, "1"),
        ("010020000000", 20.0, "2"),
    ]
    assert {(r["region"], r["goal"], r["colour"]) for r in goals} == {
        ("010010000000", "1", "green"),
        ("010010000000", "2", "green"),
        ("010020000000", "1", "red"),
        ("010020000000", "2", "red"),
    }


def test_index_codebook_problem_names_line_and_column(tmp_path: Path) -> None:
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value\na,2023,1\n")
    book = tmp_path / "codebook.csv"
    book.write_text("indicator,goal,best,worst\na,1,hundred,0\n")
    with pytest.raises(CommandError) as caught:
        call_command(
            "index",
            "--observations",
            str(obs),
            "--codebook",
            str(book),
            "--output-dir",
            str(tmp_path / "out"),
            "--no-progress",
        )
    assert caught.value.returncode == 1
    assert "Zeile 2" in str(caught.value)
    assert "best" in str(caught.value)


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_console_script_exit_codes(files: dict[str, Path]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["uv", "run", "--offline", "zielwerk", "assess", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    ok = run(
        "--method",
        "dns",
        "--observations",
        str(files["obs"]),
        "--targets",
        str(files["targets"]),
        "--as-of",
        "2014",
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0].startswith(",".join(CONTRACT))
    assert ",dns,sun_cloud," in ok.stdout
    usage = run(
        "--method",
        "weather",
        "--observations",
        str(files["obs"]),
        "--targets",
        str(files["targets"]),
    )
    assert usage.returncode == 2
    files["obs"].write_text("indicator,year,value\n3.1.b,2014,abc\n")
    bad = run(
        "--method", "dns", "--observations", str(files["obs"]), "--targets", str(files["targets"])
    )
    assert bad.returncode == 1
    assert "obs.csv, Zeile 2" in bad.stderr
