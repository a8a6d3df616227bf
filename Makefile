# `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= .citeline
HOST ?= 127.0.0.1
PORT ?= 7860
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ORT_DISABLE_TELEMETRY := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install ingest-sample serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: the CPU wheel lies on local disk; an unpinned torch pulls a CUDA build.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

ingest-sample: install
	$(BIN)/citeline ingest sample_corpus --index $(INDEX)

serve: install
	$(BIN)/citeline serve --index $(INDEX) --host $(HOST) --port $(PORT)

run: ingest-sample serve

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache
