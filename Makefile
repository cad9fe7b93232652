# Thin wrappers: the logic lives in the package and in .ci/run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench install clean

$(BIN)/corroborate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/corroborate

run: install
	$(BIN)/corroborate serve --host 127.0.0.1 --port 8000

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python -m benchmarks.throughput
	$(BIN)/python -m benchmarks.scoring_scale

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
