# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BANMIAN := $(VENV)/bin/banmian
PYTHON ?= python3
# The compiled build (docs/speed.md): the same sources, the text pipeline compiled with
# mypyc, installed (not editable) in a venv of its own.
COMPILED_VENV ?= .venv-compiled
COMPILED_PY := $(COMPILED_VENV)/bin/python
PACKAGE_FILES := $(shell find src/banmian -type f -not -path '*/__pycache__/*')

.PHONY: demo test test-compiled compiled bench lint clean mutate

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

# The whole suite on the sources, then again on the compiled build.
test: $(VENV)/.installed-test
	$(PY) -m pytest -n 2 tests
	$(MAKE) test-compiled

$(COMPILED_VENV)/.installed: pyproject.toml setup.py $(PACKAGE_FILES)
	rm -rf $(COMPILED_VENV) build
	$(PYTHON) -m venv $(COMPILED_VENV)
	$(COMPILED_VENV)/bin/pip install -q --upgrade pip 'setuptools>=77' wheel 'mypy>=1.10'
	BANMIAN_MYPYC=1 $(COMPILED_VENV)/bin/pip install -q --no-build-isolation '.[test]'
	$(COMPILED_PY) -c "import banmian, sys; sys.exit(not banmian.COMPILED)"
	touch $@

compiled: $(COMPILED_VENV)/.installed

# Run from the repository root, the suite imports the installed compiled package (src/
# is not on that venv's path); BANMIAN_EXPECT_COMPILED makes it check that it does. The
# browser tests, which drive the web page and not the pipeline, run once, above.
test-compiled: $(COMPILED_VENV)/.installed
	BANMIAN_EXPECT_COMPILED=1 $(COMPILED_PY) -m pytest -n 2 -p no:cacheprovider -m "not e2e" tests

# Every benchmark on the compiled build, and the parsing speed of the sources for comparison.
bench: $(VENV)/.installed-test $(COMPILED_VENV)/.installed
	$(COMPILED_PY) benchmarks/run_all.py
	@echo ""
	@echo "=== bench_parse, pure Python (the sources, for comparison) ==="
	$(PY) benchmarks/bench_parse.py

# Mutation testing of stages/ and geometry/ (docs/testing.md): every mutant, or a random
# sample of them with SAMPLE=N; prints `killed K of N`.
SAMPLE ?=
mutate: $(VENV)/.installed-test
	$(PIP) install -q 'mutmut==3.8.1'
	$(PY) tests/mutate.py $(if $(SAMPLE),--sample $(SAMPLE))

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check setup.py src tests benchmarks
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(COMPILED_VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache mutants
