# Two commands for a fresh machine; each sets itself up (venv + install).
#   make demo   offline demo crawl of the five named portals -> demo-output/gaar.db
#   make test   the test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install demo test bench clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/gaar demo --db demo-output/gaar.db

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: install
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

bench: install
	$(PY) benchmarks/parse_bench.py
	$(PY) benchmarks/crawl_bench.py
	$(PY) benchmarks/cells_bench.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache
