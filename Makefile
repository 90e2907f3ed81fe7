# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test templates bench clean

$(BIN)/skillplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/skillplan
	$(BIN)/skillplan build config/example -o out

test: $(BIN)/skillplan
	$(BIN)/ruff check pipeline tests templates benchmarks
	$(BIN)/pytest -q

templates: $(BIN)/skillplan
	$(BIN)/python templates/make_templates.py

clean:
	rm -rf out $(VENV)

bench: $(BIN)/skillplan
	$(BIN)/python benchmarks/bench.py
