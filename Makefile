# diplomesa — set up, run, test. `make run` and `make test` are all a new user needs.
# A Python >= 3.12 is found by scripts/find_python.sh (override: make PYTHON=/path/to/python).

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test app bench bench-app lint clean

$(BIN)/python:
	@PY="$$(sh scripts/find_python.sh)" || exit 1; \
	echo "Creating $(VENV) with $$PY"; \
	"$$PY" -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TSTAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $@ $(STAMP)

run: $(STAMP)  ## run the baseline scenario and print its story and outcome
	$(BIN)/diplomesa run

test: $(TSTAMP)  ## run the whole test suite, one test file to each core's worker
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: $(STAMP)  ## the model benchmark
	$(BIN)/python benchmarks/bench_model.py

app: $(STAMP)  ## fill the offline front-end cache (npm, once), then serve the app on 127.0.0.1:8765
	$(BIN)/python scripts/solara_offline.py
	$(BIN)/diplomesa app

bench-app: $(TSTAMP)  ## the browser app benchmark (headless chromium)
	$(BIN)/python benchmarks/bench_app.py

lint: $(TSTAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache
