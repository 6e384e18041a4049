# The portal's everyday commands. `make run` and `make test` are the README's two-command quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-pyproject

# Playwright's own browser download is not wanted (and not reachable): the e2e tests use Debian's chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: setup run test bench lint messages

## setup: the virtualenv with the project and its test tools, and compiled translations; fast when nothing changed
setup: $(STAMP) messages

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

messages: $(MO_FILES)

# compilemessages needs GNU gettext's msgfmt; without it polib (a test dependency) writes the same .mo file.
locale/%.mo: locale/%.po $(STAMP)
	@if command -v msgfmt >/dev/null; then \
		$(PY) manage.py compilemessages --verbosity 0 --ignore=.venv --ignore=var; \
	else \
		$(PY) -c 'import polib, sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@; \
	fi
	@touch $@

## run: migrate, load the demo data, then web (http://127.0.0.1:$PORT, 8000 unless PORT is set), a Celery worker and
## beat; Ctrl-C stops all
PORT ?= 8000
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) $(VENV)/bin/honcho --procfile Procfile.dev start

## test: the whole suite (on PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set); PYTEST_ARGS="-k seed" narrows it
test: setup
	@$(VENV)/bin/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: a failure, not a pass" >&2; exit 1; fi; \
	exit $$status

## bench: time the main selectors at 50 and 50,000 enterprises on a throwaway database, then the load benchmarks at
## national scale on PostgreSQL behind gunicorn (bench/load.py; BENCH_DATABASE_URL, default portal_bench on 127.0.0.1)
bench: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(PY) bench/run.py
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/8} $(PY) bench/load.py

## lint: ruff's checks and formatting, and mypy
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
