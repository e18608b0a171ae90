# Two commands for a fresh machine:
#   make run    start Neo4j (unless NEO4J_URI is set), apply constraints, seed, serve the API
#   make test   lint, type-check and run every test against a real Neo4j
# Each installs what it needs: the virtual environment, Python packages, Neo4j jars.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NEO4J_HOME ?= .data/neo4j
NEO4J_PORT ?= 7687

.PHONY: run test lint typecheck unit schema neo4j-start neo4j-stop bench bench-startup bench-lineage clean

# Reinstall whenever pyproject.toml changes.
$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

run: $(INSTALLED)
	$(PY) -m graph.neo4j_local run-with --home $(NEO4J_HOME) --port $(NEO4J_PORT) -- \
		$(PY) -m api.cli serve --seed

test: lint typecheck unit

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(INSTALLED)
	$(PY) -m mypy

# The test session starts its own Neo4j (port 17687, .data/neo4j-test) unless
# NEO4J_URI is set, and stops it at the end.
unit: $(INSTALLED)
	$(PY) -m pytest

schema: $(INSTALLED)
	$(PY) -m api.cli export-schema --write

neo4j-start: $(INSTALLED)
	$(PY) -m graph.neo4j_local start --home $(NEO4J_HOME) --port $(NEO4J_PORT)

neo4j-stop: $(INSTALLED)
	$(PY) -m graph.neo4j_local stop --home $(NEO4J_HOME)

# The scale benchmark: make bench SIZE=10k (or 100k, 1m); writes bench/results.json.
SIZE ?= 10k
bench: $(INSTALLED)
	$(PY) -m bench.scale --size $(SIZE)

bench-lineage: $(INSTALLED)
	$(PY) -m bench.lineage_latency

bench-startup: $(INSTALLED)
	$(PY) -m bench.neo4j_startup

clean:
	rm -rf $(VENV) .data graph/neo4j-local/target .pytest_cache .mypy_cache .ruff_cache
