# ironmq-sdk: one clear job per target. `make help` lists them.
# Everything runs from the project's own virtual environment, which `make install` creates.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
# One generated client per API description: spec/ironmq-<api>.yaml, configured by
# spec/ironmq-<api>.generator.yaml, generates generated/ironmq_api_<api>/.
APIS        := v3 v2
HAND_WRITTEN := ironmq_sdk ironmq_local ironmq_cli ironmq_kombu _ironmq_kombu_alias.py tests bench examples typing_tests scripts

# The generator's post hooks call `ruff`; put the pinned one first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help install generate check-generated unasync lint test test-deep soak demo serve docs docs-serve bench bench-quick clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install the project with its pinned dev tools (idempotent)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

generate: $(STAMP) ## Regenerate generated/ from the specs (the output is committed)
	@for api in $(APIS); do \
		rm -rf generated/ironmq_api_$$api && \
		$(BIN)/openapi-python-client generate --path spec/ironmq-$$api.yaml \
			--config spec/ironmq-$$api.generator.yaml --meta none --fail-on-warning \
			--output-path generated/ironmq_api_$$api || exit 1; \
	done

check-generated: $(STAMP) ## Fail if generated/ differs in any way from what the specs generate
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for api in $(APIS); do \
		$(BIN)/openapi-python-client generate --path spec/ironmq-$$api.yaml \
			--config spec/ironmq-$$api.generator.yaml --meta none --fail-on-warning \
			--output-path "$$tmp/ironmq_api_$$api" >/dev/null || exit 1; \
	done && \
	if diff -r --exclude=__pycache__ "$$tmp" generated; then \
		echo "generated/ matches spec/ironmq-{$(shell echo $(APIS) | tr ' ' ',')}.yaml"; \
	else \
		echo "generated/ has drifted from spec/: run 'make generate' and commit the result" >&2; \
		exit 1; \
	fi

unasync: $(STAMP) ## Regenerate the sync shells ironmq_sdk/_sync/ from ironmq_sdk/_async/
	$(BIN)/python scripts/unasync.py

lint: $(STAMP) ## ruff (lint and format check), mypy --strict, and the sync shells up to date
	$(BIN)/ruff check $(HAND_WRITTEN)
	$(BIN)/ruff format --check $(HAND_WRITTEN)
	$(BIN)/python scripts/unasync.py --check
	$(BIN)/mypy
	@# the generated clients must run on the oldest Python we support (requires-python)
	$(BIN)/mypy --python-version 3.10 --no-warn-redundant-casts generated
	@# every public name of the SDK is fully typed for pyright users too (100% or it fails);
	@# --verifytypes reads an installed copy, not an editable one: lay the packages out as
	@# the wheel does, in a temporary directory
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp -r ironmq_sdk generated/ironmq_api_v3 generated/ironmq_api_v2 "$$tmp" && \
	out=$$(PYTHONPATH="$$tmp" $(BIN)/pyright --pythonpath $(BIN)/python \
		--verifytypes ironmq_sdk --ignoreexternal); status=$$?; \
	echo "$$out" | grep -E "error|warning|completeness score"; exit $$status

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-deep: $(STAMP) ## Run the suite with the long hypothesis/schemathesis profile (tests/contract/budget.py)
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest -o timeout=7200 $(PYTEST_ARGS)

SOAK_ROUNDS ?= 50

soak: $(STAMP) ## Kill -9 ironmq-local SOAK_ROUNDS (50) times under load; print lost/resurrected/duplicates
	$(BIN)/python -m tests.local.crash --rounds $(SOAK_ROUNDS)

# The demo needs the package with its local server only, not the development tools: on a
# cold machine it installs those few packages (pip shows each as it goes) into .venv.
DEMO_STAMP  := $(VENV)/.installed-demo

$(DEMO_STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || { echo "Creating $(VENV) ..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing what the demo needs: ironmq-sdk and its local server (about 30 MB) ..."
	@$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt -e '.[local]' \
		| grep -v '^Requirement already satisfied'
	@touch $(DEMO_STAMP)

demo: $(DEMO_STAMP) ## Run the quick-start walk-through against a throw-away local server
	$(BIN)/python examples/_run_demo.py

serve: $(STAMP) ## Run ironmq-local, the local IronMQ server, in the foreground
	$(BIN)/ironmq-local

# The documentation site (mkdocs.yml): guides in docs/, the API reference from the docstrings.
# --strict fails on a broken link or anchor, a missing reference, a docstring that does not
# parse; then nothing in the built site may need the network. site/ is not committed.
export NO_MKDOCS_2_WARNING := 1

docs: $(STAMP) ## Build the documentation site into site/ (strict, offline-checked)
	$(BIN)/mkdocs build --strict --clean
	$(BIN)/python scripts/check_docs_offline.py site

docs-serve: $(STAMP) ## Preview the documentation site at http://127.0.0.1:8000, rebuilt on save
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The benchmarks run from their own venv: the project plus the legacy iron-mq 0.9 and 0.7 clients,
# matplotlib and the profilers (bench/requirements.txt), never added to the project's deps.
BENCH_VENV  := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): $(STAMP) pyproject.toml constraints.txt bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -c constraints.txt -e '.[cli,local,celery]' -r bench/requirements.txt
	@# iron-mq 0.7 (v2, the seed's client) is the same `iron_mq` module as 0.9: a folder of its own
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps --upgrade --target $(BENCH_VENV)/iron-mq-0.7 iron-mq==0.7
	@# the celery section compares with Redis, Debian's redis-server (bench only, never CI)
	command -v redis-server >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server)
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## Run the full benchmarks (~10 min) into bench/results/bench-full.*
	$(BENCH_VENV)/bin/python -m bench.run $(BENCH_ARGS)

bench-quick: $(BENCH_STAMP) ## Run the quick benchmarks (< 2 min) into bench/results/bench-quick.*
	$(BENCH_VENV)/bin/python -m bench.run --quick $(BENCH_ARGS)

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis site
