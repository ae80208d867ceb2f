# Weijian — the README's commands. The work is done by small scripts in scripts/;
# each one says what it does at its top. See docs/operations.md.
#
#   make demo        install what is missing, find or start PostGIS, migrate, load the demo
#                    district and serve http://127.0.0.1:8000 (HOST=… PORT=… to change)
#   make test        the same set-up, then every test (PYTEST_ARGS='-k grid -x' to narrow)
#   make lint        ruff check, ruff format --check, mypy
#   make bench       the benchmarks, into docs/benchmarks.md (BENCH_ARGS='--scale 10 33')
#   make serve       serve the existing demo database without reloading it
#   make db          print the database URL (finding or starting the server)
#   make db-status   where the private cluster is, and whether it runs
#   make db-stop     stop the private cluster (its data stays in .data/pg)
#   make setup       only install what is missing (.venv from requirements.lock, npm packages)
#   make lock        pin the Python dependencies anew in requirements.lock, keeping the pins that
#                    still fit pyproject.toml (LOCK_ARGS=--upgrade, or --upgrade-package NAME)
#   make clean       remove .venv, node_modules and caches — never the database

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Plain assignments, so a HOST or PORT in the environment does not leak in;
# `make demo PORT=8001` still works.
HOST := 127.0.0.1
PORT := 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=
LOCK_ARGS ?=
VENV := .venv

.PHONY: help demo test lint bench serve db db-status db-stop setup lock clean

help:
	@awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' Makefile

demo:
	scripts/demo.sh --host $(HOST) --port $(PORT)

serve:
	scripts/demo.sh --no-load --host $(HOST) --port $(PORT)

test:
	scripts/test.sh $(PYTEST_ARGS)

bench:
	scripts/bench.sh $(BENCH_ARGS)

# All three checks run, so one run shows every problem; the target fails if any failed.
lint: setup
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy api spatial demo || status=1; \
	exit $$status

db:
	@scripts/database.sh demo

db-status:
	@scripts/database.sh status

db-stop:
	@scripts/database.sh stop

setup:
	@scripts/setup.sh

# The runtime and dev dependencies for Python 3.11 on Linux, each with its hashes, resolved by
# uv (a dev dependency) from PyPI. scripts/setup.sh installs exactly these.
lock: setup
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform linux --generate-hashes --custom-compile-command 'make lock' \
		--quiet $(LOCK_ARGS) -o requirements.lock

clean:
	rm -rf $(VENV) frontend/node_modules .pytest_cache .ruff_cache .mypy_cache test-artifacts
	find . -name __pycache__ -type d -not -path './.data/*' -prune -exec rm -rf {} +
	rm -f .data/apt-update.stamp
