"""Query answers of a store as argmap hands them on.

A SELECT answer is kept as the SPARQL results document the engine wrote (pyoxigraph's own
serializer, or the document a remote server sent): :class:`SelectResult`. Formats that are SPARQL
results documents (JSON, XML, CSV, TSV) are written from it by pyoxigraph's serializers; rows of
rdflib terms (``bindings``, iteration) and rows of texts (the table) are made only when asked for.
ASK, CONSTRUCT and DESCRIBE answers are rdflib :class:`~rdflib.query.Result` objects.
"""
from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result

from argmap.errors import QueryError
from argmap.graph.rdf import new_graph
from argmap.store.terms import is_plain, restore_datatypes, to_rdflib

T = TypeVar("T")


class ResultTooLarge(QueryError):
    """A query answer with more rows (or triples) than the caller's ``max_rows``."""

    def __init__(self, max_rows: int):
        super().__init__(f"the result has more than {max_rows} rows: add a LIMIT")
        self.max_rows = max_rows


def capped(items: Iterable[T], max_rows: int | None) -> list[T]:
    """Take the items of an iterable, refusing more than ``max_rows`` of them.

    The items are read one at a time and never more than ``max_rows + 1`` of them, so that a huge
    answer is never read whole.

    Parameters
    ----------
    items : iterable
        The items, e.g. the rows of an answer.
    max_rows : int or None
        The most items allowed; None for no limit.

    Returns
    -------
    list
        The items, in order.

    Raises
    ------
    ResultTooLarge
        When there are more than ``max_rows`` items.

    Examples
    --------
    >>> capped(iter(range(3)), 3)
    [0, 1, 2]
    >>> capped(iter(range(4)), 3)
    Traceback (most recent call last):
    argmap.store.results.ResultTooLarge: the result has more than 3 rows: add a LIMIT
    """
    taken = list(items if max_rows is None else itertools.islice(items, max_rows + 1))
    if max_rows is not None and len(taken) > max_rows:
        raise ResultTooLarge(max_rows)
    return taken


#: SPARQL results formats by argmap's result format name.
RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


class SelectResult:
    """The answer to a SELECT query, held as a SPARQL results document.

    ``document`` is in ``format`` (a :class:`pyoxigraph.QueryResultsFormat` that pyoxigraph can
    parse: TSV, JSON or XML). It offers what argmap reads of an rdflib SELECT result: ``type``,
    ``vars``, ``len()``, iteration over rows of rdflib terms, ``bindings``.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    >>> answer = SelectResult.of(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }"))
    >>> [str(v) for v in answer.vars], answer.texts()
    (['s', 'o'], [['http://example.org/a', 'x']])
    """

    type = "SELECT"

    def __init__(self, document: bytes, format: ox.QueryResultsFormat = ox.QueryResultsFormat.TSV):
        self.document = document
        self.format = format
        self._rows: list[tuple[Any, ...]] | None = None
        self._vars: list[Variable] | None = None
        self._converted: list[tuple[Any, ...]] | None = None

    @classmethod
    def of(cls, solutions: ox.QuerySolutions, max_rows: int | None = None) -> SelectResult:
        """The answer of pyoxigraph solutions, written as SPARQL TSV results (lossless, the fastest to
        write and read back); with ``max_rows``, writing stops at the first row past it
        (:class:`ResultTooLarge`), so a huge answer is never held whole."""
        if max_rows is None:
            return cls(_written(solutions, ox.QueryResultsFormat.TSV), ox.QueryResultsFormat.TSV)
        sink = _LineCap(max_rows + 1, max_rows)  # TSV: a header line, then one line per row
        solutions.serialize(sink, ox.QueryResultsFormat.TSV)
        return cls(sink.getvalue(), ox.QueryResultsFormat.TSV)

    def _solutions(self) -> ox.QuerySolutions:
        parsed = ox.parse_query_results(self.document, format=self.format)
        assert isinstance(parsed, ox.QuerySolutions), "a SELECT answer holds solutions"
        return parsed

    def _read(self) -> None:
        solutions = self._solutions()
        self._vars = [Variable(v.value) for v in solutions.variables]
        self._rows = [tuple(solution) for solution in solutions]

    @property
    def vars(self) -> list[Variable]:
        """The variables of the answer, in the order of the query's projection."""
        if self._vars is None:
            self._read()
        assert self._vars is not None
        return self._vars

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows as tuples of pyoxigraph terms (None where a variable is unbound)."""
        if self._rows is None:
            self._read()
        assert self._rows is not None
        return self._rows

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def rdflib_rows(self) -> list[tuple[Any, ...]]:
        """The rows as tuples of rdflib terms (made once, on first use)."""
        if self._converted is None:
            cache: dict[Any, Any] = {}
            self._converted = [tuple(to_rdflib(t, cache) for t in row) for row in self.rows]
        return self._converted

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        """Rows of rdflib terms; rows with no bound variable left out, as iterating an rdflib result does."""
        return (row for row in self.rdflib_rows() if any(t is not None for t in row))

    @property
    def bindings(self) -> list[dict[Variable, Any]]:
        """The rows as rdflib bindings (variable -> term, unbound variables left out)."""
        names = self.vars
        return [{v: t for v, t in zip(names, row) if t is not None} for row in self.rdflib_rows()]

    def texts(self) -> list[list[str]]:
        """Each row as the text of its cells ('' when unbound), as ``str()`` of the rdflib terms
        (IRIs and strings straight from pyoxigraph's terms); rows with no bound variable left out,
        as iterating an rdflib result does."""
        cache: dict[Any, Any] = {}
        out = []
        for row in self.rows:
            if all(t is None for t in row):
                continue
            out.append(["" if t is None else t.value if is_plain(t) else str(to_rdflib(t, cache)) for t in row])
        return out

    def serialize(self, format: str) -> bytes:
        """The answer as a SPARQL results document: ``json``, ``xml``, ``csv`` or ``tsv``, written by pyoxigraph."""
        target = RESULTS_FORMATS[format]
        if target == self.format:
            return self.document
        return _written(self._solutions(), target)


def _written(solutions: ox.QuerySolutions, format: ox.QueryResultsFormat) -> bytes:
    data = solutions.serialize(format=format)
    assert data is not None, "serialize() without a destination returns the bytes"
    return data


class _LineCap(io.BytesIO):
    """A byte buffer that refuses more than ``lines`` lines, raising :class:`ResultTooLarge` for an
    answer of more than ``max_rows``: a serializer writing an answer line by line into it stops there."""

    def __init__(self, lines: int, max_rows: int):
        super().__init__()
        self.lines, self.limit, self.max_rows = 0, lines, max_rows

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.lines += bytes(data).count(b"\n")
        if self.lines > self.limit:
            raise ResultTooLarge(self.max_rows)
        return super().write(data)


def graph_of(answer: ox.QueryTriples, max_rows: int | None = None) -> Graph:
    """The triples of a CONSTRUCT or DESCRIBE answer of pyoxigraph, as an rdflib graph (at most
    ``max_rows`` triples: :class:`ResultTooLarge` beyond), with the integer datatypes Oxigraph
    normalised given back (see :func:`~argmap.store.terms.restore_datatypes`).

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://example.org/ana"), ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal("Ana Ruiz")))
    >>> [str(o) for o in graph_of(store.query("CONSTRUCT WHERE { ?s ?p ?o }")).objects()]
    ['Ana Ruiz']
    >>> graph_of(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), max_rows=0)
    Traceback (most recent call last):
    ...
    argmap.store.results.ResultTooLarge: the result has more than 0 rows: add a LIMIT
    """
    graph = new_graph()
    if max_rows is None:
        data = answer.serialize(format=ox.RdfFormat.N_TRIPLES)
    else:
        sink = _LineCap(max_rows, max_rows)
        answer.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        data = sink.getvalue()
    graph.parse(data=data, format="nt")
    return restore_datatypes(graph)


def oxigraph_result(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, kind: str,
                    max_rows: int | None = None) -> Result | SelectResult:
    """Make argmap's result of a pyoxigraph query answer (SELECT, ASK or CONSTRUCT/DESCRIBE).

    Solutions become a :class:`SelectResult` (SPARQL TSV results), a boolean an rdflib ASK result,
    and triples an rdflib result of type ``kind`` whose graph has the integer datatypes Oxigraph
    normalised given back; an answer is of at most ``max_rows`` rows or triples.

    Parameters
    ----------
    answer : pyoxigraph.QuerySolutions or pyoxigraph.QueryBoolean or pyoxigraph.QueryTriples
        The answer of ``pyoxigraph.Store.query``.
    kind : str
        The query's form (:func:`~argmap.store.query_form`); for triples, ``"DESCRIBE"`` gives a
        DESCRIBE result and anything else a CONSTRUCT one.
    max_rows : int or None, optional
        The most rows (or triples) allowed; None for no limit.

    Returns
    -------
    rdflib.query.Result or SelectResult
        A :class:`SelectResult` for solutions, else an rdflib result.

    Raises
    ------
    ResultTooLarge
        When the answer has more than ``max_rows`` rows or triples.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://example.org/ana"), ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal("Ana Ruiz")))
    >>> oxigraph_result(store.query("SELECT ?who ?name WHERE { ?who ?p ?name }"), "SELECT").texts()
    [['https://example.org/ana', 'Ana Ruiz']]
    >>> oxigraph_result(store.query('ASK { ?who ?p "Ben Okafor" }'), "ASK").askAnswer
    False
    >>> answer = oxigraph_result(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), "CONSTRUCT")
    >>> answer.type, len(answer.graph)
    ('CONSTRUCT', 1)
    """
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QueryTriples):
        result = Result(kind if kind in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT")
        result.graph = graph_of(answer, max_rows)
        return result
    return SelectResult.of(answer, max_rows)
