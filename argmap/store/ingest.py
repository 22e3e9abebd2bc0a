"""Ingest: debate files resolved into :class:`Input` items (named graph, reader, digest) before
any store is touched, and loaded into a pyoxigraph store, natively or through argmap's readers."""
from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from argmap.errors import InputError
from argmap.graph.formats import read_files, reader_for
from argmap.graph.formats._common import check_xml_entities
from argmap.store.base import IngestReport, Input, Progress, Store, StoreError

#: Input formats (reader names) that Oxigraph parses itself: these files are bulk-loaded directly.


def input_ntriples(item: Input) -> bytes:
    """An input document as N-Triples (read by Oxigraph when its format is native, else by its argmap reader).

    >>> item, = resolve_inputs(["tests/fixtures/mini.yaml"])
    >>> for line in sorted(input_ntriples(item).decode("utf-8").splitlines()):
    ...     if '"Ana Ruiz"' in line:
    ...         print(line)
    <https://w3id.org/argmap/id/mini/speaker/ana> <http://www.w3.org/2000/01/rdf-schema#label> "Ana Ruiz" .
    <https://w3id.org/argmap/id/mini/speaker/ana> <http://xmlns.com/foaf/0.1/name> "Ana Ruiz" .
    """
    if item.native is not None:
        memory = ox.Store()
        load_file(memory.load, item, ox.NamedNode(item.graph))
        data = memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(item.graph))
        assert data is not None, "dump() without a destination returns the bytes"
        return data
    return read_files([item.path], item.reader).serialize(format="nt", encoding="utf-8")


def document_graph(path: str | Path) -> str:
    """Name the default named graph of a document read from a file: its absolute ``file:`` URI.

    The path is made absolute (symbolic links resolved) first, so that ingesting the same file
    from another working directory replaces the same graph.

    Parameters
    ----------
    path : str or pathlib.Path
        The document's file (it need not exist).

    Returns
    -------
    str
        The ``file:`` URI of the absolute path.

    See Also
    --------
    resolve_inputs : The inputs of an ingest, each with its graph name.

    Examples
    --------
    >>> document_graph("/data/debate.yaml")
    'file:///data/debate.yaml'
    """
    return Path(path).resolve().as_uri()


def resolve_inputs(paths: Sequence[str | Path], format: str | None = None, graph: str | None = None) -> list[Input]:
    """Check every input of an ingest before any store is touched, and name its graph.

    Each path must be a file with a reader (the format named ``format`` or the one its extension
    says); an RDF/XML file must not declare external or exploding XML entities; its graph name
    (``graph`` or :func:`document_graph`) must be an IRI. Each input gets a digest of its reader's
    name and its bytes. Two paths that name the same graph give one input, the last.

    Parameters
    ----------
    paths : sequence of str or pathlib.Path
        The debate files.
    format : str or None, optional
        The name of the format every file is read with; by default each file's extension says.
    graph : str or None, optional
        The named graph's IRI, for one file only; by default the file's absolute ``file:`` URI.

    Returns
    -------
    list of Input
        One input per named graph: path, graph, reader name, digest and size in bytes.

    Raises
    ------
    InputError
        When a path is missing or not a file, no readable format has the name ``format`` or the
        file's extension, or an RDF/XML file declares external or exploding entities.
    StoreError
        When ``graph`` is given with more or fewer than one path, or a graph name is not an IRI.

    See Also
    --------
    ingest : Load the inputs into a store.

    Examples
    --------
    >>> [item.reader for item in resolve_inputs(["tests/fixtures/mini.yaml"])]
    ['yaml']
    """
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
        check_iri(name)
        found[name] = Input(path, name, reader.name, digest, len(data))
    return list(found.values())


def check_iri(iri: str) -> None:
    """Raise :class:`StoreError` unless ``iri`` is an absolute IRI (RFC 3987; a valid graph name).

    >>> check_iri("https://example.org/debates/mini")
    >>> check_iri("mini")
    Traceback (most recent call last):
    ...
    argmap.errors.StoreError: 'mini' is not an IRI: No scheme found in an absolute IRI
    """
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"'{iri}' is not an IRI: {exc}") from None


def ingest(store: Store, paths: Sequence[str | Path], format: str | None = None, graph: str | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Ingest debate files into ``store``: each in its own named graph, all in one transaction.

    Each file replaces an earlier ingest of the same document. Every input is checked (it exists,
    a reader can read it, its graph name is an IRI) before the store is touched
    (:func:`resolve_inputs`). ``argmap ingest`` then calls :func:`argmap.sparql.prepare_answers`
    so that a store directory has the named queries' answers ready; call it too where that matters.

    Parameters
    ----------
    store : Store
        The store to load into (:func:`~argmap.store.open_store`).
    paths : sequence of str or pathlib.Path
        The debate files.
    format : str or None, optional
        The name of the format every file is read with; by default each file's extension says.
    graph : str or None, optional
        The named graph's IRI, for one file only; by default the file's absolute ``file:`` URI
        (:func:`document_graph`).
    progress : callable or None, optional
        Called with the number of bytes done.

    Returns
    -------
    IngestReport
        The graphs added, replaced and left as they were (unchanged), and the store's triples
        before and after.

    Raises
    ------
    InputError
        When a file is missing, is not a file, cannot be parsed, or its format cannot be told.
    StoreError
        When ``graph`` is given for more than one file or is not an IRI.

    See Also
    --------
    argmap.store.open_store : The store to ingest into.
    argmap.sparql.prepare_answers : Answer the named queries once, right after a change.

    Examples
    --------
    >>> from argmap.store import open_store
    >>> with open_store(None) as store:
    ...     report = ingest(store, ["tests/fixtures/mini.yaml"])
    >>> len(report.added), report.triples_after > 100
    (1, True)
    """
    return store.ingest(resolve_inputs(paths, format, graph), progress)


Loader = Callable[..., Any]


def load_file(loader: Loader, item: Input, graph: ox.NamedNode, progress: Progress | None = None) -> None:
    """Parse one native file with ``loader`` (a store's ``bulk_load`` or ``load``) into ``graph``,
    reporting bytes read to ``progress``; a parse error is an :class:`InputError` naming the file and line.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "ana.ttl")
    ...     _ = path.write_text('<https://example.org/ana> <http://www.w3.org/2000/01/rdf-schema#label> "Ana Ruiz" .')
    ...     item, = resolve_inputs([path])
    ...     store = ox.Store()
    ...     load_file(store.load, item, ox.NamedNode("https://example.org/people"))
    >>> [(quad.object.value, quad.graph_name.value) for quad in store]
    [('Ana Ruiz', 'https://example.org/people')]
    """
    with open(item.path, "rb") as handle:
        stream: io.RawIOBase | IO[bytes] = CountingReader(handle, progress) if progress else handle
        try:
            loader(stream, item.native, base_iri=item.base_iri, to_graph=graph)
        except SyntaxError as exc:
            raise InputError(str(item.path), f"cannot parse as {item.reader}: {exc.msg}", line=exc.lineno) from None


def load_input(store: ox.Store, item: Input, graph: ox.NamedNode, progress: Progress | None = None, bulk: bool = True) -> None:
    """Load one input into ``graph`` of ``store``: parsed by Oxigraph when its format is native,
    else read by its argmap reader and loaded as N-Triples. One call per file: on a multi-core
    machine this is faster than one stream of every file (measured in bench/bench_store.py).

    ``bulk``: Oxigraph's bulk loader (on disk: writes sorted files straight into RocksDB, 10x
    faster than ``load``); without it, ``Store.load`` (in memory: 3.0 s instead of 4.2 s for 1.06M
    triples, bench/RESULTS-store.md).

    >>> store = ox.Store()
    >>> item, = resolve_inputs(["tests/fixtures/mini.yaml"])
    >>> load_input(store, item, ox.NamedNode("https://example.org/mini"), bulk=False)
    >>> len(store) == len(input_ntriples(item).splitlines())
    True
    >>> sorted({quad.graph_name.value for quad in store})
    ['https://example.org/mini']
    """
    loader = store.bulk_load if bulk else store.load
    if item.native is not None:
        load_file(loader, item, graph, progress)
        return
    loader(input_ntriples(item), ox.RdfFormat.N_TRIPLES, to_graph=graph)
    if progress:
        progress(item.size)


class CountingReader(io.RawIOBase):
    """A binary file wrapper that reports how many bytes have been read."""

    def __init__(self, handle: IO[bytes], progress: Progress):
        self._handle, self._progress = handle, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        self._progress(n or 0)
        return int(n or 0)

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._progress(len(data))
        return data
