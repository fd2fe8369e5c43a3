# Two commands set everything up on a fresh machine:
#   make demo   builds the graph of the bundled examples into output/ and says what to type next
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
	@echo ""
	@echo "Next: . $(VENV)/bin/activate    (puts kg on your PATH; or type $(VENV)/bin/kg), then for example"
	@echo "  kg cites 平阴县                  the regulations 平阴县 cites, year by year, with the sentences"
	@echo "  kg queries                       the canned SPARQL queries and their parameters"
	@echo "  open output/index.html           the views, in a browser"

test: $(STAMP) browser
	$(PY) -m pytest

browser:  # Debian chromium, its driver and CJK fonts for the browser tests (needs apt)
	bash scripts/setup-browser.sh

clean:
	rm -rf $(VENV)
	find output -mindepth 1 -not -name .gitkeep -delete
