"""Settings come from the environment; production refuses to start insecurely."""

from __future__ import annotations

import os
import subprocess
import sys

PROD_ENV = {
    "ZIELWERK_DEBUG": "0",
    "ZIELWERK_SECRET_KEY": "s" * 30 + "-production-secret-for-the-check",
    "ZIELWERK_ALLOWED_HOSTS": "zielwerk.example.de",
}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZIELWERK_")}
    return subprocess.run(
        [sys.executable, "-m", "zielwerk.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(PROD_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _run({"ZIELWERK_DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "ZIELWERK_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run({"ZIELWERK_DEBUG": "0", "ZIELWERK_SECRET_KEY": "short"}, "check")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {**PROD_ENV, "DATABASE_URL": "postgres://u@db.example:5432/zw"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZIELWERK_")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
            "'zielwerk.web.settings'); django.setup(); " + code,
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
