# make check: lint, format check, types and tests (uses the project's .venv; see README).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: check lint types test build setup

setup:
	bash scripts/setup.sh

check: lint types test

lint:
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

types:
	$(BIN)/mypy

test:
	$(BIN)/python -m pytest

build:
	$(BIN)/helpkit build
