# Bình Đẳng — two commands: `make run` starts the platform with demo data, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTHON ?= python3.11
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test install install-test system browser lint migrations-check pytest pytest-sqlite pytest-postgres messages bench clean prod prod-stop prod-status prod-system load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/binhdang compilemessages --ignore=.venv -v0; fi

## make run: install, migrate the SQLite database under var/, load the demo province once, serve with the job worker.
run: install system messages
	@mkdir -p var
	$(BIN)/binhdang migrate --noinput -v0
	$(BIN)/binhdang demo --if-empty
	$(BIN)/binhdang collectstatic --noinput -v0
	@echo "Bình Đẳng: http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/binhdang db_worker --interval 1 & \
	  $(BIN)/binhdang runserver --noreload 127.0.0.1:$(PORT)

## Debian packages. `make run` needs gettext (the catalogues), LibreOffice Writer without GUI (reports as PDF)
## and Liberation Serif (Times New Roman's metric twin, with Vietnamese); the tests also need Debian's Chromium
## (never `playwright install`) and poppler-utils (to check the PDF pages). Installed when running as root.
define apt_install
	@missing=""; for want in $(1); do case $$want in \
	  chromium) [ -x /usr/bin/chromium ] || missing="$$missing chromium";; \
	  gettext) command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext";; \
	  libreoffice-writer-nogui) command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui";; \
	  poppler-utils) command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils";; \
	  fonts-liberation2) fc-list ':charset=1ec7' family 2>/dev/null | grep -q 'Liberation Serif' || missing="$$missing fonts-liberation2";; \
	esac; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing — run 'sudo apt-get install$$missing'"; fi; \
	fi
endef

system:
	$(call apt_install,gettext libreoffice-writer-nogui fonts-liberation2)

browser:
	$(call apt_install,chromium gettext libreoffice-writer-nogui poppler-utils fonts-liberation2)

lint: install-test
	$(BIN)/ruff check src tests bench

migrations-check: install-test
	DATABASE_URL=sqlite:///:memory: $(BIN)/binhdang makemigrations --check --dry-run

pytest-sqlite: install-test browser messages
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest $(PYTEST_ARGS)

pytest-postgres: install-test browser messages
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] || [[ "$$url" == sqlite* ]]; then \
	  if $(BIN)/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then url="$(PG_URL)"; else url=""; fi; \
	fi; \
	if [ -n "$$url" ]; then echo "== PostgreSQL: $$url"; DATABASE_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS); \
	else echo "== PostgreSQL: no server on 127.0.0.1:5432 and no DATABASE_URL; skipped"; fi

## make test: ruff, makemigrations --check, the whole suite (with browser tests) on SQLite, then on PostgreSQL.
test: lint migrations-check
	@echo "== SQLite"
	$(MAKE) --no-print-directory pytest-sqlite
	$(MAKE) --no-print-directory pytest-postgres

bench: install-test
	$(BIN)/python bench/run.py

## make prod: the production topology on loopback, in the background (docs/operations.md): nginx on
## 127.0.0.1:8100 → two gunicorn app servers (8101, 8102), three job workers, all under supervisord;
## PostgreSQL 127.0.0.1:5432 (database binhdang_prod, created if missing) and Redis 127.0.0.1:6379/3,
## both already running. Migrates, loads the demo once, writes its configuration and logs under var/prod/.
prod: install system messages prod-system
	$(BIN)/python deploy/prod.py start

prod-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python deploy/prod.py stop; else python3 deploy/prod.py stop; fi

prod-status:
	$(BIN)/python deploy/prod.py status

## Debian's nginx, when root. The package would start its own nginx on port 80 of every address:
## a policy-rc.d that refuses service starts is in place while it installs (unless one exists already).
prod-system:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    guard=""; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; \
	      chmod +x /usr/sbin/policy-rc.d; guard=1; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; \
	    status=$$?; if [ -n "$$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi; exit $$status; \
	  else echo "Missing Debian package: nginx — run 'sudo apt-get install nginx'"; exit 1; fi; \
	fi

## make load: load and fault tests against `make prod` (bounded: about 10 minutes, loopback only);
## prints the figures and writes them to docs/performance.md. Stops PostgreSQL for 10 s once.
load: install-test
	$(BIN)/python bench/load.py --write-docs

clean:
	rm -rf var/static
