"""Documentation kept honest: every environment variable the settings read is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_variable_is_documented():
    settings = (ROOT / "src/zielwerk/web/settings.py").read_text()
    used = set(re.findall(r"\"(ZIELWERK_[A-Z_]+|DATABASE_URL)\"", settings))
    assert "ZIELWERK_SECRET_KEY" in used
    documented = (ROOT / "docs/configuration.md").read_text()
    missing = sorted(v for v in used if f"`{v}`" not in documented)
    assert not missing, f"in docs/configuration.md nicht beschrieben: {missing}"


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme
