# make lab   set everything up (.venv) and open the book in JupyterLab on 127.0.0.1
# make test  set everything up and run the whole test suite (unit tests + every notebook)
# make bench seconds per epoch: nnlib vs the per-sample loop vs scikit-learn (vs PyTorch)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888

.PHONY: setup lab test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test]"
	touch $@

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=. notebooks/

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/epoch_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
