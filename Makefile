# DigiDost 1447. `make run` runs the whole system on the embedded defaults; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test test-fast chaos bench lint migrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Web (gunicorn) + RQ worker with scheduler + RQ cron sweeper, SQLite + embedded Redis, demo data.
run: $(STAMP)
	$(BIN)/flask --app wsgi run-all

## The whole suite (browser tests included). TEST_DATABASE_URL / TEST_REDIS_URL point it at servers.
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

## Everything but the browser and worker-process tests.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser and not slow" $(PYTEST_ARGS)

## The long fault run: 120 SIGKILLs of workers and work horses, plus the Redis and PostgreSQL outages.
chaos: $(STAMP)
	RELIABILITY_KILLS=120 $(BIN)/pytest tests/reliability $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/lookup.py
	$(BIN)/python bench/dispatch_load.py
	$(BIN)/python bench/ivr_load.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

migrate: $(STAMP)
	$(BIN)/flask --app wsgi db upgrade

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
