# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test test-slow lint format chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(FLASK) init-db
	$(FLASK) train --if-missing
	$(FLASK) demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

# Browser tests drive Debian's chromium; install it when missing and we may (root, apt).
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium not installed: browser tests will be skipped"; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider

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
