# Lilith: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate demo serve browser bench lint clean cron worker lighthouse

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP) install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py load_hub_demo
	$(PY) manage.py load_trainings_demo
	$(PY) manage.py load_community_demo
	$(PY) manage.py load_glossary
	$(PY) manage.py load_metrics_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

# The site and, beside it, the worker that sends emails from the task queue (both stop with Ctrl-C).
run: demo
	@$(PY) manage.py demo_logins
	@$(PY) manage.py hub_demo_logins
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py run_worker & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: migrate
	$(PY) manage.py run_worker

browser:
	@bash scripts/ensure_chromium.sh

test: install-test browser
	$(PY) -m pytest $(PYTEST_ARGS)

# Lighthouse first: bench/run.py copies its scores into bench/results.md.
bench: install-test browser
	@bash bench/run.sh

lighthouse: install-test browser
	$(PY) bench/lighthouse.py

# Style (ruff, djhtml), the arrows between apps (import-linter, contracts in pyproject.toml), types (mypy on the
# typed modules), then Django's own checks.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files 'templates/*.html' ':!templates/registration/password_reset_email.html')
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=lilith.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lilith.settings.test $(PY) manage.py check

cron: install
	$(PY) manage.py publish_scheduled
	$(PY) manage.py send_pending_notifications
	$(PY) manage.py hub_tick
	$(PY) manage.py hub_send_pending_mails
	$(PY) manage.py community_send_pending_mails
	$(PY) manage.py alerts_send_pending_mails
	$(PY) manage.py community_close_polls
	$(PY) manage.py hub_retention
	$(PY) manage.py anonymise_training_requests
	$(PY) manage.py send_training_reminders
	$(PY) manage.py anonymise_training_registrations
	$(PY) manage.py purge_support_team_applications
	$(PY) manage.py prune_db_task_results --min-age-days 30
	$(PY) manage.py purge_login_attempts
	$(PY) manage.py fold_metrics

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3
