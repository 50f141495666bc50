# Remento. `make demo` to try it, `make test` to test it (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format serve migrate clean benchmarks

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Demo: SQLite in var/, tasks run eagerly, emails printed to this console. rundemo is runserver with the beat's
# schedule (remento/celery.py) run beside it, at start and every minute: reminders, nudges, survey triggers.
demo: $(STAMP)
	mkdir -p var
	env -u DATABASE_URL -u REDIS_URL DEBUG=true $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL DEBUG=true $(PY) manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL DEBUG=true $(PY) manage.py rundemo 127.0.0.1:8000

# The whole suite against PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or the local defaults).
test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production-like: gunicorn, a Celery worker and Celery beat (Procfile), with the
# environment from README "Production". Needs DATABASE_URL, REDIS_URL, SECRET_KEY.
serve: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/honcho start

benchmarks: $(STAMP)
	$(PY) benchmarks/matching.py
	$(PY) benchmarks/reminders.py
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/load.py

clean:
	rm -rf var staticfiles
