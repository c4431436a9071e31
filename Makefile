# Set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
#
# .venv is what a user gets: `pip install .`, which compiles the text pipeline with mypyc
# whenever a C compiler is there (setup.py) and else installs the pure-Python package,
# saying so. The tests import the sources in src/ (pytest's pythonpath), so
# `.venv/bin/python -m pytest tests/test_X.py` always tests what you edit; `make test`
# runs the suite on the sources and then on the installed (compiled) build.
# `make dev` makes .venv-dev, an editable pure-Python install for working on the code.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BANMIAN := $(VENV)/bin/banmian
PYTHON ?= python3
DEV_VENV ?= .venv-dev
PACKAGE_FILES := $(shell find src/banmian -type f -not -path '*/__pycache__/*')

.PHONY: demo dev test test-sources test-compiled compiled bench lint clean mutate

# Rebuilt when the sources change, so the installed build is the sources' build.
$(VENV)/.installed: pyproject.toml setup.py $(PACKAGE_FILES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	rm -rf build
	$(PIP) install -q '.[test]'
	@$(PY) -c "import banmian; print('banmian', banmian.__version__, 'compiled pipeline' if banmian.COMPILED else 'pure Python: no C compiler, or mypyc failed (pip install -v . says why); parsing is about 3x slower')"
	touch $@

compiled: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BANMIAN) --version
	$(BANMIAN) parse examples/xinhua-liaocheng-p2.txt --format md

# For working on the code: edits take effect at once (no compiled module shadows them).
dev: $(DEV_VENV)/.installed

$(DEV_VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(DEV_VENV)
	$(DEV_VENV)/bin/pip install -q --upgrade pip
	BANMIAN_MYPYC=0 $(DEV_VENV)/bin/pip install -q -e '.[test]'
	touch $@

# The whole suite on the sources, then again on the installed build.
test: test-sources test-compiled

test-sources: $(VENV)/.installed
	$(PY) -m pytest -n 2 tests

# `-o pythonpath=` takes src/ off the path: the suite imports the installed package, and
# BANMIAN_EXPECT_COMPILED makes it check that it is compiled. Where no compiler was found
# the installed build is the pure one the first run already tested. The browser tests,
# which drive the web page and not the pipeline, run once, above.
test-compiled: $(VENV)/.installed
	@if $(PY) -c "import banmian, sys; sys.exit(not banmian.COMPILED)"; then \
		BANMIAN_EXPECT_COMPILED=1 $(PY) -m pytest -n 2 -p no:cacheprovider -o pythonpath= -m "not e2e" tests; \
	else echo "no compiled build here (pure Python installed): the suite ran once, on the sources"; fi

# Every benchmark on the installed (compiled) build, and the parsing speed of the sources for comparison.
bench: $(VENV)/.installed
	$(PY) benchmarks/run_all.py
	@echo ""
	@echo "=== bench_parse, pure Python (the sources, for comparison) ==="
	PYTHONPATH=src $(PY) benchmarks/bench_parse.py

# Mutation testing of stages/ and geometry/ (docs/testing.md): every mutant, or a random
# sample of them with SAMPLE=N; prints `killed K of N`.
SAMPLE ?=
mutate: $(VENV)/.installed
	$(PIP) install -q 'mutmut==3.8.1'
	$(PY) tests/mutate.py $(if $(SAMPLE),--sample $(SAMPLE))

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check setup.py src tests benchmarks
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(DEV_VENV) .venv-compiled build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache mutants
