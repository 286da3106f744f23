# casefolio: `make run` and `make test` do all set-up on a fresh machine; `make setup` only installs.
# Every target is idempotent: what is installed already is not installed again.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# System packages: tesseract with English and orientation data (the service), PostgreSQL and
# fonts (the tests start a real PostgreSQL and render synthetic documents; the searchable copy
# embeds DejaVu substitutes for a kept page's unembedded fonts), and Debian's chromium (the web
# app's browser tests drive it through Playwright: never a downloaded browser).
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd \
                   postgresql-15 postgresql-contrib fonts-dejavu-core fonts-dejavu-extra chromium
PYTEST_ARGS ?=

export OMP_THREAD_LIMIT := 1

.PHONY: setup system python run test test-fast lint bench clean-data

setup: system python

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

python: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: setup
	./scripts/run-service.sh

test: setup lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: setup lint
	$(PY) -m pytest -q -m "not slow and not service" $(PYTEST_ARGS)

# The house rules: ruff (the rules in pyproject.toml) and mypy on the application packages; the
# import direction is checked by tests/test_layers.py.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m bench.ocr
	$(PY) -m bench.extraction

clean-data:
	rm -rf casefolio-data
