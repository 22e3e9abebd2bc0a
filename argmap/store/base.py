"""What every store shares: the :class:`Store` interface, its errors and reports, and the
conversions between rdflib and pyoxigraph terms that both kinds of store (embedded, remote) use."""
from __future__ import annotations

import functools
import hashlib
import itertools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.query import Result

from argmap.errors import ArgmapError, QueryError
from argmap.graph.rdf import PREFIXES

if TYPE_CHECKING:
    from argmap.store.ingest import Input
    from argmap.store.results import SelectResult

#: argmap's prefixes (am:, rdf:, rdfs:, xsd:...) as name -> namespace IRI, pre-bound in every query.
PREFIX_IRIS = {name: str(namespace) for name, namespace in PREFIXES.items()}

Progress = Callable[[int], None]
#: What a query gives: a SELECT answer (:class:`~argmap.store.results.SelectResult` from a store,
#: an rdflib Result from a graph), or an rdflib Result for ASK, CONSTRUCT and DESCRIBE.
QueryResult = Union[Result, "SelectResult"]


T = TypeVar("T")


class ResultTooLarge(QueryError):
    """A query answer with more rows (or triples) than the caller's ``max_rows``."""

    def __init__(self, max_rows: int):
        super().__init__(f"the result has more than {max_rows} rows: add a LIMIT")
        self.max_rows = max_rows


def capped(items: Iterable[T], max_rows: int | None) -> list[T]:
    """The items of ``items``, read one at a time and never more than ``max_rows + 1`` of them
    (:class:`ResultTooLarge` when there are more than ``max_rows``).

    >>> capped(iter(range(3)), 3)
    [0, 1, 2]
    >>> capped(iter(range(4)), 3)
    Traceback (most recent call last):
    argmap.store.base.ResultTooLarge: the result has more than 3 rows: add a LIMIT
    """
    taken = list(items if max_rows is None else itertools.islice(items, max_rows + 1))
    if max_rows is not None and len(taken) > max_rows:
        raise ResultTooLarge(max_rows)
    return taken


class StoreError(ArgmapError):
    """A store that cannot be opened, read or written (not a problem of one input file)."""


@dataclass(frozen=True)
class Document:
    """One ingested document: the named graph it lives in, and how many triples that graph holds."""

    graph: str
    triples: int
    source: str | None = None


@dataclass
class IngestReport:
    """What one ingest did: graphs added, replaced and left as they were (unchanged)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples_before: int = 0
    triples_after: int = 0


class Store(ABC):
    """A place that holds documents as named graphs and answers SPARQL over their union."""

    location: str
    #: True where answering a triple pattern by one index lookup per row is slow (a store on disk),
    #: so that joining whole scans by hashing is faster: the sparql layer then runs named queries
    #: as their store plans (:mod:`argmap.sparql.plan`).
    lookups_are_costly: bool = False

    @abstractmethod
    def documents(self) -> list[Document]:
        """The documents held, by graph name."""

    @abstractmethod
    def ingest(self, inputs: list[Input], progress: Progress | None = None) -> IngestReport:
        """Put every input in its named graph, replacing what was there, in one transaction."""

    @abstractmethod
    def remove(self, graphs: list[str]) -> None:
        """Remove the named graphs ``graphs`` in one transaction."""

    @abstractmethod
    def query(self, text: str, bindings: Mapping[str, object] | None = None, where: str | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run SPARQL text (argmap's prefixes pre-bound) over the union graph, as it is given.
        ``bindings`` are appended as a VALUES block; ``where`` names the query's file in a syntax
        error; with ``max_rows``, an answer of more rows (or triples) raises :class:`ResultTooLarge`
        (the embedded store stops reading there)."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Apply a SPARQL 1.1 Update request (argmap's prefixes pre-bound) as one transaction."""

    def __len__(self) -> int:
        return first_number(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def union_graph(self) -> Graph:
        """Every triple of every document, as one rdflib graph (for analyses and exports)."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        if not isinstance(result, Result) or result.graph is None:
            raise StoreError(f"{self.location}: a CONSTRUCT query did not give a graph")
        return result.graph

    @property
    def generation(self) -> str:
        """A text that changes whenever the store's content changes (to know when something built
        from the store is stale): here a digest of its documents and their sizes."""
        return hashlib.sha256(repr([(d.graph, d.triples) for d in self.documents()]).encode("utf-8")).hexdigest()

    def close(self) -> None:
        """Release the store (files, locks); the object is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def first_number(result: QueryResult) -> int:
    """The number in the first cell of the first row of a SELECT answer (a COUNT), 0 if none."""
    for row in result:
        return int(str(cast(tuple[Any, ...], row)[0]))
    return 0


# --- terms ---------------------------------------------------------------------------------------

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = ox.NamedNode(str(XSD.string))


def to_rdflib(term: object, cache: dict[Any, Any] | None = None) -> URIRef | BNode | Literal | None:
    """An rdflib term for a pyoxigraph term (xsd:string literals become plain literals, as rdflib reads them).

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
    """A pyoxigraph term for an rdflib term (or a Python value, taken as a literal).

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
    language-tagged literal); other literals take rdflib's lexical normalisation (see :func:`to_rdflib`)."""
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
    """Properties of the argmap vocabulary whose declared ``rdfs:range`` is a type derived from xsd:integer."""
    from importlib.resources import files

    vocabulary = Graph().parse(data=files("argmap.ontology").joinpath("argmap.ttl").read_text(encoding="utf-8"), format="turtle")
    return {p: r for p, r in vocabulary.subject_objects(RDFS.range)
            if str(r) in DERIVED_INTEGERS and isinstance(p, URIRef) and isinstance(r, URIRef)}


def restore_datatypes(graph: Graph) -> Graph:
    """Give back their declared datatype to the integer values a store normalised to xsd:integer.

    Oxigraph 0.5 keeps the value of ``"5"^^xsd:nonNegativeInteger`` but not its datatype; for the
    properties of the argmap vocabulary (e.g. ``am:startOffset``) the range says what it was.
    """
    for predicate, datatype in integer_ranges().items():
        for s, o in list(graph.subject_objects(predicate)):
            if isinstance(o, Literal) and o.datatype == XSD.integer:
                graph.remove((s, predicate, o))
                graph.add((s, predicate, Literal(str(o), datatype=datatype)))
    return graph


# --- query text ----------------------------------------------------------------------------------

def prefixed(text: str) -> str:
    """``text`` with argmap's PREFIX declarations put before it on its first line (line numbers kept)."""
    return "".join(f"PREFIX {name}: <{iri}> " for name, iri in PREFIX_IRIS.items()) + text


def values_clause(bindings: Mapping[str, object] | None) -> str:
    """A trailing ``VALUES`` block that binds ``bindings`` (SPARQL 1.1 §10.2.2), or ''.

    >>> values_clause({"name": "Ada"})
    '\\nVALUES (?name) { ("Ada") }'
    """
    if not bindings:
        return ""
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(to_oxigraph(v if isinstance(v, (URIRef, BNode, Literal)) else Literal(v))) for v in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a SPARQL query (the first keyword outside comments and IRIs).

    >>> query_form("# a SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    """
    stripped = re.sub(r"<[^<>\s]*>|#[^\n]*", " ", text)
    match = _QUERY_FORM.search(stripped)
    return match.group(1).upper() if match else "SELECT"


def syntax_error(message: str, line: int | None, column: int | None, where: str | None = None) -> QueryError:
    """The error for a query that does not parse: ``[file:]line:column: the parser's message``."""
    place = f"{line}:{column}: " if line is not None else ""
    return QueryError(f"{where + ':' if where else 'query:'}{place}the query does not parse: {message}")


_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def oxigraph_syntax_error(exc: SyntaxError, where: str | None = None) -> QueryError:
    """A :class:`QueryError` from Oxigraph's SPARQL parser error ("error at LINE:COL: message")."""
    text = " ".join(str(exc.msg if exc.msg else exc).split())
    match = _OX_POSITION.match(text)
    if match:
        return syntax_error(match.group(3), int(match.group(1)), int(match.group(2)), where)
    return syntax_error(text, exc.lineno, exc.offset, where)
