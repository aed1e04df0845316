# Two commands matter: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local development: DEBUG is on explicitly (it defaults to off, where secrets are required).
SSO := DEBUG=1 DJANGO_SETTINGS_MODULE=sso.settings
MARCHE := DEBUG=1 DJANGO_SETTINGS_MODULE=marche.settings
PYTEST := $(BIN)/pytest
# Size of the generated demo catalogue `make run` loads (marche/core/catalogue.py).
DEMO_SUPPLIERS ?= 3000

.PHONY: run install migrate demo test lint format test-sso test-marche test-search test-e2e elasticsearch clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# axe-core for the browser tests' accessibility checks, exactly as package-lock.json pins it
# (no browser download: the tests drive Debian's Chromium).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

install: $(VENV)/.installed node_modules/.package-lock.json

migrate: install
	$(SSO) $(PY) manage.py migrate --noinput
	$(MARCHE) $(PY) manage.py migrate --noinput

demo: migrate
	$(SSO) $(PY) manage.py load_demo
	$(MARCHE) $(PY) manage.py load_geography
	$(MARCHE) $(PY) manage.py load_demo
	$(MARCHE) $(PY) manage.py load_catalogue --suppliers $(DEMO_SUPPLIERS)
	$(MARCHE) $(PY) manage.py search_index --rebuild --verbosity 0

run: demo
	@echo
	@echo "  Démarrage des deux services et du worker ; les adresses et les comptes de démonstration"
	@echo "  s'affichent dès que les deux services répondent."
	@echo
	$(PY) -m common.procfile_runner Procfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each suite runs under its own settings module; `make test` runs them all and fails if any fails.
test-sso: install
	$(PYTEST) tests/sso --ds=sso.settings.test

test-marche: install
	$(PYTEST) tests/marche --ds=marche.settings.test

# The search suite runs on the configured database and, when that is PostgreSQL (CI),
# once more on SQLite: the embedded engine has one implementation per backend (FTS5, tsvector).
test-search: install
	$(PYTEST) tests/search --ds=marche.settings.test
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== tests/search again on SQLite (the embedded default)"; \
		env -u DATABASE_URL $(PYTEST) tests/search --ds=marche.settings.test; \
	fi

test-e2e: install
	$(PYTEST) tests/e2e -p no:django

test: install
	@status=0; \
	for target in lint test-sso test-marche test-search test-e2e; do \
		$(MAKE) --no-print-directory $$target || { echo "*** $$target FAILED"; status=1; }; \
	done; \
	exit $$status

elasticsearch: install
	$(PY) -m search.elasticsearch.node run

clean:
	rm -rf $(VENV) var staticfiles
