# Vagtplan-workbench. `make run` and `make test` work on a fresh machine with
# nothing but Python >= 3.11, make and access to PyPI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UNIT ?= sample_data/bosted_solsikken
RULES ?= constraints/recommendations.yaml
TIME_LIMIT ?= 30

.PHONY: run test lab venv bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/workbench solve $(UNIT) --rules $(RULES) --time-limit $(TIME_LIMIT) --out out/bosted_solsikken

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/01_vagtplan.ipynb

clean:
	rm -rf $(VENV) out
