# Two commands set everything up on a fresh machine:
#   make demo   builds the graph of the bundled examples into output/
#   make test   runs the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kg build -o output

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) output/*.ttl output/*.trig output/*.html output/*.json
