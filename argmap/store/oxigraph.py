"""The embedded store: Oxigraph on disk (RocksDB) or in memory, one named graph per document.

On disk the store keeps its data in generations ``data-NNNNNN`` and names the current one in its
manifest ``argmap-store.json``. An ingest bulk-loads into a new generation made from the current
one by a RocksDB checkpoint (hard links, no copy) and commits by atomically rewriting the
manifest. A failure or a crash before that rename leaves the store exactly as it was, and readers
never see a half load. In memory, every document is read completely before anything changes.

A generation never changes, so its SELECT answers stay true until the next one: a store on disk
keeps them in memory and saves them in ``answers/data-NNNNNN/`` (one SPARQL TSV results document
per query text), where the next process that opens the generation finds them. They go with their
generation.
"""
from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import shutil
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from argmap.errors import OutputError, QueryError
from argmap.io import write_atomic
from argmap.store.base import (
    PREFIX_IRIS,
    Document,
    IngestReport,
    Progress,
    QueryResult,
    Store,
    StoreError,
    oxigraph_syntax_error,
    query_form,
    values_clause,
)
from argmap.store.ingest import Input, load_input
from argmap.store.results import ResultTooLarge, SelectResult, graph_of, oxigraph_result

MANIFEST = "argmap-store.json"
STORE_FORMAT = "argmap-store"
STORE_VERSION = 1
MEMORY = ":memory:"
#: The named graph of :meth:`OxigraphStore.of_graph`.
FILES_GRAPH = "urn:argmap:files"
#: Bytes of SELECT answers (SPARQL TSV) a store on disk keeps for repeated queries, the oldest dropped first.
KEPT_ANSWER_BYTES = 64 * 1024 * 1024
#: The folder of a store on disk where each generation's SELECT answers are saved.
ANSWERS = "answers"
#: Bytes of SELECT answers saved per generation; past it, answers are kept in memory only.
SAVED_ANSWER_BYTES = 256 * 1024 * 1024
ENGINE = f"oxigraph {ox.__version__}" if hasattr(ox, "__version__") else "oxigraph"


class OxigraphStore(Store):
    """The embedded store: Oxigraph on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self.location = MEMORY if path is None else str(path)
        # on disk every index lookup reads RocksDB (3-6 µs); in memory lookups are cheap and
        # Oxigraph's own plan of a named query is as fast as its store plan (bench/RESULTS-store.md)
        self.lookups_are_costly = path is not None
        self.keeps_answers = path is not None
        self._generation: str | None = None
        self._memory_documents: dict[str, dict] = {}
        self._answers: OrderedDict[tuple[str | None, str], SelectResult] = OrderedDict()
        if self.path is None:
            self._store = ox.Store()
        else:
            self._store = self._open_current()

    @classmethod
    def of_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory store holding the triples of ``graph`` in one named graph (a set, as in the
        rdflib graph), to run queries on files with Oxigraph instead of rdflib's engine (``attacks``
        on the flagship debate: 2 ms instead of 5.8 s, same rows).

        >>> from argmap.store import load
        >>> with OxigraphStore.of_graph(load("tests/fixtures/mini.yaml")) as store:
        ...     len(store) == len(load("tests/fixtures/mini.yaml"))
        True
        """
        store = cls(None)
        store._store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(FILES_GRAPH))
        return store

    # manifest and generations ------------------------------------------------------------------
    def _manifest(self) -> dict[str, Any]:
        assert self.path is not None, "only a store on disk has a manifest"
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
        self._answers.clear()
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

    def _write(self, documents: dict[str, Any], change: Callable[[ox.Store], None]) -> None:
        """Apply ``change`` to a writable copy of the store and commit it; discard it if ``change`` raises.

        On disk the copy is a RocksDB checkpoint of the current generation (hard links); the commit
        is the atomic rewrite of the manifest. The writable copy is closed before the new generation
        is opened for reading (``change`` gets it as an argument and keeps no reference: a copy still
        open would compact and delete files the reader uses). In memory ``change`` gets the store
        itself: callers make every input readable before writing (see :meth:`ingest`).
        """
        if self.read_only:
            raise StoreError(f"{self.location}: the store is open read-only")
        if self.path is None:
            change(self._store)
            return
        with self._lock():
            self.refresh()
            assert self._generation is not None
            current = int(self._generation.split("-")[1])
            name = f"data-{current + 1:06d}"
            target = self.path / name
            shutil.rmtree(target, ignore_errors=True)
            self._store.backup(str(target))
            writable = ox.Store(str(target))
            try:
                change(writable)
                writable.flush()
            except BaseException as exc:
                # the traceback's frames still hold the writable copy: clear them so that it closes
                # before its directory is removed
                traceback.clear_frames(exc.__traceback__)
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
        assert self.path is not None
        for folder in (self.path, self.path / ANSWERS):
            for entry in folder.iterdir() if folder.is_dir() else ():
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
        assert isinstance(answer, ox.QuerySolutions)
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
                def load(store: ox.Store) -> None:
                    for item in todo:
                        graph = ox.NamedNode(item.graph)
                        if item.graph in present:
                            store.remove_graph(graph)
                        load_input(store, item, graph, progress)

                self._write(documents, load)
        report.triples_after = len(self) if todo else report.triples_before
        return report

    def _ingest_in_memory(self, todo: list[Input], present: set[str], progress: Progress | None) -> None:
        """Load every input into a new in-memory store first (nothing is written if one fails), then
        take that store as it is when this one is empty, or add its quads to this one."""
        staging = ox.Store()
        for item in todo:
            load_input(staging, item, ox.NamedNode(item.graph), progress, bulk=False)
        if next(self._store.quads_for_pattern(None, None, None), None) is None:
            self._store = staging
            return
        for item in todo:
            if item.graph in present:
                self._store.remove_graph(ox.NamedNode(item.graph))
        self._store.bulk_extend(staging)

    def remove(self, graphs: list[str]) -> None:
        documents = {g: d for g, d in self._known().items() if g not in graphs}
        def drop(store: ox.Store) -> None:
            for g in graphs:
                store.remove_graph(ox.NamedNode(g))

        self._write(documents, drop)
        if self.path is None:
            self._memory_documents = documents

    def update(self, text: str) -> None:
        def apply(store: ox.Store) -> None:
            try:
                store.update(text, prefixes=PREFIX_IRIS)
            except SyntaxError as exc:
                raise oxigraph_syntax_error(exc, "update") from None
            except OSError as exc:
                raise QueryError(f"the update failed: {exc}") from None

        self._write(self._known(), apply)
        if self.path is not None:
            present = set(self._graph_sizes())
            _write_manifest(self.path, {"generation": self._generation, "documents": {g: d for g, d in self._known().items() if g in present}})

    def query(self, text: str, bindings: Mapping[str, object] | None = None, where: str | None = None,
              max_rows: int | None = None) -> QueryResult:
        # A trailing VALUES block, not pyoxigraph's substitutions: Oxigraph's planner starts from the
        # bound value with VALUES (1-10 ms for one speaker on 1M triples) but not with substitutions (1-2 s).
        run = text + values_clause(bindings)
        kept = self._kept_answer(run)
        if kept is not None:
            if max_rows is not None and _tsv_rows(kept.document) > max_rows:
                raise ResultTooLarge(max_rows)
            return SelectResult(kept.document, kept.format)
        try:
            answer = oxigraph_result(self._store.query(run, prefixes=PREFIX_IRIS, use_default_graph_as_union=True), query_form(text), max_rows)
        except SyntaxError as exc:
            raise oxigraph_syntax_error(exc, where) from None
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from None
        if isinstance(answer, SelectResult):
            self._keep_answer(run, answer)
        return answer

    def _answer_file(self, run: str) -> Path:
        assert self.path is not None and self._generation is not None
        return self.path / ANSWERS / self._generation / (hashlib.sha256(run.encode("utf-8")).hexdigest() + ".tsv")

    def _kept_answer(self, run: str) -> SelectResult | None:
        """The answer of ``run`` on the current generation kept in memory or saved on disk, if any."""
        if not self.keeps_answers:
            return None
        key = (self._generation, run)
        kept = self._answers.get(key)
        if kept is not None:
            self._answers.move_to_end(key)
            return kept
        try:
            document = self._answer_file(run).read_bytes()
        except OSError:
            return None
        saved = SelectResult(document, ox.QueryResultsFormat.TSV)
        self._remember(key, saved)
        return saved

    def _keep_answer(self, run: str, answer: SelectResult) -> None:
        """Keep ``answer`` in memory and save it for other processes while the generation's saved
        answers stay under :data:`SAVED_ANSWER_BYTES`; a folder that cannot be written (a
        read-only file system, another user's store) only means nothing is saved."""
        if not self.keeps_answers or len(answer.document) > KEPT_ANSWER_BYTES:
            return
        self._remember((self._generation, run), answer)
        target = self._answer_file(run)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if sum(entry.stat().st_size for entry in os.scandir(target.parent)) + len(answer.document) <= SAVED_ANSWER_BYTES:
                write_atomic(target, answer.document)
        except (OSError, OutputError):
            return

    def _remember(self, key: tuple[str | None, str], answer: SelectResult) -> None:
        self._answers[key] = answer
        while sum(len(a.document) for a in self._answers.values()) > KEPT_ANSWER_BYTES:
            self._answers.popitem(last=False)

    def __len__(self) -> int:
        answer = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(answer, ox.QuerySolutions)
        return int(next(iter(answer))["n"].value)

    def union_graph(self) -> Graph:
        answer = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(answer, ox.QueryTriples)
        return graph_of(answer)

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
        if hasattr(self, "_store"):
            del self._store  # closes RocksDB once no answer refers to it
        gc.collect()


def _tsv_rows(document: bytes) -> int:
    """The number of rows of a SPARQL TSV results document: a header line, then one line per row
    (TSV escapes the line breaks inside terms)."""
    return document.count(b"\n") - 1


def read_manifest(path: Path) -> dict:
    """Read the manifest of the argmap store in a directory.

    The manifest (:data:`MANIFEST`, JSON) says the store's format and version, its engine and the
    documents it holds.

    Parameters
    ----------
    path : pathlib.Path
        The store's directory.

    Returns
    -------
    dict
        The manifest's content.

    Raises
    ------
    StoreError
        When the manifest is missing, cannot be read or is not JSON, or is not that of an argmap
        store of this version.

    Examples
    --------
    >>> import tempfile
    >>> from argmap.store import ingest, open_store
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open_store(folder) as store:
    ...         _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     manifest = read_manifest(Path(folder))
    >>> manifest["format"], manifest["version"], [d["source"] for d in manifest["documents"].values()]
    ('argmap-store', 1, ['tests/fixtures/mini.yaml'])
    >>> read_manifest(Path("tests/fixtures"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmap.errors.StoreError: tests/fixtures: cannot read argmap-store.json: ...
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "argmap-store.json").write_text("[1, 2]", encoding="utf-8")
    ...     read_manifest(Path(folder))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmap.errors.StoreError: ...: argmap-store.json is not an argmap store of version 1
    """
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot read {MANIFEST}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT or manifest.get("version") != STORE_VERSION:
        raise StoreError(f"{path}: {MANIFEST} is not an argmap store of version {STORE_VERSION}")
    return manifest


def _write_manifest(path: Path, content: dict) -> None:
    from argmap.io import write_atomic

    body = {"format": STORE_FORMAT, "version": STORE_VERSION, "engine": ENGINE, **content}
    write_atomic(path / MANIFEST, json.dumps(body, indent=2, sort_keys=True) + "\n")
