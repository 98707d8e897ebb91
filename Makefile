# Zielwerk: `make run` serves the app with SQLite and demo data, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_LINK_MODE ?= copy
# uv from PATH, else the one pip installs into this Python (`python3 -m uv`).
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/zielwerk
DEV_ENV := ZIELWERK_DEBUG=1

.PHONY: help uv setup run data test test-sqlite test-postgres lint format typecheck contracts migrations-check ci bench

help:
	@echo "make run    – alles einrichten und Zielwerk auf http://$(HOST):$(PORT) starten (SQLite, Demodaten)"
	@echo "make test   – alle Tests (SQLite und, wenn erreichbar, PostgreSQL)"
	@echo "make ci     – was die CI prüft: Format, Lint, Typen, Importverträge, Migrationen, Tests"
	@echo "make bench  – Benchmarks"

uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

setup: uv
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --loglevel=error
	$(RUN) python scripts/vendor_assets.py

data:
	$(DEV_ENV) $(RUN) zielwerk migrate --noinput
	$(DEV_ENV) $(RUN) zielwerk load_regions
	$(DEV_ENV) $(RUN) zielwerk load_catalogue
	$(DEV_ENV) $(RUN) zielwerk load_demo_data
	$(DEV_ENV) $(RUN) zielwerk load_municipal_data

# The task worker (background jobs, docs/tasks.md) runs beside the web server and stops with it.
run: setup data
	@$(DEV_ENV) $(RUN) zielwerk db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(RUN) zielwerk runserver $(HOST):$(PORT)

test: setup test-sqlite test-postgres

test-sqlite:
	@echo "== Tests mit SQLite"
	@$(RUN) pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "keine Tests gefunden"; rc=0; fi; exit $$rc

test-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		echo "== Tests mit PostgreSQL ($(PG_URL))"; \
		DATABASE_URL=$(PG_URL) $(RUN) pytest -m "not browser"; rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "keine Tests gefunden"; rc=0; fi; exit $$rc; \
	else \
		echo "== PostgreSQL-Tests übersprungen: kein Server auf 127.0.0.1:5432 (pg_isready)"; \
	fi

lint:
	$(RUN) ruff format --check .
	$(RUN) ruff check .

format:
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

typecheck:
	$(DEV_ENV) $(RUN) mypy

contracts:
	$(RUN) lint-imports

migrations-check:
	$(DEV_ENV) $(RUN) zielwerk makemigrations --check --dry-run

ci: setup lint typecheck contracts migrations-check test

bench: setup
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		echo "wrk fehlt (apt-get install wrk): der Lasttest der API wird scheitern"
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(RUN) python $$b || exit 1; done
