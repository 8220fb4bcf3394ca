# Newsroom: `make run` serves a demo newsroom on http://127.0.0.1:8000 with its task worker;
# `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

-include .env
export

.PHONY: run test validate install install-dev lint check bench soak migrate demo clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

# What running the site needs (`make run`, `make bench`)...
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

# ...and what testing it needs besides (`make test`, `make lint`, `make validate`).
$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The W3C Nu HTML Checker, as the W3C publishes it on npm (a Java program: no Node at run time).
VNU_VERSION = 26.9.27
VNU_JAR = $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): | $(BIN)/activate
	@command -v npm >/dev/null \
		&& npm install --silent --no-audit --no-fund --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION) \
		|| echo "npm is not installed: the HTML validity test will be skipped"

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev $(VNU_JAR)

run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py create_demo_editor
	@# The task worker (alerts, scheduled publications, WebSub) beside the development server,
	@# stopped with it.
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# On PostgreSQL when DATABASE_URL is set, else on SQLite (see [tool.pytest.ini_options]).
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

# The public pages through the W3C Nu HTML Checker (vnu.jar, on the installed Java); also part
# of `make test`.
validate: install-dev
	$(BIN)/pytest tests/site/test_html_validity.py

# Replaces the content of the benchmark database (never point it at real data); see
# docs/performance.md. BENCH_SIZES=1000 gives a quick run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_SIZES ?= 1000 100000
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
BENCH_ENV = DJANGO_SETTINGS_MODULE=bench.settings DEBUG=false SECRET_KEY=benchmark-only \
	ALLOWED_HOSTS=localhost \
	SECURE_SSL_REDIRECT=false DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	PAGE_CACHE_SECONDS=0 STATIC_ROOT=.bench/static MEDIA_ROOT=.bench/media
# wrk (Debian's package) loads the pages under gunicorn on the loopback interface.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) \
		|| echo "wrk could not be installed: the throughput part is skipped"
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py bench --create-database --sizes $(BENCH_SIZES) --output bench-results.json

# Every kind of page under 50 connections for 30 s, cached, uncached and while Redis or a worker
# fails (docs/performance.md). About 45 minutes; SOAK_SECONDS=5 gives a quick run.
SOAK_SECONDS ?= 30
soak: install
	@command -v wrk >/dev/null && command -v redis-server >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq wrk redis-server >/dev/null)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py soak --create-database --seconds $(SOAK_SECONDS) --output soak-results.json

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=true $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 db-test.sqlite3 staticfiles .pytest_cache .bench bench-results.json soak-results.json
