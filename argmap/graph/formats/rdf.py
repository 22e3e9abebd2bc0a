"""RDF serialisations in and out: Turtle, N-Triples (written sorted), JSON-LD (with argmap's
context) and RDF/XML, each read and written with rdflib's parser and serializer plugins."""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from argmap.errors import InputError
from argmap.graph.formats._common import check_xml_entities, read_json_bytes
from argmap.graph.rdf import ID_BASE, debates_in, new_graph, sorted_ntriples
from argmap.ontology import resource

#: The kinds of item whose IRIs a JSON-LD export of one debate shortens to ``claims:<id>`` and the like.
ITEM_KINDS = ("source", "speaker", "issue", "claim", "locution", "relation", "transition", "camp")
INTEGER_TYPES = ("xsd:integer", "xsd:nonNegativeInteger")
#: Where argmap's JSON-LD context is published; a document naming it reads it from the package.
CONTEXT_URLS = ("https://w3id.org/argmap/context.jsonld", "http://w3id.org/argmap/context.jsonld")


def rdflib_reader(rdflib_format: str, check: Callable[[bytes, str], bytes] | None = None) -> Callable[[Path], Graph]:
    """A reader that parses an RDF serialisation with rdflib, reporting errors with the file name;
    ``check(data, path)`` first refuses (or rewrites) what rdflib must not see.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     broken = Path(tmp) / "broken.ttl"
    ...     _ = broken.write_text("@prefix am: <urn:x#> . am:a am:b", encoding="utf-8")
    ...     rdflib_reader("turtle")(broken)
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: ...broken.ttl...: cannot parse as turtle: ...
    """

    def read(path: Path) -> Graph:
        graph = new_graph()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
        if check is not None:
            data = check(data, str(path))
        try:
            graph.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
        except Exception as exc:  # rdflib raises many types; all mean "does not parse"
            line = getattr(exc, "lines", None) or getattr(exc, "line", None)
            message = " ".join(str(exc).split())
            raise InputError(str(path), f"cannot parse as {rdflib_format}: {message}", line=line if isinstance(line, int) else None) from None
        return graph

    return read


def rdflib_writer(rdflib_format: str) -> Callable[[Graph], str]:
    """A writer that serialises with rdflib's serializer plugin named ``rdflib_format``.

    Examples
    --------
    >>> from argmap import load
    >>> rdflib_writer("turtle")(load("tests/fixtures/mini.yaml")).startswith("@prefix am: <https://w3id.org/argmap/ns#> .")
    True
    """

    def write(graph: Graph) -> str:
        return graph.serialize(format=rdflib_format)

    return write


@lru_cache(maxsize=1)
def _published_context() -> str:
    return resource("context.jsonld")


def local_contexts(document: object, path: str) -> object:
    """``document`` with every ``@context`` (and ``@import``) that names a URL replaced by the
    context itself, so reading never fetches anything: argmap's own context
    (:data:`CONTEXT_URLS`) comes from the package; any other URL is an :class:`InputError`
    (embed that context in the file instead).

    >>> local_contexts({"@context": CONTEXT_URLS[0], "text": "x"}, "doc.jsonld")["@context"]["text"]
    'am:text'
    """
    if isinstance(document, list):
        return [local_contexts(item, path) for item in document]
    if not isinstance(document, dict):
        return document
    out = {}
    for key, value in document.items():
        if key in ("@context", "@import"):
            value = _local_context(value, path, key)
        out[key] = local_contexts(value, path)
    return out


def _local_context(value: object, path: str, key: str) -> object:
    if isinstance(value, list):
        return [_local_context(item, path, key) for item in value]
    if not isinstance(value, str):
        return value
    if value in CONTEXT_URLS:
        return jsonld_context() if key == "@context" else {k: v for k, v in jsonld_context().items() if k != "@version"}
    raise InputError(path, f"the context {value!r} is a URL, and argmap fetches nothing while reading: embed the context in the file "
                     f"(argmap's own, {CONTEXT_URLS[0]}, is known)", field=key)


def jsonld_context() -> dict:
    """argmap's JSON-LD context (``argmap/ontology/context.jsonld``): plain JSON keys for the vocabulary.

    Examples
    --------
    >>> context = jsonld_context()
    >>> context["Claim"], context["hasLocution"]
    ('am:Claim', {'@id': 'am:hasLocution', '@type': '@id', '@container': '@set'})
    """
    return json.loads(_published_context())["@context"]


def instance_prefixes(graph: Graph) -> dict[str, str]:
    """Prefixes that shorten instance IRIs: ``debates:`` always; ``claims:``, ``speakers:``… for a single debate.

    Examples
    --------
    >>> from argmap import load
    >>> instance_prefixes(load("tests/fixtures/mini.yaml"))["claims"]
    'https://w3id.org/argmap/id/mini/claim/'
    """
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

    Examples
    --------
    >>> import json
    >>> from argmap import load
    >>> document = json.loads(write_jsonld(load("tests/fixtures/mini.yaml")))
    >>> claim = next(n for n in document["@graph"] if n["id"] == "claims:ana-footfall")
    >>> claim["type"], claim["stance"], claim["order"]
    ('Claim', 'Pro', 0)
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


def _native_integer(value: object) -> object:
    """A whole number written as a string becomes a JSON number when that keeps its lexical form."""
    if isinstance(value, list):
        return [_native_integer(v) for v in value]
    if isinstance(value, str) and value.isdigit() and str(int(value)) == value:
        return int(value)
    return value


read_turtle = rdflib_reader("turtle")
read_nt = rdflib_reader("nt")
read_jsonld = rdflib_reader("json-ld", lambda data, path: json.dumps(local_contexts(read_json_bytes(data, path), path)).encode())
read_xml = rdflib_reader("xml", check_xml_entities)
write_turtle = rdflib_writer("turtle")
write_nt = sorted_ntriples
write_xml = rdflib_writer("xml")
