# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test templates bench clean

# The demo gets the runtime and the redline extra (修订 copies from skillplan diff); tests add theirs.
$(BIN)/skillplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[redline]'
	touch $@

$(VENV)/.test-extras: $(BIN)/skillplan
	$(BIN)/pip install --quiet -e '.[test,redline]'
	touch $@

demo: $(BIN)/skillplan
	$(BIN)/skillplan build config/example -o out

test: $(VENV)/.test-extras
	$(BIN)/ruff check pipeline tests templates benchmarks
	$(BIN)/pytest -q

templates: $(BIN)/skillplan
	$(BIN)/python templates/make_templates.py

clean:
	rm -rf out $(VENV)

bench: $(BIN)/skillplan
	$(BIN)/python benchmarks/bench.py
