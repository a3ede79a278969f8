# Co-actions practice-exchange site. `make help` lists the targets.
SHELL := /bin/bash
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS ?= 1000
NODES ?= 1
OPENSEARCH_PORT ?= 9200
USERS ?= 50
DURATION ?= 60
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run setup serve test lint format messages makemessages opensearch opensearch-stop bench load lock fonts screenshots

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
	$(MANAGE) setup

serve: ## Serve the site (after setup) on HOST:PORT, default 127.0.0.1:8000
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

run: setup serve ## Set everything up on SQLite and serve the site with demo content

test: messages ## Run the whole test suite (PYTEST_ARGS adds options: PYTEST_ARGS="-n 2")
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

makemessages: install ## Refresh locale/*/django.po from the code and templates (needs GNU gettext)
	$(MANAGE) makemessages --all --no-location --ignore=.venv --ignore=node_modules --ignore=var

opensearch: ## Start a local OpenSearch on 127.0.0.1:9200 (data in var/); NODES=3 for a cluster on 9200-9202
	NODES=$(NODES) OPENSEARCH_PORT=$(OPENSEARCH_PORT) bash opensearch/opensearch.sh start

opensearch-stop: ## Stop every local OpenSearch node of this checkout
	bash opensearch/opensearch.sh stop

bench: install ## Search benchmark: make bench DOCS=10000
	$(PY) benchmarks/search.py --docs $(DOCS)

load: install ## Load benchmark (Locust) against gunicorn, production settings, PostgreSQL (DATABASE_URL): make load USERS=50 DURATION=60
	$(PY) benchmarks/load.py --users $(USERS) --seconds $(DURATION)

lock: ## Re-resolve pyproject.toml into requirements.lock (fresh throwaway venv)
	rm -rf var/lockenv && $(PYTHON_BIN) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	{ head -2 requirements.lock; var/lockenv/bin/pip freeze --exclude coactions-practices; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf var/lockenv

FONT_PKG := node_modules/@fontsource-variable/figtree
fonts: ## Copy the site's typeface (Figtree woff2, latin + latin-ext) from its npm package into static/fonts
	test -d $(FONT_PKG) || npm ci --no-audit --no-fund
	mkdir -p static/fonts
	cp $(FONT_PKG)/files/figtree-latin-wght-normal.woff2 $(FONT_PKG)/files/figtree-latin-ext-wght-normal.woff2 \
	   $(FONT_PKG)/files/figtree-latin-wght-italic.woff2 $(FONT_PKG)/files/figtree-latin-ext-wght-italic.woff2 static/fonts/
	cp $(FONT_PKG)/LICENSE static/fonts/figtree-LICENSE.txt

SCREENSHOTS ?= var/screenshots
screenshots: ## Full-page PNGs of the main pages (fr/en/es, 1366x900 and 390x844) in var/screenshots/; starts the site (DEBUG off) on HOST:PORT if none answers
	@test -d node_modules/playwright-core || npm ci --no-audit --no-fund
	@started=; \
	if ! curl -s -o /dev/null "http://$(HOST):$(PORT)/fr/"; then \
	  $(MAKE) setup; \
	  DEBUG=false $(MANAGE) runserver --noreload $(HOST):$(PORT) > "$${VAR_DIR:-var}/screenshots-server.log" 2>&1 & started=$$!; \
	  for _ in $$(seq 180); do curl -s -o /dev/null "http://$(HOST):$(PORT)/fr/" && break; sleep 1; done; \
	fi; \
	$(MANAGE) audit_urls --named --base "http://$(HOST):$(PORT)" | node .ci/screenshots.mjs $(SCREENSHOTS); status=$$?; \
	if [ -n "$$started" ]; then kill $$started; fi; exit $$status
