# Two commands matter: `make run` (set up and serve the demo) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
PROD_ENV = DJANGO_SETTINGS_MODULE=cadre_site.settings.production \
	SECRET_KEY="$$(cat .secret_key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	SITE_URL=http://127.0.0.1:$(PORT) SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0

.PHONY: run test serve bench soak setup check-python lock clean-db messages backup restore

check-python:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "Cần Python 3.11 trở lên / Python 3.11 or newer is required (found: $$($(PY) --version 2>&1))."; \
	  echo "Chỉ định trình thông dịch khác / choose another interpreter: make run PY=python3.12"; \
	  exit 1; }

$(STAMP): requirements.lock | check-python
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py compiletranslations
	$(BIN)/python manage.py migrate --no-input -v0
	PORT=$(PORT) $(BIN)/python manage.py seed_demo

# PORT also sets the development SITE_URL: the QR codes of certificates point at this server.
run: setup
	PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests run in a process of their own: each one empties the database when it ends
# (a live server needs committed data), which must not meet the other tests' workers.
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run -v1
	$(BIN)/pytest -n 2 --ignore=tests/e2e
	$(BIN)/pytest tests/e2e

.secret_key: | $(STAMP)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))" > .secret_key

# Production settings on this machine: gunicorn + whitenoise, the task worker and sweep_queue
# every minute, kept alive by supervisor (deploy/supervisord.conf; deploy/*.service for systemd).
RUN_DIR ?= var/run
serve: setup .secret_key
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level ERROR
	@mkdir -p $(RUN_DIR)
	$(PROD_ENV) PORT=$(PORT) RUN_DIR="$(abspath $(RUN_DIR))" WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} \
	  $(BIN)/supervisord -c deploy/supervisord.conf

# Backups of whatever DATABASE_URL, MEDIA_ROOT and PRIVATE_ROOT point at (export the production
# environment first): one dated archive in var/backups/ (BACKUP_DIR=...), restored into an empty
# database by `make restore FILE=var/backups/cadre-backup-....tar` (REPLACE=1 to overwrite one).
BACKUP_DIR ?= var/backups
backup:
	$(BIN)/python manage.py backup --output-dir "$(BACKUP_DIR)"

restore:
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/cadre-backup-....tar"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(REPLACE),--replace,)

bench: setup
	@for f in tests/bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
	HYPOTHESIS_PROFILE=bench $(BIN)/pytest -q -p no:randomly tests/cadres/test_hostile_input_properties.py

# Load, faults and two instances of the production stack, all on 127.0.0.1 and thrown away after
# (README "Production and scale"); as root, needs wrk, redis-server and PostgreSQL 15's binaries.
soak: $(STAMP)
	$(BIN)/python manage.py compiletranslations
	$(BIN)/python tests/soak/soak.py $(SOAK_ARGS)

# After changing pyproject.toml's ranges: install them and pin what was resolved.
lock: $(STAMP)
	$(BIN)/python -m pip install -q --upgrade -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# After adding or changing translatable strings: refresh every app's vi catalogue (GNU gettext
# needed here, not for running), then translate the entries left empty or marked fuzzy.
# vendor_vi holds hand-kept translations of allauth and Wagtail, so it is left alone.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi --no-location --no-wrap --no-obsolete --settings=cadre_site.settings.messages \
	  --ignore '.venv/*' --ignore 'tests/*' --ignore 'var/*' --ignore 'media/*' \
	  --ignore 'staticfiles/*' --ignore 'site/cadre_site/vendor_vi/*'
	@rm -f site/cadre_site/vendor_vi/jslocale/vi/LC_MESSAGES/django.po
