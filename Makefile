# Resultatavtaler – the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: static install demo test security lint messages translations serve worker bench screenshots clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/base.txt requirements/dev.txt | $(VENV)/bin/activate
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $@

## install: the virtual environment with runtime and test dependencies (pinned, with hashes)
install: $(VENV)/.installed translations static

## static: collect the static files (served by WhiteNoise when DEBUG is off)
static: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py collectstatic --no-input --verbosity 0

## translations: compile the nb/nn/en catalogs (pure Python, no gettext needed)
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --domain django --directory resultatavtaler/locale --use-fuzzy 2>/dev/null || $(VENV)/bin/pybabel compile --domain django --directory resultatavtaler/locale

## messages: extract new strings into the catalogs (developers; needs GNU gettext)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale nb --locale nn --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'

## demo: migrate SQLite, load the demo organisations and serve on http://127.0.0.1:8000 (with the task worker)
demo: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py demo_logins
# The task worker (e-mails — the console backend in the demo —, HR imports, lederprofil PDFs) runs beside
# runserver and stops with it;
# its output (every e-mail the demo sends) goes to demo-mail.log, so the logins above stay readable.
	@echo "E-post fra demoen / e-mails sent by the demo: demo-mail.log (også under Varsler / also under Notifications)"
	DEBUG=1 $(PY) manage.py db_worker --no-reload >demo-mail.log 2>&1 & pid=$$!; trap 'kill $$pid 2>/dev/null' EXIT; DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: install what the tests need and run the whole suite
## security: static security checks — bandit (no medium or high findings) and the dependency audit
security: install
	$(VENV)/bin/bandit -q -r resultatavtaler config -ll
	$(PY) .ci/pip_audit.py

test: install security
	$(VENV)/bin/ruff check .
	RESULTATAVTALER_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## screenshots: PNGs of the main pages on the demo data in docs/screenshots/ (needs Chromium)
screenshots: install
	$(PY) scripts/screenshots.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

## bench: page times, queries per page, raw-SQL floors, the HR import, PDF and a locust load test on
## SQLite and PostgreSQL (docs/performance.md); results in bench/out/. Default: small and medium
## scale (~10 min on 2 cores); `make bench SCALE=full` adds the whole state (200,000 persons; long).
comma := ,
BENCH_SCALES := $(if $(filter full,$(SCALE)),small$(comma)medium$(comma)full,small$(comma)medium)
BENCH_LOAD := $(if $(filter full,$(SCALE)),full,medium)
# It depends on install, not only on the packages: the pages are measured as production serves
# them, with the compiled nb/nn/en catalogs and the collected static files (on a fresh clone
# neither exists until `install` builds them).
bench: install bench/.venv/.installed
	$(PY) -W ignore -m bench run --scales $(BENCH_SCALES) --load-scale $(BENCH_LOAD)

# locust and its dependencies live in their own environment (requirements/bench.txt, hashed).
bench/.venv/.installed: requirements/bench.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bench.txt
	touch $@
