# Cyclotroc — everyday tasks. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.runtime: pyproject.toml requirements/constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.dev: pyproject.toml requirements/constraints.txt $(VENV)/.runtime
	$(PIP_INSTALL) -e ".[dev]"
	touch $@

.PHONY: install install-dev
install: $(VENV)/.runtime ## Create the virtual environment and install the platform
install-dev: $(VENV)/.dev ## Install the platform and the development tools

.PHONY: demo
demo: install ## Start the platform with demo data on SQLite, eager Celery (http://127.0.0.1:$PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Cyclotroc serves on http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

.PHONY: test
test: install-dev ## Run the whole test suite (DATABASE_URL / CELERY_BROKER_URL select the services)
	$(BIN)/pytest

.PHONY: lint
lint: install-dev ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install-dev ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: messages
messages: install-dev ## Update the French catalogue from the sources, then compile it
	$(BIN)/python manage.py makemessages -l fr --no-location --ignore=.venv --ignore=static/vendor --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

.PHONY: lock
lock: install-dev ## Re-pin the transitive dependencies after a change to pyproject.toml
	$(BIN)/pip freeze --exclude-editable > requirements/constraints.txt

.PHONY: worker beat
worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A config worker -l info
beat: install ## Run Celery beat (needs CELERY_BROKER_URL)
	$(BIN)/celery -A config beat -l info

.PHONY: ci
ci: ## Run what CI runs (PostgreSQL and Redis on 127.0.0.1)
	bash .ci/run

.PHONY: clean
clean: ## Remove the virtual environment, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
