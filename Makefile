# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BANMIAN := $(VENV)/bin/banmian
PYTHON ?= python3

.PHONY: demo test bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BANMIAN) parse examples/xinhua-liaocheng-p2.txt --format md

test: $(VENV)/.installed-test
	$(PY) -m pytest -n 2 tests

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run_all.py

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
