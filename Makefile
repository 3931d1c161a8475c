# Two commands: `make run` (demo on http://127.0.0.1:8000) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install lint format migrations-check deploy-check pytest browser bench clean messages

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else "povertyprog needs Python 3.12 (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

# In production, run `manage.py send_mou_reminders` once a day (MOU expiry and reminder e-mails).
run: install
	@$(PY) -m povertyprog.core.make_env .env
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_areas && \
	$(PY) manage.py load_demo --address $(HOST) && \
	trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver $(HOST)

test: install
	bash .ci/system-deps --check-or-install
	$(MAKE) lint migrations-check deploy-check pytest

# lint-imports checks the layers contract of DESIGN.md ([tool.importlinter] in pyproject.toml).
lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check:
	DJANGO_SETTINGS_MODULE=povertyprog.settings.test $(PY) manage.py makemigrations --check --dry-run

# Production settings must pass Django's deployment checks with nothing but the environment.
deploy-check:
	DJANGO_SETTINGS_MODULE=povertyprog.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=povertyprog.example.go.th \
	POVERTYPROG_DATA_KEY=$$($(PY) -c 'from povertyprog.core.crypto import generate_key; print(generate_key())') \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3} \
	$(PY) manage.py check --deploy --fail-level WARNING

pytest:
	$(PY) -m pytest

# Two domains: django (Python and templates) and djangojs (our scripts under static/, not the
# vendored ones; static/js/django-admin-strings.js keeps the admin widgets' strings Thai).
messages:
	DJANGO_SETTINGS_MODULE=povertyprog.settings.test $(PY) manage.py makemessages -l th --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles
	DJANGO_SETTINGS_MODULE=povertyprog.settings.test $(PY) manage.py makemessages -d djangojs -l th --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=staticfiles --ignore=test-artifacts
	DJANGO_SETTINGS_MODULE=povertyprog.settings.test $(PY) manage.py compilemessages -l th --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
