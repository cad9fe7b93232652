# Thin wrappers: the logic lives in the package and in .ci/run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench install install-test clean

# Serving needs only the package's own dependencies; the test and evaluation extras
# (scikit-learn, matplotlib, schemathesis, playwright, ...) come with `make test`.
$(BIN)/corroborate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-extras: $(BIN)/corroborate
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/corroborate

install-test: $(VENV)/.test-extras

run: install
	$(BIN)/corroborate serve --host 127.0.0.1 --port 8000

test: install-test
	$(BIN)/pytest

bench: install-test
	$(BIN)/python -m benchmarks.report

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
