# The README's two commands:
#   make run    set up everything, create and fill a demo database, start the app
#   make test   set up everything, then lint and run the whole test suite
#
# Both first install any missing Debian packages (scripts/install-system-packages),
# create .venv if needed, install the project into it and build the front-end
# assets. Each step is quick when there is nothing to do.
#
#   make test PYTEST_ARGS='-x -k layout'   pass options to pytest

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install; pip runs again only when pyproject.toml changes.
INSTALLED := $(VENV)/.surveybuilder-installed
PYTEST_ARGS ?=

.PHONY: help run test system-packages install assets

help:
	@echo "make run    install, build assets, create a demo database and start Surveybuilder"
	@echo "make test   install, build assets, lint (ruff) and run the tests (pytest)"

run: install assets
	$(BIN)/surveybuilder init
	$(BIN)/surveybuilder demo
	$(BIN)/surveybuilder serve

test: install assets
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

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
