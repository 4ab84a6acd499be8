# Talent Bridge: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test install install-test lint typecheck migrate seed package bench clean

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/activate pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(PY) -m i18n.compile
	$(PY) app.py

test: install-test
	$(PY) -m i18n.compile
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest

migrate: install
	$(PY) -m store.cli migrate

seed: install
	$(PY) -m store.cli seed

package: install
	$(PY) -m manifest.package

bench: install-test
	$(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache

# Strings and translations (README, "Contributing: strings and translations").
.PHONY: i18n-extract i18n-update i18n-check
i18n-extract: install
	$(PY) -m i18n.catalogs extract

i18n-update: install
	$(PY) -m i18n.catalogs update

i18n-check: install
	$(PY) -m i18n.catalogs check
