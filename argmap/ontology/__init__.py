"""The argmap vocabulary (Turtle/OWL), SHACL shapes and named SPARQL queries, as package data.

>>> "am:Claim" in resource("argmap.ttl")
True
>>> from rdflib import RDFS, Literal
>>> graph = ontology_graph()
>>> curie(graph, next(graph.subjects(RDFS.label, Literal("Claim", lang="en"))))
'am:Claim'
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import Graph, URIRef


def resource(name: str) -> str:
    """The text of an ontology resource (e.g. ``argmap.ttl`` or ``queries/who-attacks-whom.rq``).

    >>> resource("queries/who-attacks-whom.rq").splitlines()[0]
    '# title: Who attacks whom'
    """
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    return Graph(bind_namespaces="none").parse(data=resource("argmap.ttl"), format="turtle")


def ontology_graph() -> Graph:
    """The argmap ontology (``argmap/ontology/argmap.ttl``) as a new rdflib graph, with the file's prefixes.

    Parsed once; each call returns a fresh copy, which the caller may change.

    >>> from rdflib import RDFS
    >>> graph = ontology_graph()
    >>> claim = graph.namespace_manager.expand_curie("am:Claim")
    >>> str(claim), str(graph.value(claim, RDFS.label))
    ('https://w3id.org/argmap/ns#Claim', 'Claim')
    """
    graph = Graph(bind_namespaces="none")
    shipped = _shipped_ontology()
    for prefix, namespace in shipped.namespaces():
        graph.bind(prefix, namespace)
    graph += shipped
    return graph


def curie(graph: Graph, iri: URIRef) -> str:
    """``iri`` shortened with the graph's prefixes (``am:Claim``), or the full IRI.

    >>> graph = ontology_graph()
    >>> curie(graph, URIRef("https://w3id.org/argmap/ns#stance")), curie(graph, URIRef("https://example.org/x"))
    ('am:stance', 'https://example.org/x')
    """
    try:
        return graph.namespace_manager.curie(iri, generate=False)
    except (ValueError, KeyError):
        return str(iri)
