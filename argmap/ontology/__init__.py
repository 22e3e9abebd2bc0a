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
    """The text of an ontology resource (e.g. ``argmap.ttl`` or ``queries/who-attacks-whom.rq``)."""
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    return Graph(bind_namespaces="none").parse(data=resource("argmap.ttl"), format="turtle")


def ontology_graph() -> Graph:
    """The argmap ontology (``argmap/ontology/argmap.ttl``) as a new rdflib graph, with the file's prefixes."""
    graph = Graph(bind_namespaces="none")
    shipped = _shipped_ontology()
    for prefix, namespace in shipped.namespaces():
        graph.bind(prefix, namespace)
    graph += shipped
    return graph


def curie(graph: Graph, iri: URIRef) -> str:
    """``iri`` shortened with the graph's prefixes (``am:Claim``), or the full IRI."""
    try:
        return graph.namespace_manager.curie(iri, generate=False)
    except (ValueError, KeyError):
        return str(iri)
