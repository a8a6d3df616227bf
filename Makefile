# `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= .citeline
# What `make run` ingests before serving: `make run CORPUS=~/my-docs INDEX=~/my-docs-index`.
CORPUS ?= sample_corpus
HOST ?= 127.0.0.1
PORT ?= 7860
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
# Built llama-cpp-python wheels live here so a machine compiles llama.cpp once (~6 min on 2 cores).
WHEEL_CACHE ?= $(HOME)/.cache/citeline-wheels
# The version pyproject.toml's llm extra pins; a cached wheel of another version is not taken.
LLAMA_CPP_VERSION := 0.3.16

export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ORT_DISABLE_TELEMETRY := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test quality install install-llm system-deps ingest-sample serve bench bench-compare clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: the CPU wheel lies on local disk; an unpinned torch pulls a CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# --prefer-binary: a newer llama-cpp-python sdist on the index must not beat the cached wheel.
$(LLM_STAMP): $(STAMP)
	mkdir -p $(WHEEL_CACHE)
	ls $(WHEEL_CACHE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1 || \
		$(BIN)/pip wheel --no-deps -w $(WHEEL_CACHE) llama-cpp-python==$(LLAMA_CPP_VERSION)
	$(BIN)/pip install --quiet --prefer-binary --find-links $(WHEEL_CACHE) -e '.[dev,llm]'
	touch $(LLM_STAMP)

install-llm: $(LLM_STAMP)

ingest-sample: install
	$(BIN)/citeline ingest $(CORPUS) --index $(INDEX)

serve: install
	$(BIN)/citeline serve --index $(INDEX) --host $(HOST) --port $(PORT)

run: ingest-sample serve

# Debian packages: Chromium drives the browser tests (never a downloaded browser build); tesseract
# reads scanned PDFs at ingest (and in the OCR tests); DejaVu types the PDF tests' ligatures. Installed
# when missing and we may (root).
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr tesseract-ocr-eng"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y $$missing; \
		else echo "install with apt-get:$$missing" >&2; exit 1; fi; \
	fi

test: install-llm system-deps
	$(BIN)/python -m pytest

# The quality gate alone (also part of `make test`): fixed SciFact and XQuAD slices against the floors
# in tests/quality/gate.toml; figures in test-output/quality.json.
quality: install
	$(BIN)/python -m pytest tests/quality

# `make bench BENCH_ARGS="--sizes 10000,100000,1000000"` for the full run; --strict fails on regressions.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench.run_all $(BENCH_ARGS)

# A change against a base, side by side in one run: `git worktree add --detach ../base main`, then
# `make bench-compare BEFORE=../base COMPARE_ARGS="--only startup,reuse_on_edit --rounds 2"`; the
# table (after/before ratios, medians over the rounds) lands in bench/results/side_by_side/comparison.md.
BEFORE ?=
COMPARE_ARGS ?=
bench-compare: install
	$(BIN)/python -m bench.side_by_side $(BEFORE) . $(COMPARE_ARGS)

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
