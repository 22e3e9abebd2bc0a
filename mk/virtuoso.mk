# Virtuoso 7 (Debian virtuoso-opensource), for the remote-store tests (tests/test_store_remote.py),
# which start their own instance on loopback with a temporary database and stop it. Idempotent:
# nothing to do once installed. Without apt-get (or root) the tests are skipped with a reason.
TEST_SETUP += virtuoso

.PHONY: virtuoso
virtuoso:
	@if command -v virtuoso-t >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing virtuoso-opensource for the remote-store tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource >/dev/null || echo "apt-get install virtuoso-opensource failed: Virtuoso tests will be skipped"; \
	else echo "apt-get (as root) not available: Virtuoso tests will be skipped"; fi
