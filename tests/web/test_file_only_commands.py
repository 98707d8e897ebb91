"""Commands that compute from files only run without a secret key and without debug mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZIELWERK_")}
    env.pop("DATABASE_URL", None)
    return env | {"ZIELWERK_DATA_DIR": str(tmp_path)}


def test_index_runs_without_secret_key_or_debug(tmp_path: Path) -> None:
    observations = tmp_path / "obs.csv"
    observations.write_text(
        "indicator,region,series,year,value\n"
        "a,01,,2022,10\na,02,,2022,20\nb,01,,2022,3\nb,02,,2022,1\n"
    )
    codebook = tmp_path / "codebook.csv"
    codebook.write_text("indicator,goal,best,worst\na,1,20,0\nb,2,0,4\n")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "zielwerk.cli", "index", "--observations", str(observations),
               "--codebook", str(codebook), "--output-dir", str(out), "--no-progress"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (out / "index.csv").read_text().startswith("region,score,rank")


def test_the_web_app_still_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "zielwerk.cli", "check"]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT)
    assert done.returncode != 0
    assert "ZIELWERK_SECRET_KEY must be set" in done.stderr


@pytest.mark.parametrize("args", [["assess", "--help"]])
def test_assess_help_without_secret_key(tmp_path: Path, args: list[str]) -> None:
    command = [sys.executable, "-m", "zielwerk.cli", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT)
    assert done.returncode == 0, done.stderr
