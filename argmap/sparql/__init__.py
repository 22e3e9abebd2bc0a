"""SPARQL over a debate graph or a store: named queries shipped as ``.rq`` files, argmap's prefixes
pre-bound, and results as an aligned table, CSV, TSV or SPARQL 1.1 JSON/XML results (Turtle,
N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE).

Which text a store runs is chosen here: a named query, unbound, on a store whose index lookups are
costly runs as its store plan (:mod:`argmap.sparql.plan`), derived from the query's one text.
"""
from __future__ import annotations

import csv
import functools
import io
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import cast

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result, ResultRow

from argmap.errors import QueryError
from argmap.graph.rdf import PREFIXES
from argmap.io import spreadsheet_cell
from argmap.sparql.plan import query_variables, store_plan
from argmap.store import OxigraphStore, QueryResult, ResultTooLarge, SelectResult, Store, load, syntax_error

QUERY_FOLDER = files("argmap.ontology").joinpath("queries")
_HEADER = re.compile(r"^#\s*(title|description):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with argmap: its name (file stem), title, one-line description and text."""

    name: str
    title: str
    description: str
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """All named queries shipped in ``argmap/ontology/queries``, by name, each with the title and
    description read from its ``# title:`` and ``# description:`` header comments.

    >>> queries = named_queries()
    >>> sorted(queries)[:3]
    ['attacks', 'claims-by-speaker', 'claims-on-issue']
    >>> queries["debates"].title
    'Debates'
    """
    found: dict[str, NamedQuery] = {}
    for entry in sorted(QUERY_FOLDER.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        header: dict[str, str] = {m.group(1): m.group(2) for line in text.splitlines() if (m := _HEADER.match(line))}
        name = entry.name[:-3]
        found[name] = NamedQuery(name, header.get("title", name), header.get("description", ""), text)
    return found


def query_text(name_or_text: str) -> str:
    """The SPARQL text of a named query, or ``name_or_text`` itself when it is not a name (a
    :class:`QueryError` listing the known names when it looks like a name but is none).

    >>> query_text("debates").splitlines()[0]
    '# title: Debates'
    >>> query_text("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> query_text("debtes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmap.errors.QueryError: no named query 'debtes' (known: attacks, claims-by-speaker, ...)
    """
    queries = named_queries()
    if name_or_text in queries:
        return queries[name_or_text].text
    if re.fullmatch(r"[a-z0-9-]+", name_or_text.strip()):
        raise QueryError(f"no named query '{name_or_text}' (known: {', '.join(queries)})")
    return name_or_text


def read_query_file(path: str | Path) -> str:
    """The SPARQL text of a ``.rq`` file (a :class:`QueryError` naming the file if it cannot be read).

    >>> read_query_file("argmap/ontology/queries/attacks.rq").splitlines()[0]
    '# title: Attacks'
    >>> read_query_file("no/such.rq")
    Traceback (most recent call last):
    ...
    argmap.errors.QueryError: no/such.rq: cannot read the query file: No such file or directory
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query file: {getattr(exc, 'strerror', None) or exc}") from None


_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):([\w.-]*)$")


def parse_binding(value: str) -> URIRef | Literal:
    """The RDF term a ``--bind name=value`` value stands for: ``<iri>`` or a pre-bound prefixed name
    (``am:Attack``) is an IRI; anything else is a plain string literal.

    >>> parse_binding("am:Attack")
    rdflib.term.URIRef('https://w3id.org/argmap/ns#Attack')
    >>> parse_binding("<https://example.org/ana>")
    rdflib.term.URIRef('https://example.org/ana')
    >>> parse_binding("Ana Ruiz")
    rdflib.term.Literal('Ana Ruiz')
    """
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    match = _PREFIXED.match(value)
    if match and match.group(1) in PREFIXES:
        return URIRef(str(PREFIXES[match.group(1)]) + match.group(2))
    return Literal(value)


def parse_bindings(pairs: list[str] | tuple[str, ...]) -> dict[str, URIRef | Literal]:
    """``NAME=VALUE`` strings as query bindings (see :func:`parse_binding`); a leading ``?`` or
    ``$`` on the name is dropped, and a string that is not ``NAME=VALUE`` is a :class:`QueryError`.

    >>> parse_bindings(["name=Ana Ruiz", "?kind=am:Attack"])
    {'name': rdflib.term.Literal('Ana Ruiz'), 'kind': rdflib.term.URIRef('https://w3id.org/argmap/ns#Attack')}
    """
    bindings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"'{pair}' is not NAME=VALUE")
        bindings[name] = parse_binding(value)
    return bindings


#: Tokens of SPARQL text inside which a keyword is not one: long and short strings, IRIs
#: (SPARQL 1.1 grammar IRIREF), comments, and backslash escapes of local names (``am:a\'b``).
_INERT = re.compile(r"""'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n\r]*|\\.""", re.DOTALL)
_FETCHING = re.compile(r"(?<![\w:?$\\-])(SERVICE|LOAD|FROM)(?![\w:.-])", re.IGNORECASE)


def fetching_keywords(text: str) -> list[str]:
    """The keywords of ``text`` that make a SPARQL engine fetch a URL: ``SERVICE`` (federated
    query), ``LOAD`` (update) and ``FROM`` (rdflib loads the graphs a dataset clause names), in
    upper case and in order, skipping strings, IRIs, comments and names (``?service``, ``am:load``).

    >>> fetching_keywords("SELECT ?service WHERE { SERVICE <http://example.org/sparql> { ?s ?p 'LOAD' } } # FROM")
    ['SERVICE']
    """
    return [m.group(1).upper() for m in _FETCHING.finditer(_INERT.sub(" ", text))]


def refuse_fetching(text: str, allowed: bool = False, keywords: tuple[str, ...] = ("SERVICE", "LOAD")) -> None:
    """Raise :class:`QueryError` when ``text`` uses one of ``keywords`` (see
    :func:`fetching_keywords`) and fetching was not ``allowed``: a query must not make argmap
    reach out to a URL unless the user asked for it (``--allow-service``).

    >>> refuse_fetching("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    argmap.errors.QueryError: SERVICE fetches a URL, which is refused unless allowed (--allow-service): nothing was fetched
    >>> refuse_fetching("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", allowed=True)
    """
    found = [k for k in fetching_keywords(text) if k in keywords]
    if found and not allowed:
        raise QueryError(f"{found[0]} fetches a URL, which is refused unless allowed (--allow-service): nothing was fetched")


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@functools.cache
def _named_texts() -> frozenset[str]:
    return frozenset(_normalised(q.text) for q in named_queries().values())


def is_named_query(text: str) -> bool:
    """True when ``text`` is the text of a named query (line endings and outer white space aside,
    as a browser's form sends it back).

    >>> is_named_query(query_text("debates").replace("\\n", "\\r\\n") + "\\r\\n")
    True
    >>> is_named_query("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    return _normalised(text) in _named_texts()


def check_bindings(text: str, bindings: Mapping[str, object] | None) -> None:
    """Raise :class:`QueryError` naming a bound variable that ``text`` does not mention, and the
    variables it does (a misspelt ``--bind`` would otherwise be silently ignored).

    >>> check_bindings("SELECT ?name WHERE { ?s rdfs:label ?name }", {"nmae": "Ada"})
    Traceback (most recent call last):
    ...
    argmap.errors.QueryError: --bind nmae: the query has no variable ?nmae (its variables: ?name, ?s)
    """
    if not bindings:
        return
    known = query_variables(text)
    for name in bindings:
        if name not in known:
            listed = ", ".join(f"?{v}" for v in known) or "none"
            raise QueryError(f"--bind {name}: the query has no variable ?{name} (its variables: {listed})")


def run_query(graph: Graph | Store, query: str, bindings: Mapping[str, object] | None = None, where: str | None = None,
              max_rows: int | None = None, allow_service: bool = False) -> QueryResult:
    """Run a named query or SPARQL text on an rdflib graph or a store, argmap's prefixes pre-bound.

    ``bindings`` maps variable names (without ``?``) to values, as SPARQL initial bindings; a name
    the query does not have is a :class:`QueryError`. ``SERVICE`` and ``LOAD`` (and, on an rdflib
    graph, ``FROM``, which rdflib fetches) are refused unless ``allow_service`` (see
    :func:`refuse_fetching`). On a store whose lookups are costly (on disk) an unbound named query
    runs as its store plan (:mod:`argmap.sparql.plan`).

    Parameters
    ----------
    graph : rdflib.Graph or argmap.store.Store
        What to query: an rdflib graph, or a store (the union of its named graphs).
    query : str
        The name of a named query (:func:`named_queries`) or SPARQL text.
    bindings : mapping of str to object, optional
        Variable names (without ``?``) to values, as SPARQL initial bindings.
    where : str or None, optional
        The name of the query's file, given in a syntax error's message.
    max_rows : int or None, optional
        The most rows (or triples) the answer may have; no limit when None.
    allow_service : bool, default False
        Let the query fetch from elsewhere (``SERVICE``, ``LOAD``, ``FROM``).

    Returns
    -------
    QueryResult
        The answer: an rdflib ``Result``, or from a store a :class:`~argmap.store.SelectResult` for a SELECT.

    Raises
    ------
    QueryError
        With the parser's message, line and column when the query does not parse (``where`` names
        the query's file in that message); when ``query`` looks like a name but names no query
        (:func:`query_text`), a binding names a variable the query does not have, or the query
        fetches without ``allow_service``.
    ResultTooLarge
        When the answer has more than ``max_rows`` rows or triples.

    See Also
    --------
    query_files : The same query on debate files, read into Oxigraph in memory.
    argmap.annotate : Write the analysis into a graph, so that queries can ask for it.

    Examples
    --------
    >>> from argmap.store import load
    >>> result = run_query(load("tests/fixtures/mini.yaml"), "claims-by-speaker")
    >>> [str(v) for v in result.vars]
    ['name', 'claim', 'quote']
    """
    text = query_text(query)
    check_bindings(text, bindings)
    if isinstance(graph, Store):
        refuse_fetching(text, allow_service)
        if not bindings and graph.lookups_are_costly and is_named_query(text):
            return graph.query(store_plan(_normalised(text)), where=where, max_rows=max_rows)
        return graph.query(text, bindings, where=where, max_rows=max_rows)
    refuse_fetching(text, allow_service, ("SERVICE", "LOAD", "FROM"))
    try:
        prepared = prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseException as exc:
        raise syntax_error(" ".join(str(exc).split()), exc.lineno, exc.col, where) from None
    except Exception as exc:  # rdflib's own errors (unknown prefix...)
        raise syntax_error(" ".join(str(exc).split()), None, None, where) from None
    init = {k: v if isinstance(v, (URIRef, Literal, BNode)) else Literal(v) for k, v in (bindings or {}).items()}
    try:
        result = graph.query(prepared, initBindings=init)
    except Exception as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if max_rows is not None and result.type != "ASK" and len(result) > max_rows:
        raise ResultTooLarge(max_rows)
    return result


def prepare_answers(store: Store, names: Iterable[str] | None = None) -> dict[str, float]:
    """Answer each named query (all of them, or ``names``) once on the whole of ``store``, unbound,
    so that a store that keeps its answers (:attr:`Store.keeps_answers`: a store on disk keeps
    them per generation and saves them for the next process) has them ready: run right after a
    change, as ``argmap ingest`` does, it moves the cost of a whole-store query from its first
    asker to the ingest. Returns the seconds each query took; nothing is run on a store that
    does not keep answers.

    >>> import tempfile
    >>> from argmap.store import ingest, open_store
    >>> with tempfile.TemporaryDirectory() as folder, open_store(folder + "/kg") as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     sorted(prepare_answers(store, ["debates", "attacks"]))
    ['attacks', 'debates']
    """
    if not store.keeps_answers:
        return {}
    seconds = {}
    for name in names if names is not None else named_queries():
        started = time.perf_counter()
        run_query(store, name)
        seconds[name] = time.perf_counter() - started
    return seconds


def query_files(paths: Sequence[str | Path], query: str, bindings: Mapping[str, object] | None = None,
                where: str | None = None, format: str | None = None, max_rows: int | None = None,
                allow_service: bool = False) -> QueryResult:
    """Run a named query or SPARQL text on debate files (or stores, see :func:`argmap.store.load`),
    read into one graph and queried with Oxigraph in memory: the same rows as :func:`run_query` on
    the rdflib graph (tests/test_store_results.py), up to 1000x sooner. Values of integer types
    derived from xsd:integer come back as xsd:integer (Oxigraph normalises them).

    >>> result = query_files(["tests/fixtures/mini.yaml"], "who-attacks-whom")
    >>> len(result) > 0
    True
    """
    with OxigraphStore.of_graph(load(list(paths), format)) as store:
        return run_query(store, query, bindings, where, max_rows, allow_service)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def result_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Column names and rows (as strings; an unbound cell is ``""``) of a SELECT result, from a
    store or from an rdflib graph alike.

    >>> from argmap.store import load
    >>> result = run_query(load("tests/fixtures/mini.yaml"), "SELECT ?name WHERE { ?s a am:Speaker ; rdfs:label ?name } ORDER BY ?name")
    >>> result_rows(result)
    (['name'], [['Ana Ruiz'], ['Ben Okafor'], ['Some residents'], ['Town Council']])
    """
    columns = [str(v) for v in result.vars or []]
    if isinstance(result, SelectResult):  # straight from the store's terms
        return columns, result.texts()
    return columns, [[_cell(row[i]) for i in range(len(columns))] for row in cast(Iterable[ResultRow], result)]


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned plain-text table of a SELECT result (cells longer than ``max_width`` cut with …),
    a rule under the header and the row count at the end.

    >>> from argmap.store import load
    >>> result = run_query(load("tests/fixtures/mini.yaml"), "SELECT ?name WHERE { ?s a am:Speaker ; rdfs:label ?name } ORDER BY ?name")
    >>> print(format_table(result, max_width=10), end="")
    name
    ----------
    Ana Ruiz
    Ben Okafor
    Some resi…
    Town Coun…
    (4 rows)
    """
    columns, rows = result_rows(result)

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(c) for c in columns]] + [[cut(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _delimited(result: QueryResult, delimiter: str) -> str:
    columns, rows = result_rows(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")
#: The rdflib serialisation of a CONSTRUCT/DESCRIBE result for each result format.
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "nt": "nt", "json": "json-ld", "jsonld": "json-ld", "xml": "xml"}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """A SELECT/ASK result as ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` (SPARQL 1.1 results);
    a CONSTRUCT/DESCRIBE result as Turtle (``table``, ``turtle``), N-Triples (``nt``), JSON-LD
    (``json``, ``jsonld``) or RDF/XML (``xml``). ``json`` and ``xml`` follow the W3C SPARQL 1.1
    Query Results JSON Format and SPARQL Query Results XML Format; ``csv`` and ``tsv`` are
    spreadsheet-safe tables (a header of variable names, then plain cell texts).

    >>> from argmap.store import ingest, open_store
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     print(format_result(run_query(store, "SELECT ?name WHERE { ?s a am:Speaker ; rdfs:label ?name } ORDER BY ?name LIMIT 2"), "csv"), end="")
    ...     print(format_result(run_query(store, "ASK { ?s a am:Speaker }"), "json"))
    name
    Ana Ruiz
    Ben Okafor
    {"head": {}, "boolean": true}
    """
    if isinstance(result, Result) and result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a {result.type} result is a graph: use --format {', '.join(GRAPH_FORMATS)}")
        graph = result.graph
        assert graph is not None, "a CONSTRUCT result holds a graph"
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        return graph.serialize(format=GRAPH_FORMATS[fmt])
    if fmt in ("turtle", "nt", "jsonld"):
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; a {result.type} result is a table (table, csv, tsv, json, xml)")
    if isinstance(result, Result) and result.type == "ASK":
        if fmt in ("json", "xml"):
            return _rdflib_text(result, fmt)
        return ("true" if result.askAnswer else "false") + "\n"
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        return _delimited(result, ",")
    if fmt == "tsv":
        return _delimited(result, "\t")
    if fmt in ("json", "xml") and isinstance(result, SelectResult):
        return result.serialize(fmt).decode("utf-8")  # pyoxigraph's SPARQL results writers
    if fmt in ("json", "xml") and isinstance(result, Result):
        return _rdflib_text(result, fmt)
    raise QueryError(f"unknown result format '{fmt}' (known: {', '.join(RESULT_FORMATS)})")


def _rdflib_text(result: Result, fmt: str) -> str:
    """An rdflib result written by rdflib's own SPARQL results serializer (JSON or XML)."""
    data = result.serialize(format=fmt)
    assert data is not None, "serialize() without a destination returns the bytes"
    return data.decode("utf-8")
