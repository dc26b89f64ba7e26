# vnnews: `make run` and `make test` work on a fresh machine (they set up .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test demo serve serve-demo lint clean

# Create the virtualenv and install the project with the locked, tested dependency set.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## One nightly ingestion of every enabled source (live network).
run: $(STAMP)
	$(BIN)/vnnews run

## The whole test suite.
test: $(STAMP)
	$(BIN)/pytest -q

## The nightly flow against the local replay of the bundled qdnd.vn snapshot.
demo: $(STAMP)
	$(BIN)/vnnews demo

## The Prefect UI on 127.0.0.1:4200, serving the nightly (scheduled), backfill and reparse deployments.
serve: $(STAMP)
	$(BIN)/vnnews serve

## The same, with every deployment pointed at the local replay (works with no network).
serve-demo: $(STAMP)
	$(BIN)/vnnews serve --demo

## ruff and mypy, as CI runs them.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
