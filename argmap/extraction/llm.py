"""Bring your own model: ask any OpenAI-compatible chat endpoint for claim wording, stance and relation type.

Nothing is sent anywhere unless the caller gives a URL. Every request asks for an answer that follows
a JSON schema (``response_format: json_schema``, which llama.cpp, vLLM, Ollama and OpenAI honour);
an answer that is not JSON of that shape raises :class:`LLMError`, and the caller keeps its own
suggestion. The API key, when the endpoint wants one, comes from an environment variable.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from argmap.errors import ArgmapError

#: The environment variable the key is read from unless another is named.
KEY_VARIABLE = "ARGMAP_LLM_KEY"

STANCE_SCHEMA = {
    "type": "object",
    "properties": {"stance": {"type": "string", "enum": ["pro", "con"]}, "confidence": {"type": "number", "minimum": 0, "maximum": 1}},
    "required": ["stance", "confidence"],
}
RELATION_SCHEMA = {
    "type": "object",
    "properties": {"relation": {"type": "string", "enum": ["supports", "attacks", "unrelated"]}},
    "required": ["relation"],
}
WORDING_SCHEMA = {"type": "object", "properties": {"claim": {"type": "string", "minLength": 3}}, "required": ["claim"]}


class LLMError(ArgmapError):
    """The endpoint could not be reached or gave no answer of the asked shape."""


@dataclass(frozen=True)
class ChatModel:
    """An OpenAI-compatible chat completions endpoint (``url`` is its base, e.g. ``http://127.0.0.1:8080/v1``)."""

    url: str
    model: str
    api_key: str | None = None
    timeout: float = 300.0
    max_tokens: int = 120

    @classmethod
    def from_environment(cls, url: str, model: str, key_variable: str = KEY_VARIABLE) -> ChatModel:
        """A model whose API key (if any) is the value of the environment variable ``key_variable``."""
        return cls(url=url, model=model, api_key=os.environ.get(key_variable) or None)

    @property
    def endpoint(self) -> str:
        """The chat completions URL."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"

    def ask(self, instruction: str, question: str, schema: dict[str, Any], name: str) -> dict[str, Any]:
        """The model's answer to ``question`` as a JSON object that follows ``schema`` (checked for its required keys)."""
        body = {
            "model": self.model,
            "messages": [{"role": "system", "content": instruction}, {"role": "user", "content": question}],
            "temperature": 0,
            "max_tokens": self.max_tokens,
            "response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}},
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.endpoint, data=json.dumps(body).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply = json.load(response)
        except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError) as exc:
            raise LLMError(f"{self.endpoint}: {exc}") from None
        try:
            content = reply["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(f"{self.endpoint}: the answer is not JSON: {str(reply)[:200]}") from None
        return checked_answer(content, schema, self.endpoint)


def checked_answer(content: Any, schema: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A model's answer text ``content`` as the JSON object it must be: :class:`LLMError` (naming
    ``endpoint``) when it is not JSON, not an object, or lacks a key the ``schema`` requires.

    >>> checked_answer('{"relation": "attacks"}', RELATION_SCHEMA, "offline")
    {'relation': 'attacks'}
    >>> checked_answer('{"stance": "pro"}', STANCE_SCHEMA, "offline")
    Traceback (most recent call last):
    argmap.extraction.llm.LLMError: offline: the answer lacks ['stance', 'confidence']: {'stance': 'pro'}
    """
    try:
        answer = json.loads(content)
    except (TypeError, json.JSONDecodeError):
        raise LLMError(f"{endpoint}: the answer is not JSON: {str(content)[:200]}") from None
    if not isinstance(answer, dict) or any(key not in answer for key in schema["required"]):
        raise LLMError(f"{endpoint}: the answer lacks {schema['required']}: {str(answer)[:200]}")
    return answer


@dataclass(frozen=True)
class ReplayModel(ChatModel):
    """A stand-in for a chat endpoint that answers every question with the JSON text ``reply``, with no
    server: to try a pipeline offline (a dry run, a test, the examples here). Its answer is checked
    against the schema asked for, as a server's is (:func:`checked_answer`).

    >>> ReplayModel(reply='{"relation": "supports"}').ask("instruction", "question", RELATION_SCHEMA, "relation")
    {'relation': 'supports'}
    """

    url: str = "offline"
    model: str = "replay"
    reply: str = "{}"

    def ask(self, instruction: str, question: str, schema: dict[str, Any], name: str) -> dict[str, Any]:
        """The reply, checked against ``schema`` (the instruction and question are not read)."""
        return checked_answer(self.reply, schema, self.endpoint)


def ask_stance(model: ChatModel, issue: str, claim: str) -> tuple[str, float]:
    """The model's stance (``pro`` answers the issue's question with yes) on ``claim``, and how sure it
    is (the model's confidence clamped to [0, 1]; 0.5 when it gives no number).

    What is made of an answer, shown without a server (:class:`ReplayModel`):

    >>> ask_stance(ReplayModel(reply='{"stance": "con", "confidence": 1.4}'), "Should the city build the tram?", "The tram will cost us dearly.")
    ('con', 1.0)
    >>> ask_stance(ReplayModel(reply='{"stance": "maybe", "confidence": 0.5}'), "Should the city build the tram?", "Trams are fine.")
    Traceback (most recent call last):
    argmap.extraction.llm.LLMError: offline/chat/completions: stance 'maybe' is neither pro nor con
    """
    answer = model.ask(
        "You label the stance of claims in a debate. Answer pro if the claim supports answering yes to the question, con if no.",
        f"Question: {issue}\nClaim: {claim}", STANCE_SCHEMA, "stance",
    )
    if answer["stance"] not in ("pro", "con"):
        raise LLMError(f"{model.endpoint}: stance {answer['stance']!r} is neither pro nor con")
    confidence = answer["confidence"]
    return answer["stance"], min(1.0, max(0.0, float(confidence))) if isinstance(confidence, (int, float)) else 0.5


def ask_relation(model: ChatModel, source: str, target: str) -> str:
    """Whether claim ``source`` ``supports`` or ``attacks`` claim ``target``, or is ``unrelated`` to it.

    What is made of an answer, shown without a server (:class:`ReplayModel`):

    >>> ask_relation(ReplayModel(reply='{"relation": "attacks"}'), "The tram will cost us dearly.", "The city should build the tram.")
    'attacks'
    """
    answer = model.ask(
        "You map arguments. Say whether the first claim is a reason for the second (supports), a reason against it (attacks), or neither (unrelated).",
        f"First claim: {source}\nSecond claim: {target}", RELATION_SCHEMA, "relation",
    )
    if answer["relation"] not in ("supports", "attacks", "unrelated"):
        raise LLMError(f"{model.endpoint}: relation {answer['relation']!r} is not one of supports, attacks, unrelated")
    return str(answer["relation"])


def ask_wording(model: ChatModel, speaker: str, quote: str) -> str:
    """The quote rewritten as one self-contained claim in the third person (whitespace collapsed).

    What is made of an answer, shown without a server (:class:`ReplayModel`):

    >>> ask_wording(ReplayModel(reply='{"claim": " The tram  will cost the city   dearly. "}'), "Ann Lee", "It will cost us dearly.")
    'The tram will cost the city dearly.'
    """
    answer = model.ask(
        "You rewrite a quotation as one short, self-contained claim in plain words, in the third person, without the speaker's name.",
        f"{speaker} said: {quote}", WORDING_SCHEMA, "claim",
    )
    text = " ".join(str(answer["claim"]).split())
    if len(text) < 3:
        raise LLMError(f"{model.endpoint}: empty claim wording")
    return text
