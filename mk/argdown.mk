# The Argdown reference implementation, for the tests that compare argmap's Argdown reader and
# writer with it (tests/test_formats_argdown.py). Idempotent: nothing to do once installed.
# Needs npm; without it the tests that need the CLI are skipped with a reason.
ARGDOWN_CLI := .cache/argdown/node_modules/.bin/argdown
TEST_SETUP += argdown-cli

.PHONY: argdown-cli
argdown-cli:
	@if [ -x $(ARGDOWN_CLI) ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
		echo "installing @argdown/cli 1.7.5 into .cache/argdown for the Argdown tests"; \
		npm install --silent --no-audit --no-fund --prefix .cache/argdown @argdown/cli@1.7.5 >/dev/null || echo "npm install @argdown/cli failed: Argdown reference tests will be skipped"; \
	else echo "npm not found: Argdown reference tests will be skipped"; fi
