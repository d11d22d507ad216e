# The two commands of the README: `make run` and `make test`. Both set everything up first and are
# safe to run again. Only Python 3 (with venv), make and git are needed; the rest comes from PyPI.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 5000
# QR codes, calendar feeds and e-mail links point here: the address `make run` serves on (a
# server listening on every interface, 0.0.0.0, is reached locally as 127.0.0.1), unless
# PUBLIC_BASE_URL is set.
PUBLIC_HOST := $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
PUBLIC_BASE_URL ?= http://$(PUBLIC_HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test setup translations translations-extract translations-update translations-compile lint db-upgrade clean

run: setup db-upgrade
	$(BIN)/flask seed-demo
	@echo ""
	@echo "  The platform is starting on $(PUBLIC_BASE_URL)/"
	@echo "  Demo accounts (password demo-pass-2026): trainee@example.org, trainer@example.org,"
	@echo "  coordinator@example.org, admin@example.org"
	@echo "  A background worker runs beside it (queue: var/jobs.db); Ctrl-C stops both."
	@echo ""
	@PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/flask worker --workers 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/flask run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP) translations-compile

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=/path/to/python3.11."; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || \
		{ echo "Python's venv module is missing: install it (on Debian/Ubuntu: the python3-venv package)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

db-upgrade: setup
	$(BIN)/flask db upgrade

translations-compile: $(STAMP)
	$(BIN)/pybabel compile -d translations

translations-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel update -i messages.pot -d translations --no-fuzzy-matching --ignore-obsolete -w 100
	@rm -f messages.pot

translations: translations-update translations-compile

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache
