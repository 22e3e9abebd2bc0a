"""RDF serialisations of the graph (Turtle, N-Triples sorted, JSON-LD, RDF/XML) and the YAML debate file."""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

from rdflib import Graph

from argmap.errors import ArgmapError
from argmap.exports import Writer, register
from argmap.graph.debate_yaml import debate_to_yaml
from argmap.graph.rdf import ID_BASE, debates_in, rdf_to_debate, sorted_ntriples
from argmap.ontology import resource

#: The kinds of item whose IRIs a JSON-LD export of one debate shortens to ``claims:<id>`` and the like.
ITEM_KINDS = ("source", "speaker", "issue", "claim", "locution", "relation", "transition", "camp")
INTEGER_TYPES = ("xsd:integer", "xsd:nonNegativeInteger")


def rdflib_writer(rdflib_format: str) -> Callable[[Graph], str]:
    """A writer that serialises with rdflib's serializer plugin named ``rdflib_format``."""

    def write(graph: Graph) -> str:
        return graph.serialize(format=rdflib_format)

    return write


@lru_cache(maxsize=1)
def _published_context() -> str:
    return resource("context.jsonld")


def jsonld_context() -> dict:
    """argmap's JSON-LD context (``argmap/ontology/context.jsonld``): plain JSON keys for the vocabulary."""
    return json.loads(_published_context())["@context"]


def instance_prefixes(graph: Graph) -> dict[str, str]:
    """Prefixes that shorten instance IRIs: ``debates:`` always; ``claims:``, ``speakers:``… for a single debate."""
    prefixes = {"debates": ID_BASE}
    debates = debates_in(graph)
    if len(debates) == 1:
        prefixes |= {f"{kind}s": f"{debates[0]}/{kind}/" for kind in ITEM_KINDS}
    return prefixes


def write_jsonld(graph: Graph) -> str:
    """The graph as JSON-LD that reads as plain JSON: compacted with argmap's context, which it embeds.

    Keys are the vocabulary's local names (``text``, ``hasLocution``, ``stance: "Pro"``), ids are
    short (``claims:ana-footfall``), whole numbers are JSON numbers, and nodes are sorted by id so
    the same graph gives the same text. The context is embedded, not linked, so the file parses
    offline and to exactly the graph it was written from.
    """
    context = jsonld_context() | instance_prefixes(graph)
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    integer_keys = {term for term, d in context.items() if isinstance(d, dict) and d.get("@type") in INTEGER_TYPES}
    nodes = document.get("@graph", [])
    for node in nodes if "@graph" in document else [document]:
        for key in integer_keys & node.keys():
            node[key] = _native_integer(node[key])
    document["@context"] = context
    if nodes:
        document["@graph"] = sorted(nodes, key=lambda n: str(n.get("id", "")))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_yaml(graph: Graph) -> str:
    """The graph's one debate as a debate file; an :class:`ArgmapError` says why when it cannot be one."""
    debates = debates_in(graph)
    if len(debates) != 1:
        ids = ", ".join(str(d).removeprefix(ID_BASE) for d in debates) or "none"
        raise ArgmapError(f"a debate file holds one debate; this graph holds {len(debates)} ({ids}): convert them one by one or choose an RDF format")
    try:
        return debate_to_yaml(rdf_to_debate(graph))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ArgmapError(f"cannot write this graph as a debate file ({exc}); `argmap validate` shows what it lacks") from None


def _native_integer(value: object) -> object:
    """A whole number written as a string becomes a JSON number when that keeps its lexical form."""
    if isinstance(value, list):
        return [_native_integer(v) for v in value]
    if isinstance(value, str) and value.isdigit() and str(int(value)) == value:
        return int(value)
    return value


register(Writer("turtle", ".ttl", rdflib_writer("turtle"), "RDF Turtle"))
register(Writer("nt", ".nt", sorted_ntriples, "RDF N-Triples, lines sorted (diffable)"))
register(Writer("jsonld", ".jsonld", write_jsonld, "RDF JSON-LD, compacted with argmap's context (plain JSON keys)"))
register(Writer("xml", ".rdf", rdflib_writer("xml"), "RDF/XML"))
register(Writer("yaml", ".yaml", write_yaml, "argmap debate file (one debate)"))
