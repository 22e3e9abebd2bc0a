"""What every store shares: the :class:`Store` interface, the inputs it ingests and the reports it
gives, and the query-text helpers (prefixes, VALUES blocks, syntax errors) of both kinds of store."""
from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from argmap.errors import QueryError, StoreError
from argmap.graph.rdf import PREFIXES
from argmap.store.terms import to_oxigraph

if TYPE_CHECKING:
    from argmap.store.results import SelectResult

#: argmap's prefixes (am:, rdf:, rdfs:, xsd:...) as name -> namespace IRI, pre-bound in every query.
PREFIX_IRIS = {name: str(namespace) for name, namespace in PREFIXES.items()}

Progress = Callable[[int], None]
#: What a query gives: a SELECT answer (:class:`~argmap.store.results.SelectResult` from a store,
#: an rdflib Result from a graph), or an rdflib Result for ASK, CONSTRUCT and DESCRIBE.
QueryResult = Union[Result, "SelectResult"]


#: Formats Oxigraph parses itself (bulk-loaded without an argmap reader), by argmap's format name.
NATIVE_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML}


@dataclass(frozen=True)
class Input:
    """A file to ingest, resolved: its named graph, its reader and a digest of its bytes and format."""

    path: Path
    graph: str
    reader: str
    digest: str
    size: int

    @property
    def native(self) -> ox.RdfFormat | None:
        """The Oxigraph format to bulk-load the file with, or None when it goes through its reader."""
        return NATIVE_FORMATS.get(self.reader)

    @property
    def base_iri(self) -> str:
        return self.path.resolve().as_uri()


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
    #: True where SELECT answers are kept until the store's content changes (a store on disk keeps
    #: them per generation, and saves them for the next process): answering a query once, right
    #: after a change, makes it fast from then on (:func:`argmap.sparql.prepare_answers`).
    keeps_answers: bool = False

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
    """The number in the first cell of the first row of a SELECT answer (a COUNT), 0 if none.

    >>> from argmap.store import ingest, open_store
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     first_number(store.query("SELECT (COUNT(?claim) AS ?n) WHERE { ?claim a am:Claim }"))
    ...     first_number(store.query("SELECT ?n WHERE { ?n a am:NoSuchClass }"))
    5
    0
    """
    for row in result:
        return int(str(cast(tuple[Any, ...], row)[0]))
    return 0


def prefixed(text: str) -> str:
    """Put argmap's PREFIX declarations before a SPARQL text, keeping its line numbers.

    Every prefix of :data:`PREFIX_IRIS` (am:, rdf:, rdfs:, xsd:...) is declared on the text's first
    line, so that a parser's line numbers are still those of the text as written.

    Parameters
    ----------
    text : str
        A SPARQL query or update.

    Returns
    -------
    str
        ``text`` with argmap's PREFIX declarations put before it on its first line.

    See Also
    --------
    values_clause : The VALUES block that binds a query's parameters.

    Examples
    --------
    >>> text = prefixed("SELECT ?claim WHERE {\\n  ?claim a am:Claim }")
    >>> text.split(" PREFIX ")[0]
    'PREFIX am: <https://w3id.org/argmap/ns#>'
    >>> text.splitlines()[1]
    '  ?claim a am:Claim }'
    """
    return "".join(f"PREFIX {name}: <{iri}> " for name, iri in PREFIX_IRIS.items()) + text


def values_clause(bindings: Mapping[str, object] | None) -> str:
    """Write the trailing ``VALUES`` block that binds a query's parameters.

    One row binds each name of ``bindings`` to its value (SPARQL 1.1 §10.2.2 "VALUES"): an rdflib
    term as it is, any other Python value as the rdflib ``Literal`` of it.

    Parameters
    ----------
    bindings : Mapping of str to object, or None
        Variable names (without ``?``) and the values they are bound to.

    Returns
    -------
    str
        The ``VALUES`` block, on a line of its own, or ``''`` when there are no bindings.

    See Also
    --------
    prefixed : Argmap's PREFIX declarations put before a query.

    Examples
    --------
    >>> values_clause(None)
    ''
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
    """Tell the form of a SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE.

    The form is the first of those keywords outside comments and IRIs; a text with none of them is
    taken as a SELECT.

    Parameters
    ----------
    text : str
        A SPARQL query.

    Returns
    -------
    str
        ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Examples
    --------
    >>> query_form("# a SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    """
    stripped = re.sub(r"<[^<>\s]*>|#[^\n]*", " ", text)
    match = _QUERY_FORM.search(stripped)
    return match.group(1).upper() if match else "SELECT"


def syntax_error(message: str, line: int | None, column: int | None, where: str | None = None) -> QueryError:
    """Make the error for a query that does not parse.

    Its message is ``[file:]line:column: the query does not parse: the parser's message``, the
    position left out when it is not known.

    Parameters
    ----------
    message : str
        The parser's message.
    line : int or None
        The line where the parser stopped, or None when not known.
    column : int or None
        The column where the parser stopped (shown with ``line`` only).
    where : str or None, optional
        The name of the query's file; ``query`` by default.

    Returns
    -------
    QueryError
        The error (returned, not raised).

    See Also
    --------
    oxigraph_syntax_error : The same error from Oxigraph's parser error.

    Examples
    --------
    >>> print(syntax_error("expected '}'", 2, 14, "claims.rq"))
    claims.rq:2:14: the query does not parse: expected '}'
    >>> print(syntax_error("expected '}'", 1, 8))
    query:1:8: the query does not parse: expected '}'
    >>> print(syntax_error("unexpected end", None, None))
    query: the query does not parse: unexpected end
    """
    place = f":{line}:{column}" if line is not None else ""
    return QueryError(f"{where or 'query'}{place}: the query does not parse: {message}")


_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def oxigraph_syntax_error(exc: SyntaxError, where: str | None = None) -> QueryError:
    """Make a :class:`~argmap.errors.QueryError` from Oxigraph's SPARQL parser error.

    Oxigraph says ``error at LINE:COL: message``; that position becomes the error's, else the
    ``lineno`` and ``offset`` of the exception are used (see :func:`syntax_error`).

    Parameters
    ----------
    exc : SyntaxError
        The error pyoxigraph raised for a query that does not parse.
    where : str or None, optional
        The name of the query's file; ``query`` by default.

    Returns
    -------
    QueryError
        The error (returned, not raised), its message ``[file:]line:column: the query does not parse: ...``.

    See Also
    --------
    syntax_error : The error made from a message and a position.

    Examples
    --------
    >>> try:
    ...     ox.Store().query("SELECT ?claim\\nWHERE { ?claim ?p ?o } LIMIT ten")
    ... except SyntaxError as exc:
    ...     error = oxigraph_syntax_error(exc, "claims.rq")
    >>> str(error).split(": expected")[0]  # line 2, column 30: where "ten" starts
    'claims.rq:2:30: the query does not parse'
    """
    text = " ".join(str(exc.msg if exc.msg else exc).split())
    match = _OX_POSITION.match(text)
    if match:
        return syntax_error(match.group(3), int(match.group(1)), int(match.group(2)), where)
    return syntax_error(text, exc.lineno, exc.offset, where)
