# The README's commands:
#   make run         set up everything, create and fill a demo database, start the app
#   make test        set up everything, then lint and run the whole test suite
#   make test-fast   the same without the browser (-m browser), PDF (-m pdf) and
#                    real-server (-m servers) tests
# Both also run `surveybuilder translations check` after the tests, so a shipped
# catalogue of the application's own words with a gap fails them (docs/translations.md)
# without hiding the test results.
#
# Each first installs any missing Debian packages (scripts/install-system-packages),
# creates .venv if needed, installs the project into it and builds the front-end
# assets. Each step is quick when there is nothing to do.
#
#   make test PYTEST_ARGS='-x -k layout'   pass options to pytest
#   make test PYTEST_WORKERS=0              no parallel workers (pytest-xdist's -n)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install; pip runs again only when pyproject.toml changes.
INSTALLED := $(VENV)/.surveybuilder-installed
PYTEST_ARGS ?=
# Tests run in parallel processes (pytest-xdist), each with its own database, browser
# and live server. Measured on the 2-core CI machine: 2 workers beat 3; whole files
# per worker (--dist loadfile) beat single tests, because a module-scoped fixture
# (drawn PDFs, the import check) is then made once, not once per worker.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: help run test test-fast system-packages install assets messages translations

help:
	@echo "make run         install, build assets, create a demo database and start Surveybuilder"
	@echo "make test        install, build assets, lint (ruff) and run the tests (pytest)"
	@echo "make test-fast   the same, leaving out the browser, PDF and real-server tests (minutes less)"
	@echo "make messages    extract the marked words into every catalogue (docs/translations.md)"

run: install assets
	$(BIN)/surveybuilder init
	$(BIN)/surveybuilder demo
	$(BIN)/surveybuilder serve

test: install assets
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PYTEST) $(PYTEST_ARGS)
	$(BIN)/surveybuilder translations check

test-fast: install assets
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(PYTEST) -m "not browser and not pdf and not servers" $(PYTEST_ARGS)
	$(BIN)/surveybuilder translations check

system-packages:
	@scripts/install-system-packages

install: system-packages $(INSTALLED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

assets: system-packages
	@scripts/build-assets
	$(BIN)/pybabel compile --statistics -d surveybuilder/translations -D messages

# Extract every marked string (babel.cfg) into the template catalogue and merge it into
# every locale's .po (each folder under translations/: en@easyread, cy, pl, ...): new
# words arrive with an empty msgstr, changed ones marked fuzzy, and
# tests/test_wording_catalogue.py (easy read) and `surveybuilder translations check`
# (every catalogue) fail until someone writes their words. `make translations` is the
# same step.
TRANSLATIONS := surveybuilder/translations
translations: messages
messages: install
	$(BIN)/pybabel extract --mapping-file babel.cfg --no-location --sort-output \
	  --project Surveybuilder --msgid-bugs-address "" --add-comments TRANSLATORS: \
	  --output-file $(TRANSLATIONS)/messages.pot surveybuilder
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot \
	  --output-dir $(TRANSLATIONS) --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) -D messages
