# make lab   set everything up (.venv) and open the book in JupyterLab on 127.0.0.1
# make test  set everything up and run the whole test suite (unit tests, every notebook, and
#            browser tests in Debian's chromium, which it installs when run as root)
# make bench seconds per epoch: nnlib vs the per-sample loop vs scikit-learn (vs PyTorch)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888

.PHONY: setup browser lab test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebooks,test]"
	touch $@

lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=. notebooks/

# Browser tests drive Debian's chromium (never a browser downloaded by Playwright).
browser:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "warning: chromium is not installed (sudo apt-get install chromium chromium-driver); browser tests will skip"; fi

test: setup browser
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/epoch_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
