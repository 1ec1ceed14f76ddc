# Two commands for a newcomer: `make run` and `make test`. See README.md.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mails point at the server `make run` starts, on whatever HOST and PORT (unless set).
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_WORKERS ?= 2

.PHONY: run test lint typecheck fmt assets worker beat messages check-deploy seed-large bench

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# mypy with django-stubs (pyproject.toml): the baseline everywhere, strict for infrastructure, the access
# scope and every services/selectors module.
typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy .

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuilds static/css/ijmond.css from the NL Design System packages in package.json (needs Node).
assets:
	npm ci --no-audit --no-fund
	npm run build

worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A ijmond_participatie worker --loglevel=info

beat: $(VENV)/.runtime
	$(VENV)/bin/celery -A ijmond_participatie beat --loglevel=info --schedule=var/celerybeat-schedule

# Recompiles the English translations after editing locale/en/LC_MESSAGES/django.po (needs gettext).
messages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: $(VENV)/.runtime
	DJANGO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=portal.example.org REDIS_URL=redis://127.0.0.1:6379/0 $(PY) manage.py check --deploy --fail-level WARNING

# The benchmark (README, "Benchmark"), against PostgreSQL in DATABASE_URL: seed-large tops the database
# up to BENCH_SIGNALS signals (a no-op once they are there); bench measures the pages through gunicorn.
BENCH_SIGNALS ?= 1000000
seed-large: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale large --signals $(BENCH_SIGNALS)

bench: seed-large
	$(PY) bench/run.py $(BENCH_ARGS)
