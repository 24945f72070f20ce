# Two commands for a fresh machine; each sets itself up (venv + install).
#   make demo        offline demo crawl of the five named portals -> demo-output/gaar.db
#   make test        the whole test suite (what CI runs)
#   make test-fast   the tests not marked slow (no subprocess crawls or services), fuzzing lighter,
#                    on two cores (pytest-xdist): under a minute on an idle 2-core machine
#   make coverage    the whole suite with line coverage of gaar_spiders/ and pipelines/
#   make bench       the benchmarks (benchmarks/): each a ratio against a baseline timed in the same run
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install demo test test-fast coverage bench clean

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

test-fast: install
	@$(PY) -m pytest -q -p no:cacheprovider -m "not slow" --hypothesis-profile=fast -n 2; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; exit $$rc

coverage: install
	$(PY) -m pytest -q -p no:cacheprovider --cov=gaar_spiders --cov=pipelines --cov-report=term

bench: install
	$(PY) benchmarks/startup_bench.py
	$(PY) benchmarks/pages_bench.py
	$(PY) benchmarks/parse_bench.py
	$(PY) benchmarks/crawl_bench.py
	$(PY) benchmarks/cells_bench.py
	$(PY) benchmarks/distributed_bench.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache
