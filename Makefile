# MicroScope site. `make` alone lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON := $(PYTHON)
VNU_VERSION := 26.9.27
# pytest runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: help install install-dev run test test-postgres bench bench-deps bench-pages bench-visits bench-newsletter bench-scale bench-soak bench-import lint check-migrations smoke pytest browser-deps varnish-deps serve serve-proxy messages format clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(UV):
	$(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv

install: | $(UV) ## Create .venv with the locked runtime packages
	$(UV) sync --frozen --no-dev

install-dev: | $(UV) ## Create .venv with the locked runtime and test packages
	$(UV) sync --frozen --extra dev

run: install ## Migrate, load demo content, print the admin login, serve on :8000 with a task worker
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_initial_data
	@$(PY) manage.py create_demo_superuser -v 0
	@bash scripts/run-dev.sh $(HOST) $(PORT)

bench-deps:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: bench-pages bench-visits bench-newsletter bench-scale bench-soak bench-import ## Every benchmark: each prints its figures and ratios against a baseline of the same run

bench-pages: install-dev bench-deps varnish-deps ## Pages: this site against stock Wagtail, a static file and Varnish, with wrk
	$(PY) bench/pages.py

serve: install ## Production run: gunicorn, task workers and the scheduler (needs SECRET_KEY...)
	@bash scripts/serve.sh

serve-proxy: install varnish-deps ## make serve behind Varnish (deploy/varnish/default.vcl): PROXY_BIND, default 127.0.0.1:8080
	@bash scripts/serve-proxy.sh

varnish-deps: ## Install Debian's Varnish for make serve-proxy and its tests when it is missing
	@command -v varnishd >/dev/null 2>&1 || { \
		echo "Installing Varnish from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish >/dev/null; }

browser-deps: ## Install what the browser, HTML and translation tests use when missing: Chromium, Java and GNU gettext (Debian), axe-core and the Nu HTML checker (npm)
	@missing=""; \
		command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
		command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
		command -v msgmerge >/dev/null 2>&1 || missing="$$missing gettext"; \
		if [ -n "$$missing" ]; then \
			echo "Installing from Debian's packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		fi
	@test -f node_modules/axe-core/axe.min.js -a -f node_modules/vnu-jar/build/dist/vnu.jar || { \
		echo "Installing axe-core and the Nu HTML checker (vnu-jar) from npm"; \
		npm install --no-save --no-audit --no-fund --no-package-lock axe-core@4 vnu-jar@$(VNU_VERSION) >/dev/null; }

lint: install-dev ## ruff (lint and format), djhtml on the templates, the apps' layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports --no-cache

format: install-dev ## Format Python and templates in place
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

check-migrations: install-dev ## Django's system checks and the migrations check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

smoke: install-dev ## load_initial_data twice on a throw-away database
	@bash scripts/smoke.sh

pytest: install-dev browser-deps varnish-deps ## The test suite
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test: lint check-migrations smoke pytest ## Everything CI runs (on SQLite)

test-postgres: install-dev browser-deps varnish-deps ## The test suite again on PostgreSQL and Redis, installed and started locally
	@services=$$(bash scripts/ci-services.sh) && eval "$$services" && \
		echo "Running the tests on PostgreSQL, with the cache on Redis" && \
		$(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_PARALLEL) $(PYTEST_ARGS)

bench-newsletter: install-dev ## Newsletter: full sync and reconcile of 100,000 members against the fake Mailchimp
	$(PY) bench/newsletter_sync.py --members $${MEMBERS:-100000}

messages: install-dev ## Update and compile the French translations
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=node_modules --ignore=static_collected --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

bench-import: install-dev ## Plone import of a generated export of 10,000 items with 2,000 images: time and peak memory against the targets
	$(PY) bench/plone_import.py

bench-visits: install-dev ## Page-view throughput with the visitor log on and off, and their ratio
	$(PY) bench/visit_log.py

clean: ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3* static_collected

bench-scale: install-dev ## Admin list, search, statistics and purge with 100,000 users and 1,000,000 visits, SQLite then PostgreSQL
	$(PY) bench/scale.py
	@services=$$(bash scripts/ci-services.sh) && eval "$$services" && $(PY) bench/scale.py --database-url "$$DATABASE_URL"

bench-soak: install-dev bench-deps ## SQLite, then PostgreSQL with Redis: two minutes of wrk alone, two while pages are published and consents posted
	@# Redis database 2: database 1 belongs to the test suite, which empties it.
	@services=$$(bash scripts/ci-services.sh) && eval "$$services" && $(PY) bench/soak.py --database-url "$$DATABASE_URL" --redis-url "$${REDIS_URL%/*}/2"
