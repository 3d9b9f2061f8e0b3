# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
PORT ?= 5000
# `make serve` listens here; put nginx or Caddy in front (docs/deploy.md), or HOST=0.0.0.0.
HOST ?= 127.0.0.1
# gunicorn workers: 2 x cores + 1, at most 9 (SQLite has one writer at a time anyway).
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); w=$$((2 * n + 1)); echo $$((w > 9 ? 9 : w)))
# Links printed and mailed use FEEDBACK_PUBLIC_URL; by default the port served here.
PUBLIC_URL_ENV = FEEDBACK_PUBLIC_URL="$${FEEDBACK_PUBLIC_URL:-http://127.0.0.1:$(PORT)}"

.PHONY: run serve test test-slow lint format chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(FLASK) init-db
	$(FLASK) train --if-missing
	$(PUBLIC_URL_ENV) $(FLASK) demo --if-empty
	$(PUBLIC_URL_ENV) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production-style serving on the same database: gunicorn with the token-masking log config.
serve: $(STAMP)
	$(FLASK) init-db
	$(FLASK) train --if-missing
	$(PUBLIC_URL_ENV) $(BIN)/gunicorn -c gunicorn.conf.py --workers $(WORKERS) \
		--bind $(HOST):$(PORT) wsgi:app

# Browser tests drive Debian's chromium; install it when missing and we may (root, apt).
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium not installed: browser tests will be skipped"; }

# Test processes (pytest-xdist): one per core, at most 4 (each loads the scorer, about 1 GB).
# A file stays on one process, so its module fixtures are built once.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$((n > 4 ? 4 : n)))

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m slow

# Refresh the screenshots the docs keep (the files already in docs/screenshots) from a fresh
# browser run; test runs themselves write only to the git-ignored test-results/screenshots.
.PHONY: screenshots
SHOTS := test-results/screenshots
screenshots: $(STAMP) chromium
	rm -rf $(SHOTS)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser
	for shot in docs/screenshots/*.png; do cp $(SHOTS)/$$(basename $$shot) $$shot; done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance .pytest_cache
