# Two commands do all the set-up on a fresh machine:
#   make run    serve the dashboard on the bundled data at http://127.0.0.1:8050
#   make test   lint, format check, unit, browser and JavaScript tests
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-js bench lint format chromium clean vendor-plotly

run: $(STAMP)
	$(VENV)/bin/frontline serve --host 127.0.0.1 --port 8050

test: $(STAMP) chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest
	node --test tests/js/

# The browser code's pure modules (assets/js) under node's own test runner: no npm packages.
test-js:
	node --test tests/js/

bench: $(STAMP) chromium
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(VENV)/bin/pytest tests/benchmarks -p no:cacheprovider -q -s

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The virtual environment is (re)installed only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=/path/to/python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Browser tests drive the system Chromium (never a downloaded one).
chromium:
	@if [ -x "$(CHROMIUM)" ] && fc-list 2>/dev/null | grep -qi -e liberation -e dejavu; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium and fonts for the browser tests..."; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM) and the Liberation or DejaVu fonts."; \
		echo "On Debian/Ubuntu, as root: apt-get install -y chromium fonts-liberation fonts-dejavu-core"; \
		echo "Elsewhere: install Chromium and run 'make test CHROMIUM=/path/to/chromium'."; \
		exit 1; \
	fi

# Refresh assets/vendor/plotly-geo.min.js to the plotly.js version the plotly package ships
# (needs npm and the npm registry; the result is committed, so nobody else needs either).
vendor-plotly: $(STAMP)
	@v=$$($(PY) -c 'from plotly.offline import get_plotlyjs_version as v; print(v())'); \
	tmp=$$(mktemp -d); \
	(cd $$tmp && npm pack --silent plotly.js-geo-dist-min@$$v >/dev/null && tar xzf *.tgz) && \
	cp $$tmp/package/plotly-geo.min.js assets/vendor/plotly-geo.min.js && \
	cp $$tmp/package/LICENSE assets/vendor/LICENSE-plotly.js.txt && \
	rm -rf $$tmp && echo "assets/vendor/plotly-geo.min.js is now plotly.js $$v"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
