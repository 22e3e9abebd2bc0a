"""Stores: where debates accumulate, one named graph per ingested document, and answer SPARQL.

One interface, :class:`Store`, three places chosen by :func:`open_store`'s ``location``:

* a directory: an embedded persistent store (Oxigraph, on RocksDB) that this module creates and
  recognises by its ``argmap-store.json`` manifest;
* ``None`` or ``":memory:"``: the same engine in memory, for one-shot work on files;
* an ``http(s)://`` dataset URL: a remote SPARQL 1.1 server (Oxigraph server, Jena Fuseki,
  ``argmap serve --allow-update``...) reached through its query endpoint ``<url>query`` and its
  update endpoint ``<url>update`` (SPARQL 1.1 Protocol).

Every store answers queries over the *union* of its named graphs. :func:`ingest` reads each file
with :func:`argmap.graph.formats.read_files` (so every registered format works) or, for N-Triples, Turtle
and RDF/XML, with Oxigraph's own parser, and puts it in the named graph of that document (its
``file:`` URI unless given). Re-ingesting a document replaces its graph, and one call is one
transaction: it happens entirely or not at all.

* The embedded store keeps its data in generations ``data-NNNNNN``; an ingest bulk-loads into a
  new generation made from the current one by a RocksDB checkpoint (hard links, no copy) and
  commits by atomically rewriting the manifest that names the current generation. A failure or a
  crash before that rename leaves the store exactly as it was, and readers never see a half load.
* The in-memory store reads every document completely before changing anything.
* The remote store sends one SPARQL Update request (``DROP SILENT GRAPH``; ``INSERT DATA``) for
  the whole call, which SPARQL servers apply as one transaction.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import io
import itertools
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDFS, XSD
from rdflib.query import Result

from argmap.errors import ArgmapError, InputError, QueryError
from argmap.graph.formats import read_files, reader_for
from argmap.graph.formats._common import check_xml_entities
from argmap.graph.rdf import PREFIXES, new_graph, union_of

MANIFEST = "argmap-store.json"
STORE_FORMAT = "argmap-store"
STORE_VERSION = 1
MEMORY = ":memory:"
ENGINE = f"oxigraph {ox.__version__}" if hasattr(ox, "__version__") else "oxigraph"

#: Input formats (reader names) that Oxigraph parses itself: these files are bulk-loaded directly.
NATIVE_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML}
_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}

Progress = Callable[[int], None]
T = TypeVar("T")


class StoreError(ArgmapError):
    """A store that cannot be opened, read or written (not a problem of one input file)."""


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
    argmap.store.ResultTooLarge: the result has more than 3 rows: add a LIMIT
    """
    taken = list(items if max_rows is None else itertools.islice(items, max_rows + 1))
    if max_rows is not None and len(taken) > max_rows:
        raise ResultTooLarge(max_rows)
    return taken


@dataclass(frozen=True)
class Document:
    """One ingested document: the named graph it lives in, and how many triples that graph holds."""

    graph: str
    triples: int
    source: str | None = None


@dataclass
class IngestReport:
    """What one :func:`ingest` call did: graphs added, replaced and left as they were (unchanged)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples_before: int = 0
    triples_after: int = 0


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

    def ntriples(self) -> bytes:
        """The document as N-Triples (read by Oxigraph when native, else by its argmap reader)."""
        if self.native is not None:
            memory = ox.Store()
            _load_file(memory.load, self, ox.NamedNode(self.graph))
            return memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(self.graph))
        return read_files([self.path], self.reader).serialize(format="nt", encoding="utf-8")


def document_graph(path: str | Path) -> str:
    """The default named graph of a document read from ``path``: its absolute ``file:`` URI."""
    return Path(path).resolve().as_uri()


def resolve_inputs(paths: list[str | Path], format: str | None = None, graph: str | None = None) -> list[Input]:
    """Check every input (exists, has a reader) before any store is touched; name its graph."""
    if graph is not None and len(paths) != 1:
        raise StoreError("a graph name can be given for one input file only")
    found: dict[str, Input] = {}
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(str(path), "no such file" if not path.exists() else "not a file")
        reader = reader_for(path, format)
        data = path.read_bytes()
        if reader.name == "xml":  # parsed by Oxigraph, which would expand an entity bomb
            check_xml_entities(data, str(path))
        digest = hashlib.sha256(reader.name.encode() + b"\0" + data).hexdigest()
        name = graph or document_graph(path)
        _check_iri(name)
        found[name] = Input(path, name, reader.name, digest, len(data))
    return list(found.values())


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"'{iri}' is not an IRI: {exc}") from None


def _load_file(loader: Callable, item: Input, graph: ox.NamedNode, progress: Progress | None = None) -> None:
    """Parse one native file with ``loader`` (a store's ``bulk_load`` or ``load``) into ``graph``,
    reporting bytes read to ``progress``."""
    with open(item.path, "rb") as handle:
        stream = _CountingReader(handle, progress) if progress else handle
        try:
            loader(stream, item.native, base_iri=item.base_iri, to_graph=graph)
        except SyntaxError as exc:
            raise InputError(str(item.path), f"cannot parse as {item.reader}: {exc.msg}", line=exc.lineno) from None


def _load(store: ox.Store, item: Input, graph: ox.NamedNode, progress: Progress | None = None, bulk: bool = True) -> None:
    """Load one input into ``graph`` of ``store``: parsed by Oxigraph when its format is native,
    else read by its argmap reader and loaded as N-Triples. One call per file: on a multi-core
    machine this is faster than one stream of every file (measured in bench/bench_store.py).

    ``bulk``: Oxigraph's bulk loader (on disk: writes sorted files straight into RocksDB, 10x
    faster than ``load``); without it, ``Store.load`` (in memory: 3.0 s instead of 4.2 s for 1.06M
    triples, bench/RESULTS-store.md)."""
    loader = store.bulk_load if bulk else store.load
    if item.native is not None:
        _load_file(loader, item, graph, progress)
        return
    loader(item.ntriples(), ox.RdfFormat.N_TRIPLES, to_graph=graph)
    if progress:
        progress(item.size)


class _CountingReader(io.RawIOBase):
    """A binary file wrapper that reports how many bytes have been read."""

    def __init__(self, handle, progress: Progress):
        self._handle, self._progress = handle, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._handle.readinto(buffer)
        self._progress(n or 0)
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._progress(len(data))
        return data


class Store(ABC):
    """A place that holds documents as named graphs and answers SPARQL over their union."""

    location: str

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
    def query(self, text: str, bindings: dict[str, object] | None = None, where: str | None = None, max_rows: int | None = None) -> Result:
        """Run SPARQL text (argmap's prefixes pre-bound) over the union graph; an rdflib Result.
        ``where`` names the query's file in a syntax error; with ``max_rows``, an answer of more
        rows (or triples) raises :class:`ResultTooLarge` (the embedded store stops reading there)."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Apply a SPARQL 1.1 Update request (argmap's prefixes pre-bound) as one transaction."""

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(result))[0])

    def union_graph(self) -> Graph:
        """Every triple of every document, as one rdflib graph (for analyses and exports)."""
        return self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph

    @property
    def generation(self) -> str:
        """A text that changes whenever the store's content changes (to know when something built
        from the store is stale): here a digest of its documents and their sizes."""
        return hashlib.sha256(repr([(d.graph, d.triples) for d in self.documents()]).encode("utf-8")).hexdigest()

    def close(self) -> None:
        """Release the store (files, locks); the object is unusable afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- Oxigraph (embedded, on disk or in memory) ---------------------------------------------------

def _to_rdflib(term, cache: dict) -> object:
    """An rdflib term for a pyoxigraph term (xsd:string literals become plain literals, as rdflib reads them)."""
    if term is None:
        return None
    found = cache.get(term)
    if found is not None:
        return found
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
    cache[term] = value
    return value


def to_oxigraph(value: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term (or a Python value, taken as a literal)."""
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


#: XSD types derived from xsd:integer, which Oxigraph 0.5 stores as plain xsd:integer.
DERIVED_INTEGERS = frozenset(str(XSD[n]) for n in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


@functools.cache
def integer_ranges() -> dict[URIRef, URIRef]:
    """Properties of the argmap vocabulary whose declared ``rdfs:range`` is a type derived from xsd:integer."""
    from importlib.resources import files

    vocabulary = Graph().parse(data=files("argmap.ontology").joinpath("argmap.ttl").read_text(encoding="utf-8"), format="turtle")
    return {p: r for p, r in vocabulary.subject_objects(RDFS.range) if str(r) in DERIVED_INTEGERS and isinstance(p, URIRef)}


def restore_datatypes(graph: Graph) -> Graph:
    """Give back their declared datatype to the integer values Oxigraph normalised to xsd:integer.

    Oxigraph 0.5 keeps the value of ``"5"^^xsd:nonNegativeInteger`` but not its datatype; for the
    properties of the argmap vocabulary (e.g. ``am:startOffset``) the range says what it was.
    """
    for predicate, datatype in integer_ranges().items():
        for s, o in list(graph.subject_objects(predicate)):
            if isinstance(o, Literal) and o.datatype == XSD.integer:
                graph.remove((s, predicate, o))
                graph.add((s, predicate, Literal(str(o), datatype=datatype)))
    return graph


def _graph_of(answer: ox.QueryTriples, max_rows: int | None = None) -> Graph:
    graph = new_graph()
    data = answer.serialize(format=ox.RdfFormat.N_TRIPLES) if max_rows is None else \
        ox.serialize(capped(answer, max_rows), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return restore_datatypes(graph)


_XSD_STRING = ox.NamedNode(str(XSD.string))


def _plain(term) -> bool:
    """True for a term whose rdflib text is its pyoxigraph ``value`` (IRI, blank node, string or
    language-tagged literal); other literals take rdflib's lexical normalisation (see :func:`_to_rdflib`)."""
    kind = type(term)
    if kind is ox.Literal:
        return term.language is not None or term.datatype == _XSD_STRING
    return kind is ox.NamedNode or kind is ox.BlankNode


class OxigraphSelect(Result):
    """A SELECT answer of the embedded store, kept as the rows of pyoxigraph terms Oxigraph gave.

    It is an rdflib :class:`Result` like any other (``bindings``, iteration, ``serialize``), but
    the rdflib terms are made only when one of those asks for them, once. :meth:`texts` and
    :meth:`json_bindings` read the pyoxigraph terms directly and give exactly what the rdflib
    terms would give (tests/test_store_results.py checks every named query and format).
    """

    def __init__(self, names: list[str], rows: list[tuple]):
        super().__init__("SELECT")
        self.vars = [Variable(n) for n in names]
        self.rows = rows
        self._converted: list[dict] | None = None

    @property
    def _bindings(self) -> list[dict]:  # read by rdflib's Result (bindings, __iter__, serializers)
        if self._converted is None:
            cache: dict = {}
            names = self.vars
            self._converted = [{v: _to_rdflib(t, cache) for v, t in zip(names, row) if t is not None} for row in self.rows]
        return self._converted

    @_bindings.setter
    def _bindings(self, value: list[dict]) -> None:
        self._converted = value

    def __len__(self) -> int:
        return len(self._converted) if self._converted is not None else len(self.rows)

    def texts(self) -> list[list[str]]:
        """Each row as the text of its cells ('' when unbound), as ``str()`` of the rdflib terms;
        rows with no bound variable left out, as iterating an rdflib result does."""
        if self._converted is not None:  # changed through the rdflib interface: read that
            return [[str(b.get(v, "")) for v in self.vars] for b in self._converted if b]
        cache: dict = {}
        width = len(self.vars)
        out = []
        for row in self.rows:
            if row.count(None) == width:
                continue
            out.append(["" if t is None else t.value if _plain(t) else str(_to_rdflib(t, cache)) for t in row])
        return out

    def json_bindings(self) -> list[dict]:
        """The rows as SPARQL 1.1 JSON results bindings, as rdflib's JSON serializer writes them."""
        if self._converted is not None:
            return [{str(v): _term_json(t, {}) for v, t in b.items()} for b in self._converted]
        cache: dict = {}
        names = [str(v) for v in self.vars]
        return [{n: _term_json(t, cache) for n, t in zip(names, row) if t is not None} for row in self.rows]

    def json_document(self) -> dict:
        """The SPARQL 1.1 JSON results document, keys in the order rdflib's serializer writes them."""
        return {"results": {"bindings": self.json_bindings()}, "head": {"vars": [str(v) for v in self.vars]}}

    def json_text(self) -> str:
        """SPARQL 1.1 JSON results, the very text rdflib's serializer writes with ``json.dumps``
        (``{"results": ..., "head": ...}``, ", " and ": " separators, non-ASCII kept), written
        directly: 2.5x faster than building the dictionaries and dumping them."""
        names = [encode_basestring(str(v)) for v in self.vars]
        head = '"head": {"vars": [' + ", ".join(names) + "]}}"
        if self._converted is not None:
            return json.dumps(self.json_document(), allow_nan=False, ensure_ascii=False)
        cache: dict = {}
        rows = []
        for row in self.rows:
            cells = []
            for name, term in zip(names, row):
                if term is None:
                    continue
                kind = type(term)
                if kind is ox.NamedNode:
                    cells.append(f'{name}: {{"type": "uri", "value": {encode_basestring(term.value)}}}')
                elif kind is ox.Literal and term.language is None and term.datatype == _XSD_STRING:
                    cells.append(f'{name}: {{"type": "literal", "value": {encode_basestring(term.value)}}}')
                else:
                    cells.append(f"{name}: {json.dumps(_term_json(term, cache), allow_nan=False, ensure_ascii=False)}")
            rows.append("{" + ", ".join(cells) + "}")
        return '{"results": {"bindings": [' + ", ".join(rows) + "]}, " + head


def _term_json(term, cache: dict) -> dict:
    """One term as a SPARQL JSON results value, with rdflib's keys and texts (see ``termToJSON``)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is ox.BlankNode:
        return {"type": "bnode", "value": term.value}
    if kind is ox.Literal:
        if term.language is not None:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype == _XSD_STRING:
            return {"type": "literal", "value": term.value}
        term = _to_rdflib(term, cache)
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.datatype is not None:
            value["datatype"] = str(term.datatype)
        if term.language is not None:
            value["xml:lang"] = term.language
        return value
    return _term_json(_to_rdflib(term, cache), cache)  # unsupported terms raise there


def oxigraph_result(answer, kind: str, max_rows: int | None = None) -> Result:
    """An rdflib :class:`Result` holding a pyoxigraph query answer (SELECT, ASK or CONSTRUCT/DESCRIBE),
    of at most ``max_rows`` rows or triples (see :func:`capped`)."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QueryTriples):
        result = Result(kind if kind in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT")
        result.graph = _graph_of(answer, max_rows)
        return result
    return OxigraphSelect([v.value for v in answer.variables], [tuple(solution) for solution in capped(answer, max_rows)])


def _normalised_query(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@functools.cache
def _store_plans() -> dict[str, str]:
    """The text of each named query that has a store plan (``queries/oxigraph/NAME.rq``) -> that plan."""
    from importlib.resources import files

    folder = files("argmap.ontology").joinpath("queries")
    plans = {}
    for entry in folder.joinpath("oxigraph").iterdir():
        if entry.name.endswith(".rq") and folder.joinpath(entry.name).is_file():
            plans[_normalised_query(folder.joinpath(entry.name).read_text(encoding="utf-8"))] = entry.read_text(encoding="utf-8")
    return plans


def store_plan(text: str) -> str:
    """The text the embedded store runs for ``text``: its plan in ``queries/oxigraph/`` when
    ``text`` is a named query that has one (same rows, same order; see the README there), else ``text``."""
    return _store_plans().get(_normalised_query(text), text)


_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a SPARQL query (the first keyword outside comments and IRIs)."""
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


class OxigraphStore(Store):
    """The embedded store: Oxigraph on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self.location = MEMORY if path is None else str(path)
        self._generation: str | None = None
        self._memory_documents: dict[str, dict] = {}
        if self.path is None:
            self._store = ox.Store()
        else:
            self._store = self._open_current()

    # manifest and generations ------------------------------------------------------------------
    def _manifest(self) -> dict:
        return read_manifest(self.path)

    def _open_current(self) -> ox.Store:
        assert self.path is not None
        if not (self.path / MANIFEST).is_file():
            if self.read_only:
                raise StoreError(f"{self.path}: not an argmap store (no {MANIFEST}); create one with `argmap ingest FILES --store {self.path}`")
            if self.path.exists() and any(self.path.iterdir()):
                raise StoreError(f"{self.path}: the directory is not empty and is not an argmap store; give an empty or new directory")
            self.path.mkdir(parents=True, exist_ok=True)
            with self._lock():
                ox.Store(str(self.path / "data-000000")).flush()
                _write_manifest(self.path, {"generation": "data-000000", "documents": {}})
        manifest = self._manifest()
        self._generation = manifest["generation"]
        data = self.path / self._generation
        try:
            return ox.Store.read_only(str(data))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None

    def refresh(self) -> bool:
        """Reopen the store if another process committed a new generation; True if it did."""
        if self.path is None or self._manifest()["generation"] == self._generation:
            return False
        self._store = self._open_current()
        gc.collect()
        return True

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """An exclusive lock on the store directory, held for the whole of a write."""
        assert self.path is not None
        with open(self.path / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"{self.path}: another process is writing this store; try again when it is done") from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _transaction(self, documents: dict) -> Iterator[ox.Store]:
        """A writable copy of the store; committed when the block ends, discarded if it raises.

        On disk the copy is a RocksDB checkpoint of the current generation (hard links); the commit
        is the atomic rewrite of the manifest, once the writable copy is closed: the caller must drop
        its reference to it at the end of the block (``del store``), or RocksDB may still compact it,
        deleting files that readers of the new generation then miss. In memory the block gets the store itself: callers
        make every input readable before writing (see :meth:`ingest`).
        """
        if self.read_only:
            raise StoreError(f"{self.location}: the store is open read-only")
        if self.path is None:
            yield self._store
            return
        with self._lock():
            self.refresh()
            current = int(self._generation.split("-")[1])
            name = f"data-{current + 1:06d}"
            target = self.path / name
            shutil.rmtree(target, ignore_errors=True)
            self._store.backup(str(target))
            writable = ox.Store(str(target))
            try:
                yield writable
                writable.flush()
            except BaseException:
                del writable
                gc.collect()
                shutil.rmtree(target, ignore_errors=True)
                raise
            del writable
            gc.collect()
            _write_manifest(self.path, {"generation": name, "documents": documents})
            self.refresh()
            self._collect_garbage(keep={name, f"data-{current:06d}"})

    def _collect_garbage(self, keep: set[str]) -> None:
        """Delete generations other than ``keep`` (the current one and the one before, which a
        reader that opened it may still be using)."""
        for entry in self.path.iterdir():
            if entry.is_dir() and entry.name.startswith("data-") and entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)

    # the interface -----------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        sources = self._known()
        counts = self._graph_sizes()
        return [Document(g, n, sources.get(g, {}).get("source")) for g, n in sorted(counts.items())]

    def _known(self) -> dict[str, dict]:
        """What the store records about each document: source path, digest, reader."""
        return dict(self._manifest()["documents"]) if self.path is not None else dict(self._memory_documents)

    def _graph_sizes(self) -> dict[str, int]:
        answer = self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {s["g"].value: int(s["n"].value) for s in answer}

    def ingest(self, inputs: list[Input], progress: Progress | None = None) -> IngestReport:
        known = self._known()
        sizes = self._graph_sizes()  # one scan gives the graphs and the count (len() would scan again)
        present = set(sizes)
        report = IngestReport(triples_before=sum(sizes.values()))
        todo = []
        for item in inputs:
            if item.graph in present and known.get(item.graph, {}).get("sha256") == item.digest:
                report.unchanged.append(item.graph)
                if progress:
                    progress(item.size)
            else:
                todo.append(item)
                (report.replaced if item.graph in present else report.added).append(item.graph)
        documents = dict(known)
        for item in todo:
            documents[item.graph] = {"source": str(item.path), "sha256": item.digest, "format": item.reader}
        if todo:
            if self.path is None:
                self._ingest_in_memory(todo, present, progress)
                self._memory_documents = documents
            else:
                with self._transaction(documents) as store:
                    for item in todo:
                        graph = ox.NamedNode(item.graph)
                        if item.graph in present:
                            store.remove_graph(graph)
                        _load(store, item, graph, progress)
                    del store  # the writer must be closed before the commit (see _transaction)
        report.triples_after = len(self) if todo else report.triples_before
        return report

    def _ingest_in_memory(self, todo: list[Input], present: set[str], progress: Progress | None) -> None:
        """Load every input into a new in-memory store first (nothing is written if one fails), then
        take that store as it is when this one is empty, or add its quads to this one."""
        staging = ox.Store()
        for item in todo:
            _load(staging, item, ox.NamedNode(item.graph), progress, bulk=False)
        if next(self._store.quads_for_pattern(None, None, None), None) is None:
            self._store = staging
            return
        for item in todo:
            if item.graph in present:
                self._store.remove_graph(ox.NamedNode(item.graph))
        self._store.bulk_extend(staging)

    def remove(self, graphs: list[str]) -> None:
        documents = {g: d for g, d in self._known().items() if g not in graphs}
        with self._transaction(documents) as store:
            for g in graphs:
                store.remove_graph(ox.NamedNode(g))
            del store  # the writer must be closed before the commit (see _transaction)
        if self.path is None:
            self._memory_documents = documents

    def update(self, text: str) -> None:
        with self._transaction(self._known()) as store:
            try:
                store.update(text, prefixes=_PREFIXES)
            except SyntaxError as exc:
                raise oxigraph_syntax_error(exc, "update") from None
            except OSError as exc:
                raise QueryError(f"the update failed: {exc}") from None
            del store  # the writer must be closed before the commit (see _transaction)
        if self.path is not None:
            present = set(self._graph_sizes())
            _write_manifest(self.path, {"generation": self._generation, "documents": {g: d for g, d in self._known().items() if g in present}})

    def query(self, text: str, bindings: dict[str, object] | None = None, where: str | None = None, max_rows: int | None = None) -> Result:
        # A trailing VALUES block, not pyoxigraph's substitutions: Oxigraph's planner starts from the
        # bound value with VALUES (1-10 ms for one speaker on 1M triples) but not with substitutions (1-2 s).
        try:
            # On disk and without bindings a named query runs as its store plan (queries/oxigraph/):
            # sub-selects that Oxigraph joins by hashing whole scans instead of one RocksDB lookup per
            # row, 3-6x faster over a whole store. In memory lookups are cheap and Oxigraph's own plan
            # of the named query is as fast (bench/RESULTS-store.md).
            run = text + values_clause(bindings) if bindings or self.path is None else store_plan(text)
            answer = self._store.query(run, prefixes=_PREFIXES, use_default_graph_as_union=True)
            return oxigraph_result(answer, query_form(text), max_rows)
        except SyntaxError as exc:
            raise oxigraph_syntax_error(exc, where) from None
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from None

    def __len__(self) -> int:
        answer = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(answer))["n"].value)

    def union_graph(self) -> Graph:
        return _graph_of(self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))

    @property
    def engine(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (read-only on disk), for fast native serialisation."""
        return self._store

    @property
    def generation(self) -> str:
        """On disk, the name of the current generation (the store is reopened if another process
        committed a newer one); in memory, a digest of the documents (see :meth:`Store.generation`)."""
        if self.path is None:
            return super().generation
        self.refresh()
        return str(self._generation)

    def close(self) -> None:
        self._store = None
        gc.collect()


def read_manifest(path: Path) -> dict:
    """The manifest of the store in ``path``; :class:`StoreError` if it is missing or not ours."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot read {MANIFEST}: {exc}") from None
    if manifest.get("format") != STORE_FORMAT or manifest.get("version") != STORE_VERSION:
        raise StoreError(f"{path}: {MANIFEST} is not an argmap store of version {STORE_VERSION}")
    return manifest


def _write_manifest(path: Path, content: dict) -> None:
    from argmap.io import write_atomic

    body = {"format": STORE_FORMAT, "version": STORE_VERSION, "engine": ENGINE, **content}
    write_atomic(path / MANIFEST, json.dumps(body, indent=2, sort_keys=True) + "\n")


# --- remote SPARQL 1.1 server --------------------------------------------------------------------

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over HTTP: queries to ``query_url``, updates to ``update_url``.

    Queries read the server's default graph, which must be the union of its named graphs
    (``oxigraph serve --union-default-graph``, Fuseki's ``tdb2:unionDefaultGraph true``, or
    ``argmap serve``). ``token``, when given, is sent as ``Authorization: Bearer`` on updates.
    """

    def __init__(self, url: str, update_url: str | None = None, token: str | None = None, timeout: float = 300.0):
        base = url if url.endswith("/") else url + "/"
        self.location = url
        self.query_url = base + "query" if update_url is None else url
        self.update_url = update_url or base + "update"
        self.token = token
        self.timeout = timeout

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None, auth: bool = False) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:500]
            if exc.code == 400 and not auth:
                raise QueryError(f"{url}: the server rejected the query: {detail}") from None
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {getattr(exc, 'reason', exc)}") from None

    def update(self, text: str) -> None:
        """Send one SPARQL 1.1 Update request (one transaction on the server)."""
        self._post(self.update_url, prefixed(text).encode("utf-8"), "application/sparql-update", auth=True)

    def query(self, text: str, bindings: dict[str, object] | None = None, where: str | None = None, max_rows: int | None = None) -> Result:
        full = prefixed(text) + values_clause(bindings)
        form = query_form(text)
        accept = NTRIPLES if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        body = urllib.parse.urlencode({"query": full}).encode("ascii")
        data = self._post(self.query_url, body, "application/x-www-form-urlencoded", accept=accept)
        if form in ("CONSTRUCT", "DESCRIBE"):
            result = Result(form)
            result.graph = restore_datatypes(new_graph().parse(data=data, format="nt"))
        else:
            result = Result.parse(io.BytesIO(data), format="json")
        if max_rows is not None and result.type != "ASK" and len(result) > max_rows:
            raise ResultTooLarge(max_rows)
        return result

    def documents(self) -> list[Document]:
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return [Document(str(row[0]), int(row[1])) for row in result]

    def __len__(self) -> int:
        return int(next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0])

    def ingest(self, inputs: list[Input], progress: Progress | None = None) -> IngestReport:
        present = {d.graph for d in self.documents()}
        report = IngestReport(triples_before=len(self))
        parts = []
        for item in inputs:
            data = item.ntriples().decode("utf-8")
            parts.append(f"DROP SILENT GRAPH <{item.graph}> ;\nINSERT DATA {{ GRAPH <{item.graph}> {{\n{data}\n}} }}")
            (report.replaced if item.graph in present else report.added).append(item.graph)
            if progress:
                progress(item.size)
        if parts:
            self.update(" ;\n".join(parts))
        report.triples_after = len(self)
        return report

    def remove(self, graphs: list[str]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


def prefixed(text: str) -> str:
    """``text`` with argmap's PREFIX declarations put before it on its first line (line numbers kept)."""
    return "".join(f"PREFIX {name}: <{iri}> " for name, iri in _PREFIXES.items()) + text


def values_clause(bindings: dict[str, object] | None) -> str:
    """A trailing ``VALUES`` block that binds ``bindings`` (SPARQL 1.1 §10.2.2), or ''."""
    if not bindings:
        return ""
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(to_oxigraph(v if isinstance(v, (URIRef, BNode, Literal)) else Literal(v))) for v in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


# --- choosing and using a store ------------------------------------------------------------------

def is_store_location(location: str | Path) -> bool:
    """True for an ``http(s)://`` URL or a directory holding an argmap store manifest."""
    text = str(location)
    return bool(re.match(r"^https?://", text)) or (Path(text) / MANIFEST).is_file()


def open_store(location: str | Path | None = None, read_only: bool = False, token: str | None = None) -> Store:
    """The store at ``location``: an ``http(s)://`` dataset URL (remote), ``None``/``":memory:"``
    (in memory) or a directory (embedded, created on first write unless ``read_only``)."""
    if location is None or str(location) == MEMORY:
        return OxigraphStore(None)
    text = str(location)
    if re.match(r"^https?://", text):
        return RemoteStore(text, token=token)
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: a store is a directory, and this is a file")
    try:
        return OxigraphStore(path, read_only=read_only)
    except OSError as exc:  # a folder that cannot be created or written (read-only, under a file)
        raise StoreError(f"{path}: cannot open or create the store: {exc.strerror or exc}") from None


def ingest(store: Store, paths: list[str | Path], format: str | None = None, graph: str | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Ingest debate files into ``store``: each in its own named graph, replacing an earlier
    ingest of the same document, all in one transaction. ``progress`` gets bytes done."""
    return store.ingest(resolve_inputs(paths, format, graph), progress)


def location_text(location: str | Path) -> str:
    """``location`` as text, a URL's ``//`` given back when ``Path()`` folded it (``http:/x`` -> ``http://x``)."""
    return re.sub(r"^(https?):/+", r"\1://", str(location))


def load(paths: Path | str | list[Path | str] | list[Path] | list[str], format: str | None = None) -> Graph:
    """Read one or more files (each by its own format) and stores into one RDF graph.

    A path that is an argmap store (a directory made by ``argmap ingest``) or an ``http(s)://``
    SPARQL dataset URL contributes the union of that store's named graphs; any other path is read
    by the format named ``format`` or the one its extension says (:mod:`argmap.graph.formats`).

    >>> graph = load("tests/fixtures/mini.yaml")
    >>> len(graph) > 100
    True
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    graphs = []
    for p in paths:
        text = location_text(p)
        if is_store_location(text):
            with open_store(text, read_only=True) as store:
                graphs.append(store.union_graph())
            continue
        path = Path(p)
        if path.is_dir():
            raise InputError(str(path), "a directory that is not an argmap store (make one with `argmap ingest FILES --store DIR`)")
        graphs.append(read_files([path], format))
    return union_of(graphs)


@contextlib.contextmanager
def open_source(locations: list[str] | list[Path] | list[str | Path], format: str | None = None) -> Iterator[Graph | Store]:
    """What ``locations`` hold, opened for reading: the store itself when they name exactly one
    store (so that an analysis can ask it for what it needs instead of copying every triple into
    rdflib), else the graph of all of them (:func:`load`). The store is closed on leaving.

    >>> with open_source(["tests/fixtures/mini.yaml"]) as source:
    ...     type(source).__name__
    'Graph'
    """
    texts = [location_text(p) for p in locations]
    if len(texts) == 1 and is_store_location(texts[0]):
        with open_store(texts[0], read_only=True) as store:
            yield store
    else:
        yield load(list(locations), format)


def graph_of(source: Graph | Store) -> Graph:
    """``source`` as an rdflib graph: itself, or a store's union graph."""
    return source if isinstance(source, Graph) else source.union_graph()


def convert(inputs: Path | str | list[Path | str] | list[Path] | list[str], output: str | Path,
            to: str | None = None, from_format: str | None = None) -> Graph:
    """Read ``inputs`` (files or stores, :func:`load`) and write them to ``output`` in the format
    named ``to`` or the one its extension says; return the graph written.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "mini.ttl"
    >>> graph = convert("tests/fixtures/mini.yaml", out)
    >>> out.read_text().startswith("@prefix")
    True
    """
    from argmap.graph.formats import save

    graph = load(inputs, from_format)
    save(graph, output, to)
    return graph
