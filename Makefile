# argmap: `make demo` builds the AI-in-Hollywood map, `make test` runs the tests.
# Both create and use a local virtualenv in .venv (Python 3.11+ is all a machine needs).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/hollywood-ai.yaml
OUT    := exports

.PHONY: demo test check browser bench clean

# Extra test setup from mk/*.mk: each fragment adds its target names to TEST_SETUP.
TEST_SETUP :=
-include mk/*.mk

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("argmap needs Python 3.11+, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/argmap analyze $(EXAMPLE) --top 5
	$(BIN)/argmap build $(EXAMPLE) -o $(OUT)/hollywood-ai.ttl
	$(BIN)/argmap map $(EXAMPLE) -o $(OUT)/hollywood-ai.html
	@echo
	@echo "The map is at $(CURDIR)/$(OUT)/hollywood-ai.html: open it in a browser (it works offline)."

# Debian packages the tests use: chromium drives the page tests (through Playwright; no browser
# is downloaded), graphviz renders the DOT export, npm installs the Argdown reference CLI
# (mk/argdown.mk). Installed with apt-get where it can run.
SYSTEM_PACKAGES := chromium:chromium graphviz:dot npm:npm
browser:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do command -v $${pair#*:} >/dev/null 2>&1 || missing="$$missing $${pair%%:*}"; done; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian packages for the tests:$$missing"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "not installed and apt-get not usable:$$missing; the tests that need them will be skipped"; fi

# Static checks first (style, import layers), then the tests and the doctests of the package.
check: $(VENV)/.test-installed
	$(BIN)/ruff check argmap tests bench docs
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(VENV)/.test-installed browser $(TEST_SETUP) check
	$(BIN)/python -m pytest -q -rs $(PYTEST_ARGS)

bench: $(VENV)/.test-installed
	@ls bench/*.py >/dev/null 2>&1 && for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
