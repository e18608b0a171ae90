# Two commands for a fresh machine:
#   make run    build the web app, start Neo4j (unless NEO4J_URI is set), apply constraints,
#               seed, serve the API, GraphiQL and the lineage explorer; restart Neo4j or the
#               API when either dies
#   make test   lint, type-check, check the web app, run every test (browser tests included)
#               against a real Neo4j
# Each installs what it needs: the virtual environment, Python packages, Neo4j jars, the
# web app's npm packages (npm ci from web/package-lock.json), and Debian's Chromium.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NEO4J_HOME ?= .data/neo4j
NEO4J_PORT ?= 7687

.PHONY: run test lock lint typecheck unit schema neo4j-start neo4j-stop bench bench-startup bench-lineage \
	bench-recovery bench-explorer bench-fairness bench-workers bench-driver-io clean web web-check chromium

# Installs exactly what requirements-dev.lock pins, each file checked against its hash, then
# the project itself (editable, built by the locked hatchling); again whenever the lock or
# pyproject.toml changes. A lock not resolved from this pyproject.toml stops here: `make lock`.
PIP := $(PY) -m pip install -q --disable-pip-version-check
$(INSTALLED): pyproject.toml requirements-dev.lock requirements.lock
	@$(PYTHON) tools/lock.py check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes --no-deps -r requirements-dev.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $@

# Resolve requirements.lock and requirements-dev.lock again from pyproject.toml (after
# changing a dependency, or merging a change to one): versions already pinned stay unless
# pyproject.toml needs others (`tools/lock.py`). uv comes from the dev lock itself.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PIP) --require-hashes --no-deps \
		-r <($(PYTHON) tools/lock.py pinned uv)
	$(PY) tools/lock.py write

# The web app (web/): npm ci whenever the lock file changes, then Vite builds web/dist,
# which the API serves (/explorer, GraphiQL on GET /graphql, /static).
WEB_INSTALLED := web/node_modules/.installed
WEB_BUILT := web/dist/.built
WEB_SOURCES := $(shell find web/src web/explorer web/graphiql -type f 2>/dev/null) \
	web/vite.config.ts web/tsconfig.json

$(WEB_INSTALLED): web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

$(WEB_BUILT): $(WEB_INSTALLED) $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

web: $(WEB_BUILT)

# The explorer's typed operations match schema.graphql (graphql-codegen --check), and it
# type-checks.
web-check: $(WEB_INSTALLED)
	cd web && npm run --silent codegen:check
	cd web && npm run --silent typecheck

# Debian's Chromium (and a font with Chinese glyphs) for the browser tests; Playwright's own
# browser download is not used.
SUDO := $(shell test "$$(id -u)" = 0 || echo sudo)
chromium:
	@if ! test -x /usr/bin/chromium || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-wqy-zenhei; \
	fi

# Under a supervisor: Neo4j or the API is started again when it dies (the seed runs once, before
# the API's first start, so the API itself does not seed: it starts even while Neo4j is down);
# Ctrl-C stops both.
run: $(INSTALLED) web
	$(PY) -m graph.neo4j_local supervise --home $(NEO4J_HOME) --port $(NEO4J_PORT) \
		--setup "$(PY) -m api.cli seed" -- $(PY) -m api.cli serve --no-seed

test: lint typecheck web-check unit

lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(INSTALLED)
	$(PY) -m mypy

# The test session starts its own Neo4j (port 17687, .data/neo4j-test) unless
# NEO4J_URI is set, and stops it at the end. The browser tests need the web build and
# Chromium; their screenshots go to test-output/.
unit: $(INSTALLED) web chromium
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

# CPU per statement in the driver with its own socket waits and with graph/bolt_io.py's;
# writes bench/results-driver-io.json (about a minute and a half).
bench-driver-io: $(INSTALLED)
	$(PY) -m bench.driver_io

# The fault test of tests/test_recovery.py (kill -9 of Neo4j, then of the API, under
# writers), with its figures: seconds from the kill to the first acknowledged write (goal 15).
bench-recovery: $(INSTALLED)
	$(PY) -m pytest -q -s -p no:cacheprovider tests/test_recovery.py
	@cat test-output/recovery.json

# Small-query latency alone and while heavy queries (just under the cost limit) run, with
# the heavy lane and without; writes bench/results-fairness.json (a few minutes).
bench-fairness: $(INSTALLED)
	$(PY) -m bench.fairness

# Requests/s with `serve --workers 1` and `--workers 2` (lineage walk and page of 50, 50
# clients, in turns); writes bench/results-workers.json (a few minutes).
bench-workers: $(INSTALLED)
	$(PY) -m bench.workers

# Time from search to a drawn graph of the deepest lineage on the 100k synthetic graph, in
# headless Chromium (loads 100k first; a few minutes).
bench-explorer: $(INSTALLED) web chromium
	$(PY) -m bench.explorer

clean:
	rm -rf $(VENV) .data graph/neo4j-local/target .pytest_cache .mypy_cache .ruff_cache \
		web/node_modules web/dist test-output
