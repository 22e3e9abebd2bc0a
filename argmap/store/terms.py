"""Terms between rdflib and pyoxigraph, as both kinds of store (embedded, remote) need them:
conversions both ways, and the integer datatypes Oxigraph normalises, given back.

>>> to_rdflib(ox.NamedNode("http://example.org/a"))
rdflib.term.URIRef('http://example.org/a')
"""
from __future__ import annotations

import functools
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from argmap.errors import StoreError

# --- terms ---------------------------------------------------------------------------------------

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = ox.NamedNode(str(XSD.string))


def to_rdflib(term: object, cache: dict[Any, Any] | None = None) -> URIRef | BNode | Literal | None:
    """Convert a pyoxigraph term to an rdflib term.

    IRIs become ``URIRef``, blank nodes ``BNode`` and literals ``Literal`` with their language or
    datatype; xsd:string literals become plain literals, as rdflib reads them.

    Parameters
    ----------
    term : object
        A pyoxigraph ``NamedNode``, ``BlankNode`` or ``Literal``, or None (an unbound variable).
    cache : dict or None, optional
        Terms already converted, by pyoxigraph term; filled with this one (to convert the many
        repeats of an answer once).

    Returns
    -------
    rdflib.URIRef or rdflib.BNode or rdflib.Literal or None
        The rdflib term, or None for None.

    Raises
    ------
    StoreError
        When ``term`` is of another kind (e.g. an RDF-star triple term).

    See Also
    --------
    to_oxigraph : The conversion the other way.

    Examples
    --------
    >>> to_rdflib(None) is None
    True
    >>> to_rdflib(ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).toPython()
    5
    """
    if term is None:
        return None
    if cache is not None and term in cache:
        return cache[term]
    value: URIRef | BNode | Literal
    if isinstance(term, ox.NamedNode):
        value = URIRef(term.value)
    elif isinstance(term, ox.BlankNode):
        value = BNode(term.value)
    elif isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            value = Literal(term.value, lang=term.language)
        elif datatype == str(XSD.string):
            value = Literal(term.value)
        else:
            value = Literal(term.value, datatype=URIRef(datatype))
    else:
        raise StoreError(f"unsupported RDF term in a result: {term!r}")
    if cache is not None:
        cache[term] = value
    return value


def to_oxigraph(value: object) -> OxTerm:
    """Convert an rdflib term, or a Python value, to a pyoxigraph term.

    A value that is not an rdflib term is taken as the rdflib ``Literal`` of it; literals keep
    their language or datatype.

    Parameters
    ----------
    value : object
        An rdflib ``URIRef``, ``BNode`` or ``Literal``, or any Python value rdflib makes a literal of.

    Returns
    -------
    pyoxigraph.NamedNode or pyoxigraph.BlankNode or pyoxigraph.Literal
        The pyoxigraph term.

    See Also
    --------
    to_rdflib : The conversion the other way.

    Examples
    --------
    >>> str(to_oxigraph(5))
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> str(to_oxigraph(URIRef("http://example.org/a")))
    '<http://example.org/a>'
    """
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if not isinstance(value, Literal):
        value = Literal(value)
    if value.language:
        return ox.Literal(str(value), language=value.language)
    if value.datatype is not None:
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
    return ox.Literal(str(value))


def is_plain(term: object) -> bool:
    """True for a pyoxigraph term whose rdflib text is its ``value`` (IRI, blank node, string or
    language-tagged literal); other literals take rdflib's lexical normalisation (see :func:`to_rdflib`).

    >>> is_plain(ox.Literal("Ana Ruiz")), is_plain(ox.NamedNode("https://example.org/ana"))
    (True, True)
    >>> is_plain(ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    False
    """
    kind = type(term)
    if kind is ox.Literal:
        assert isinstance(term, ox.Literal)
        return term.language is not None or term.datatype == _XSD_STRING
    return kind is ox.NamedNode or kind is ox.BlankNode


#: XSD types derived from xsd:integer, which Oxigraph 0.5 stores as plain xsd:integer.
DERIVED_INTEGERS = frozenset(str(XSD[n]) for n in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


@functools.cache
def integer_ranges() -> dict[URIRef, URIRef]:
    """Properties of the argmap vocabulary (read from ``argmap.ttl``) whose declared ``rdfs:range``
    is one of the built-in types derived from xsd:integer (W3C XML Schema 1.1 Part 2: Datatypes).

    >>> sorted((p.fragment, r.fragment) for p, r in integer_ranges().items())
    [('endOffset', 'nonNegativeInteger'), ('startOffset', 'nonNegativeInteger')]
    """
    from importlib.resources import files

    vocabulary = Graph().parse(data=files("argmap.ontology").joinpath("argmap.ttl").read_text(encoding="utf-8"), format="turtle")
    return {p: r for p, r in vocabulary.subject_objects(RDFS.range)
            if str(r) in DERIVED_INTEGERS and isinstance(p, URIRef) and isinstance(r, URIRef)}


def restore_datatypes(graph: Graph) -> Graph:
    """Give back their declared datatype to the integer values a store normalised to xsd:integer.

    Oxigraph 0.5 keeps the value of ``"5"^^xsd:nonNegativeInteger`` but not its datatype; for the
    properties of the argmap vocabulary (e.g. ``am:startOffset``) the range says what it was
    (:func:`integer_ranges`).

    Parameters
    ----------
    graph : rdflib.Graph
        A graph read from a store; changed in place.

    Returns
    -------
    rdflib.Graph
        ``graph`` itself, its xsd:integer values of those properties typed as their range says.

    Examples
    --------
    >>> from argmap.graph.rdf import AM
    >>> quote = URIRef("https://example.org/quote")
    >>> graph = Graph()
    >>> _ = graph.add((quote, AM.startOffset, Literal(5)))
    >>> graph.value(quote, AM.startOffset).datatype == XSD.integer
    True
    >>> restore_datatypes(graph).value(quote, AM.startOffset).datatype == XSD.nonNegativeInteger
    True
    """
    for predicate, datatype in integer_ranges().items():
        for s, o in list(graph.subject_objects(predicate)):
            if isinstance(o, Literal) and o.datatype == XSD.integer:
                graph.remove((s, predicate, o))
                graph.add((s, predicate, Literal(str(o), datatype=datatype)))
    return graph


# --- query text ----------------------------------------------------------------------------------
