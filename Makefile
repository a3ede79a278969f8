# Co-actions practice-exchange site. `make help` lists the targets.
SHELL := /bin/bash
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS ?= 1000

.DEFAULT_GOAL := help
.PHONY: help install run setup serve test lint format messages makemessages opensearch opensearch-stop bench lock

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON_BIN) >/dev/null || { echo "Python 3.11 ($(PYTHON_BIN)) is required"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

messages: install ## Compile the fr/en/es message catalogues (pure Python, no gettext needed)
	$(MANAGE) compile_catalogues

setup: messages ## Migrate, collect static files, load pages and demo content, ensure the admin user
	mkdir -p "$${VAR_DIR:-var}"
	$(MANAGE) migrate --noinput
	$(MANAGE) update_translation_fields
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) setup_site
	$(MANAGE) set_translation_url_paths
	$(MANAGE) ensure_admin
	$(MANAGE) catalogue_db_index sync
	@if [ -n "$$OPENSEARCH_URL" ]; then $(MANAGE) catalogue_index sync; fi

serve: ## Serve the site (after setup) on HOST:PORT, default 127.0.0.1:8000
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

run: setup serve ## Set everything up on SQLite and serve the site with demo content

test: messages ## Run the whole test suite
	$(PY) -m pytest

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

makemessages: install ## Refresh locale/*/django.po from the code and templates (needs GNU gettext)
	$(MANAGE) makemessages --all --no-location --ignore=.venv --ignore=node_modules --ignore=var

opensearch: ## Start a local single-node OpenSearch on 127.0.0.1:9200 (data in var/)
	bash opensearch/opensearch.sh start

opensearch-stop: ## Stop the local OpenSearch node
	bash opensearch/opensearch.sh stop

bench: install ## Search benchmark: make bench DOCS=10000
	$(PY) benchmarks/search.py --docs $(DOCS)

lock: ## Re-resolve pyproject.toml into requirements.lock (fresh throwaway venv)
	rm -rf var/lockenv && $(PYTHON_BIN) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	{ head -2 requirements.lock; var/lockenv/bin/pip freeze --exclude coactions-practices; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf var/lockenv
