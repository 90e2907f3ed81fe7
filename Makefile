# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# demo installs what running needs (the runtime and its optional extras); test adds the test tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# the redline extra: the docxodus engine for 修订 copies of documents edited in Word (skillplan diff)
EXTRAS ?= [redline]

.PHONY: demo test test-all templates bench clean

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.$(EXTRAS)'
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.runtime
	$(BIN)/skillplan build config/example -o out

# tests run on every core (pytest-xdist); the exhaustive hostile loops take a fixed sample of their
# cases, test-all (CI) takes every case
test: $(VENV)/.test
	$(BIN)/ruff check pipeline tests templates benchmarks
	$(BIN)/pytest -q -n auto

test-all: $(VENV)/.test
	$(BIN)/ruff check pipeline tests templates benchmarks
	SKILLPLAN_TESTS=all $(BIN)/pytest -q -n auto

templates: $(VENV)/.runtime
	$(BIN)/python templates/make_templates.py

clean:
	rm -rf out $(VENV)

bench: $(VENV)/.test
	$(BIN)/python benchmarks/bench.py
