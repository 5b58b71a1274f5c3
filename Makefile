# Two commands on a fresh machine: `make run` serves the platform, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2  # test processes (pytest-xdist); each has its own template database

.PHONY: run install install-test test test-sqlite test-postgres lint guide bench data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/citypact db upgrade
	$(BIN)/citypact data load
	$(BIN)/citypact demo seed --base-url http://$(HOST):$(PORT)
	$(BIN)/citypact serve --host $(HOST) --port $(PORT)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test-sqlite: install-test
	CITYPACT_TEST_DATABASE_URL= $(BIN)/pytest -q -n $(WORKERS)

# Runs only when CITYPACT_TEST_DATABASE_URL names a PostgreSQL server (CI sets it).
test-postgres: install-test
	@if [ -n "$$CITYPACT_TEST_DATABASE_URL" ]; then \
	  echo "== the suite again on PostgreSQL"; $(BIN)/pytest -q -n $(WORKERS); \
	else echo "== PostgreSQL run skipped: CITYPACT_TEST_DATABASE_URL is not set"; fi

test: lint test-sqlite test-postgres

# The pictures of docs/using-citypact.md, taken by the browser test that walks the same steps.
guide: install-test
	CITYPACT_GUIDE_SHOTS=docs/guide $(BIN)/pytest -q -p no:randomly tests/browser/test_officer_week.py

bench: install-test
	$(BIN)/python -u -m bench

# Rebuild the compact tables shipped in src/citypact/reference/data from ../shared/data.
data: install
	$(BIN)/citypact data derive

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
