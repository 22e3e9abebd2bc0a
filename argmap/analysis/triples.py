"""What the analysis reads of a debate graph, from an rdflib graph or straight from a store.

The analysis needs only a few projections of the RDF: the (subject, object) pairs of some
predicates and the instances of some classes. :class:`GraphTriples` reads them from an rdflib
graph; :class:`StoreTriples` asks a store (:mod:`argmap.store`) for them by SPARQL, one small
SELECT each, so a whole corpus is analysed without copying every triple of it into rdflib (on all
of QT30, reading the store back into rdflib took 80 % of ``argmap analyze``).

>>> from pathlib import Path
>>> from argmap.graph.formats import read_files
>>> from argmap.graph.rdf import AM
>>> triples = triples_of(read_files([Path("tests/fixtures/mini.yaml")]))
>>> len(set(triples.instances(AM.Claim)))
5
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Protocol, TypeVar, cast, runtime_checkable

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node

from argmap.errors import StoreError
from argmap.store import SelectResult, Store

T = TypeVar("T")


@runtime_checkable
class Triples(Protocol):
    """The projections of an RDF graph that the analysis reads."""

    def pairs(self, predicate: URIRef) -> Iterable[tuple[Node, Node]]:
        """Every (subject, object) with ``subject predicate object``."""
        ...

    def instances(self, cls: URIRef) -> Iterable[Node]:
        """Every subject of ``rdf:type cls`` (once each)."""
        ...


class _KeptProjections:
    """Projections read once each and kept for the life of the object (one analysis): the text
    column that the argument graph and the labeller both read is built once."""

    def __init__(self) -> None:
        self._pairs: dict[URIRef, list[tuple[Node, Node]]] = {}
        self._instances: dict[URIRef, set[Node]] = {}
        self.derived: dict[Hashable, object] = {}
        """What is computed from these projections and read by more than one step (see :func:`kept`)."""

    def _read_pairs(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        raise NotImplementedError

    def _read_instances(self, cls: URIRef) -> set[Node]:
        raise NotImplementedError

    def pairs(self, predicate: URIRef) -> Iterable[tuple[Node, Node]]:
        if predicate not in self._pairs:
            self._pairs[predicate] = self._read_pairs(predicate)
        return self._pairs[predicate]

    def instances(self, cls: URIRef) -> Iterable[Node]:
        if cls not in self._instances:
            self._instances[cls] = self._read_instances(cls)
        return self._instances[cls]


class GraphTriples(_KeptProjections):
    """The projections of an rdflib graph (read when the analysis asks: the graph must not change
    meanwhile)."""

    def __init__(self, graph: Graph):
        super().__init__()
        self.graph = graph

    def _read_pairs(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        return list(self.graph.subject_objects(predicate))

    def _read_instances(self, cls: URIRef) -> set[Node]:
        return set(self.graph.subjects(RDF.type, cls))


def _term(term: object) -> Node:
    """A pyoxigraph term as the analysis uses it: IRIs and blank nodes as rdflib terms, a literal
    as its text (the analysis only ever reads a literal's text), several times faster than an
    rdflib term for every cell of a corpus."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return cast(Node, term.value if isinstance(term, ox.Literal) else term)


class StoreTriples(_KeptProjections):
    """The projections of a store's union graph, each asked once by SPARQL and kept.

    A SELECT answer of a store is a SPARQL results document (:class:`~argmap.store.SelectResult`,
    whether the store is embedded or remote); its rows are read as pyoxigraph terms and turned
    into what the analysis needs by :func:`_term`.
    """

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def _rows(self, text: str) -> list[tuple[Node, ...]]:
        answer = self.store.query(text)
        if not isinstance(answer, SelectResult):
            raise StoreError(f"{self.store.location}: a SELECT query did not give solutions")
        return [tuple(_term(term) for term in row) for row in answer.rows]

    def _read_pairs(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        return [(s, o) for s, o in self._rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}")]

    def _read_instances(self, cls: URIRef) -> set[Node]:
        return {row[0] for row in self._rows(f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }}")}


Source = Graph | Store | Triples


def triples_of(source: Source) -> Triples:
    """The projections of ``source``: an rdflib graph, a store, or projections already.

    An rdflib graph is read by :class:`GraphTriples`, a store by :class:`StoreTriples` (one
    SPARQL SELECT per projection, asked when first read); projections are returned as they are,
    so that the steps of one analysis share what they have read. Nothing is read here.

    Parameters
    ----------
    source : rdflib.Graph or argmap.store.Store or Triples
        The debates.

    Returns
    -------
    Triples
        A new :class:`GraphTriples` or :class:`StoreTriples`, or ``source`` itself when it is
        projections already.

    Examples
    --------
    >>> isinstance(triples_of(Graph()), GraphTriples)
    True
    >>> triples = triples_of(Graph())
    >>> triples_of(triples) is triples
    True
    """
    if isinstance(source, Graph):
        return GraphTriples(source)
    if isinstance(source, Store):
        return StoreTriples(source)
    return source


def kept(source: Source, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, kept with the projections of ``source`` under ``key`` when they keep derived
    results (``derived``, as :class:`GraphTriples` and :class:`StoreTriples` do), so the steps of one
    analysis and map that share the projections compute it once. The result must not be changed.

    >>> triples = GraphTriples(Graph())
    >>> kept(triples, "n", lambda: [1]) is kept(triples, "n", lambda: [2])
    True
    """
    derived = getattr(source, "derived", None)
    if not isinstance(derived, dict):
        return compute()
    if key not in derived:
        derived[key] = compute()
    return cast(T, derived[key])


def column(triples: Triples, predicate: URIRef) -> dict[Node, Node]:
    """``predicate`` as a mapping subject -> object (one object per subject: the last one read).

    >>> from pathlib import Path
    >>> from rdflib import RDFS
    >>> from argmap.graph.formats import read_files
    >>> label = column(triples_of(read_files([Path("tests/fixtures/mini.yaml")])), RDFS.label)
    >>> str(label[URIRef("https://w3id.org/argmap/id/mini/speaker/ana")])
    'Ana Ruiz'
    """
    return dict(triples.pairs(predicate))
