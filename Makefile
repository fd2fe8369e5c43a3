# Two commands set everything up on a fresh machine:
#   make demo   builds the graph of the bundled examples into output/
#   make test   installs the test browser (Debian chromium, if missing) and runs the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install browser clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kg build -o output

test: $(STAMP) browser
	$(PY) -m pytest

browser:  # Debian chromium, its driver and CJK fonts for the browser tests (needs apt)
	bash scripts/setup-browser.sh

clean:
	rm -rf $(VENV)
	find output -mindepth 1 -not -name .gitkeep -delete
