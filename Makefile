# The few commands people need. Everything lives in .venv/ (created when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run worker test lint typecheck check-migrations bench soak oparl-acceptance translations demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(INSTALLED)

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(NODE_INSTALLED)

install: $(INSTALLED) translations

translations: $(INSTALLED)
	$(BIN)/samverkan compiletranslations

demo: install
	$(BIN)/samverkan migrate --no-input
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/samverkan demo
	$(BIN)/samverkan reindex

# The web server and the task worker (e-mail, reminders, report-backs) side by side; Ctrl+C stops both.
# Links in mail and OParl ids name the site by SITE_URL: by default the address served here, so
# `make run PORT=8013` mails links that open (a SITE_URL set in the environment wins).
run: demo
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(BIN)/samverkan worker --no-reload & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/samverkan runserver $(HOST):$(PORT)

worker: install
	$(BIN)/samverkan worker

# One whole-suite run at a time on this machine: several checkouts (git worktrees) testing at once
# on a small machine made every run slow enough for browser timeouts to fail it. The lock is a
# file in /tmp; a run that waits says so. Without flock the suite just runs.
TEST_LOCK := /tmp/samverkan-make-test.lock
test: install $(NODE_INSTALLED)
	@if command -v flock >/dev/null 2>&1; then \
	  flock -n $(TEST_LOCK) true || echo "== waiting for another 'make test' on this machine to finish ($(TEST_LOCK))"; \
	  flock $(TEST_LOCK) $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	else \
	  $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	fi

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(INSTALLED)
	$(BIN)/mypy samverkan config

# The benchmark (docs/benchmark.md): the production server on SQLite and PostgreSQL with the
# generated data, each page against the floor. SCALE=county|national (national: PostgreSQL only),
# SEED=N, BENCH_DURATION=10s per page, BENCH_ARGS='--regenerate' to generate the data again.
bench: install
	$(BIN)/python -m bench.run --scale $(or $(SCALE),county) --seed $(or $(SEED),1) $(BENCH_ARGS)

# The soak (docs/benchmark.md): PostgreSQL, gunicorn with two workers and the task worker, mixed
# public and logged-in pages, answers and imports for SOAK_SECONDS (600).
soak: install
	$(BIN)/python -m bench.soak --seconds $(or $(SOAK_SECONDS),600) $(SOAK_ARGS)

# The OParl acceptance run (docs/oparl.md): meine-stadt-transparent's own importer, in a venv of
# its own under .oparl-acceptance/ (built once, pinned in tools/oparl_acceptance/requirements.txt),
# imports the demo's /oparl/v1/ served on 127.0.0.1, and what it imported is compared with what the
# endpoint lists. Exit 3: skipped (no PyPI for the venv, or pdftotext / MagickWand missing).
oparl-acceptance: install
	$(BIN)/python -m tools.oparl_acceptance $(OPARL_ACCEPTANCE_ARGS)

check-migrations: $(INSTALLED)
	$(BIN)/samverkan makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules data .oparl-acceptance
