# Two commands do everything on a fresh machine:
#   make demo   set up, then run cjm on examples/
#   make test   set up, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SPARK_STAMP := $(VENV)/.spark-stamp

# For a demo step that exits 1 on purpose (findings, rows not imported): print the command, run
# it and say that its exit status was the expected one. A plain `-command` would end with make's
# "Error 1 (ignored)", which reads as a failure. Any other status stops the demo.
#   $(call expect_exit_1,COMMAND,WHY) -- neither may contain a comma or a single quote
expect_exit_1 = echo '$(1)'; $(1); status=$$?; \
	if [ $$status -eq 1 ]; then echo "(exit status 1, as expected: $(2))"; \
	else echo "expected exit status 1 ($(2)), got $$status" >&2; exit 1; fi

.PHONY: demo test bench bench-measure bench-spark lint schemas docs setup setup-spark system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cjm needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# pyspark is large (~450 MB with its Spark Connect client): only `make test` and users of
# `cjm measure --engine spark` need it, so it is the `spark` extra, installed on its own.
$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	@touch $@

setup: $(STAMP)

setup-spark: $(SPARK_STAMP)

system-deps:
	@bash scripts/system-deps.sh

demo: setup system-deps
	@echo "== cjm validate examples/ (the example workspace: must be clean)"
	$(BIN)/cjm validate examples/
	@echo
	@echo "== cjm validate examples/invalid/ (broken on purpose: every finding names file:line:col)"
	@$(call expect_exit_1,$(BIN)/cjm validate examples/invalid/,these files are broken on purpose)
	@echo
	@echo "== cjm fmt --check examples/ (the examples are in the canonical layout)"
	$(BIN)/cjm fmt --check examples/
	@echo
	@echo "== cjm import csv (a messy workshop spreadsheet; every row it could not map is named)"
	@$(call expect_exit_1,$(BIN)/cjm import csv examples/csv/onboarding-workshop.csv -o out/imported/onboarding-workshop.yaml --force,2 of its rows cannot be mapped)
	@echo
	@echo "== cjm stats examples/ (coverage, counts, emotion per stage)"
	$(BIN)/cjm stats examples/
	@echo
	@echo "== cjm diff current-state -> future-state (what the redesign changes for the customer)"
	$(BIN)/cjm diff examples/journeys/account-management-current.yaml examples/journeys/account-management-future.yaml
	@echo
	@echo "== cjm measure demo/measured (the map joined to a generated B2B committee log, with DuckDB)"
	$(BIN)/cjm measure demo/measured
	@echo
	@echo "== cjm measure --write on a copy, then cjm report (the evidence in the report: out/measured-report)"
	rm -rf out/measured && mkdir -p out && cp -r demo/measured out/measured
	$(BIN)/cjm measure out/measured --write > /dev/null
	$(BIN)/cjm report out/measured -o out/measured-report
	$(BIN)/cjm render out/measured -f svg --view flow --measured -o out/measured-report
	@echo
	@echo "== cjm render + cjm report examples/ (diagrams, Mermaid and the HTML report site in out/)"
	$(BIN)/cjm render examples/ -f svg -o out/diagrams
	$(BIN)/cjm render examples/ -f svg --view flow -o out/diagrams
	$(BIN)/cjm render examples/ -f mermaid -o out/diagrams
	$(BIN)/cjm report examples/ -o out/report
	@echo "open out/report/index.html in a browser"

test: setup-spark
	@bash scripts/system-deps.sh --with-browser --with-java
	$(BIN)/python -m pytest

# Issue 7: cjm against yamllint, check-jsonschema and the PyYAML parse floor on generated
# workspaces (10k-100k touchpoints); issue 12 (T6): cjm measure on 1M and 10M-event logs
# against DuckDB alone and PM4Py; issue 13 (T7): the same on Spark local[2] against DuckDB;
# prints every target, writes BENCHMARKS.md (~55 min, and T7 ~40 min on top).
bench: setup-spark
	@bash scripts/system-deps.sh --with-java
	$(BIN)/python -m pip install --quiet -e '.[test,bench,spark]'
	$(BIN)/python benchmarks/run.py

# Only T6 (cjm measure), its section of BENCHMARKS.md (~15 min; the logs are cached).
bench-measure: setup
	$(BIN)/python benchmarks/run.py measure --runs 3

# Only T7 (cjm measure on Spark local[2] against DuckDB), its section of BENCHMARKS.md
# (~40 min on 2 cores; the logs are T6's). Against a cluster: benchmarks/spark_bench.py.
bench-spark: setup-spark
	@bash scripts/system-deps.sh --with-java
	$(BIN)/python benchmarks/run.py spark --runs 2

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

schemas: setup
	$(BIN)/cjm schema --output schemas

# docs/rules.md, the lint rules reference, is generated from the rule modules (tests check it).
docs: setup
	$(BIN)/cjm rules --format markdown > docs/rules.md.tmp && mv docs/rules.md.tmp docs/rules.md

clean:
	rm -rf $(VENV) build dist .pytest_cache src/*.egg-info
