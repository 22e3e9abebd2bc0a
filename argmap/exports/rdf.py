"""RDF serialisations of the graph (Turtle, N-Triples sorted, JSON-LD, RDF/XML) and the YAML debate file."""
from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from argmap.exports import Writer, register
from argmap.graph.debate_yaml import debate_to_yaml
from argmap.graph.rdf import rdf_to_debate, sorted_ntriples


def rdflib_writer(rdflib_format: str) -> Callable[[Graph], str]:
    """A writer that serialises with rdflib's serializer plugin named ``rdflib_format``."""

    def write(graph: Graph) -> str:
        return graph.serialize(format=rdflib_format)

    return write


register(Writer("turtle", ".ttl", rdflib_writer("turtle"), "RDF Turtle"))
register(Writer("nt", ".nt", sorted_ntriples, "RDF N-Triples, lines sorted (diffable)"))
register(Writer("jsonld", ".jsonld", rdflib_writer("json-ld"), "RDF JSON-LD"))
register(Writer("xml", ".rdf", rdflib_writer("xml"), "RDF/XML"))
register(Writer("yaml", ".yaml", lambda graph: debate_to_yaml(rdf_to_debate(graph)), "argmap debate file (one debate)"))
