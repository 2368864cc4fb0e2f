# Klimaschutzportal – the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := klimaportal.settings

.PHONY: run test test-unit lint messages install npm vendor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

npm: node_modules/.installed

## Browser libraries from npm (pinned in package-lock.json) into static/vendor/, with their
# licences. The output is committed, so `make run` and the Docker image need no npm; run this
# after changing a version in package.json and commit static/vendor/ with the lock file.
VENDOR := static/vendor
vendor: node_modules/.installed
	rm -rf $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	mkdir -p $(VENDOR)/leaflet/images $(VENDOR)/leaflet.markercluster
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
	   node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/leaflet/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	for name in leaflet leaflet.markercluster; do \
	  node -p "require('./package-lock.json').packages['node_modules/$$name'].version" \
	    > $(VENDOR)/$$name/VERSION; done

# German catalogue: compiled in the build, never committed as .mo.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

## Serve the portal with demo data on SQLite (var/db.sqlite3), Celery tasks run in-process.
run: $(STAMP) messages
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP) messages
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djlint --lint templates */templates
	$(VENV)/bin/lint-imports --no-logo
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run -v 1

## The whole suite (lint included). Uses PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL say so.
# Two xdist workers (the machine has two cores); tests with a real Celery worker take turns.
PYTEST_PARALLEL ?= -n 2

test: $(STAMP) npm lint
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## Only the tests that need no service: what `.ci/run` repeats on SQLite.
test-unit: $(STAMP) messages
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not postgres and not redis and not celery_worker and not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var
