"""Where a store is: a directory (embedded, on disk), memory, or an ``http(s)://`` URL (remote);
and reading files or stores into one rdflib graph (:func:`load`, :func:`convert`)."""
from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from argmap.errors import InputError
from argmap.graph.formats import read_files
from argmap.graph.rdf import union_of
from argmap.store.base import Store, StoreError
from argmap.store.oxigraph import MANIFEST, MEMORY, OxigraphStore
from argmap.store.remote import RemoteStore


def is_store_location(location: str | Path) -> bool:
    """Tell whether a location names a store rather than a file.

    A store is an ``http(s)://`` URL or a directory holding an argmap store manifest
    (:data:`~argmap.store.MANIFEST`, written by the first :func:`~argmap.store.ingest`). Nothing is
    opened: a URL is not contacted, and the manifest is not read.

    Parameters
    ----------
    location : str or pathlib.Path
        A file, directory or URL.

    Returns
    -------
    bool
        True for an ``http(s)://`` URL or a directory with a manifest.

    See Also
    --------
    open_store : The store at a location.

    Examples
    --------
    >>> import tempfile
    >>> from argmap.store import ingest
    >>> is_store_location("http://localhost:7878/sparql"), is_store_location("tests/fixtures")
    (True, False)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open_store(Path(folder) / "kg") as store:
    ...         _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     is_store_location(Path(folder) / "kg")
    True
    """
    text = str(location)
    return bool(re.match(r"^https?://", text)) or (Path(text) / MANIFEST).is_file()


def open_store(location: str | Path | None = None, read_only: bool = False, token: str | None = None) -> Store:
    """The store at ``location``: remote, in memory or embedded in a directory.

    An ``http(s)://`` dataset URL is a remote SPARQL store, ``None`` or ``":memory:"`` an embedded
    Oxigraph store in memory, and a directory an embedded Oxigraph store on disk, created on first
    write unless ``read_only``.

    Parameters
    ----------
    location : str or pathlib.Path or None, optional
        An ``http(s)://`` dataset URL, ``None`` or ``":memory:"``, or a directory.
    read_only : bool, default False
        Open a store directory for reading only (it is then not created).
    token : str or None, optional
        The bearer token sent to a remote store (``http(s)://`` URLs only).

    Returns
    -------
    Store
        A :class:`~argmap.store.RemoteStore` or an :class:`~argmap.store.OxigraphStore`; use it
        as a context manager, which closes it on leaving.

    Raises
    ------
    StoreError
        When ``location`` is a file, not a directory, or a directory that cannot be opened or created.

    See Also
    --------
    ingest : Load debate files into a store.
    load : Read files and stores into one rdflib graph.

    Examples
    --------
    >>> from argmap.store import ingest
    >>> with open_store(None) as store:
    ...     report = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     type(store).__name__, store.location, report.triples_after
    ('OxigraphStore', ':memory:', 182)
    >>> open_store("tests/fixtures/mini.yaml")
    Traceback (most recent call last):
    ...
    argmap.errors.StoreError: tests/fixtures/mini.yaml: a store is a directory, and this is a file
    """
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


def location_text(location: str | Path) -> str:
    """Give a location as text, with a URL's ``//`` given back when ``Path()`` folded it.

    ``Path("http://x")`` is ``http:/x``; the text of such a path is ``http://x`` again, and any
    other location's text is ``str(location)``.

    Parameters
    ----------
    location : str or pathlib.Path
        A file, directory or URL, possibly passed through ``Path()``.

    Returns
    -------
    str
        The location's text.

    Examples
    --------
    >>> str(Path("https://kg.example.org/sparql")), location_text(Path("https://kg.example.org/sparql"))
    ('https:/kg.example.org/sparql', 'https://kg.example.org/sparql')
    >>> location_text(Path("stores/kg"))
    'stores/kg'
    """
    return re.sub(r"^(https?):/+", r"\1://", str(location))


def load(paths: Path | str | list[Path | str] | list[Path] | list[str], format: str | None = None) -> Graph:
    """Read one or more files (each by its own format) and stores into one RDF graph.

    A path that is an argmap store (a directory made by ``argmap ingest``) or an ``http(s)://``
    SPARQL dataset URL contributes the union of that store's named graphs; any other path is read
    by the format named ``format`` or the one its extension says (:mod:`argmap.graph.formats`).

    Parameters
    ----------
    paths : str or pathlib.Path or list of str or pathlib.Path
        One location or several: debate files, store directories or SPARQL dataset URLs.
    format : str or None, optional
        The name of the format every file is read with (:mod:`argmap.graph.formats`); by default
        each file's extension says.

    Returns
    -------
    rdflib.Graph
        The union of every file's and store's triples.

    Raises
    ------
    InputError
        When a file is missing or cannot be parsed, ``format`` names no readable format, a file's
        format cannot be told from its extension, or a path is a directory that is not an argmap store.

    See Also
    --------
    convert : Read, then write in another format.
    open_store : A store to ingest into or query without copying it into rdflib.

    Examples
    --------
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
    """Open what some locations hold, for reading, as one store or one graph.

    When ``locations`` name exactly one store, it is the store itself, opened read-only (so that an
    analysis can ask it for what it needs instead of copying every triple into rdflib), and closed
    on leaving; otherwise it is the graph of all of them (:func:`load`). Use it as a context manager.

    Parameters
    ----------
    locations : list of str or pathlib.Path
        Debate files, store directories or SPARQL dataset URLs.
    format : str or None, optional
        The name of the format every file is read with; by default each file's extension says.

    Yields
    ------
    rdflib.Graph or Store
        The one store, or the union graph of every location.

    Raises
    ------
    InputError
        As :func:`load` raises it: a file missing or unreadable, or of no known format, or a
        directory that is not a store.
    StoreError
        When a store cannot be opened or a remote store cannot be reached.

    See Also
    --------
    source_graph : What was opened, as an rdflib graph.

    Examples
    --------
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


def source_graph(source: Graph | Store) -> Graph:
    """Give a graph or a store as an rdflib graph.

    A graph is given as it is; a store gives its union graph (every triple of every document,
    copied into rdflib).

    Parameters
    ----------
    source : rdflib.Graph or Store
        What :func:`open_source` opened.

    Returns
    -------
    rdflib.Graph
        ``source`` itself, or the store's union graph.

    Raises
    ------
    StoreError
        When a store does not answer its CONSTRUCT query with a graph, or a remote store cannot be
        reached or answers with an error.

    Examples
    --------
    >>> from argmap.store import ingest
    >>> with open_store(None) as store:
    ...     _ = ingest(store, ["tests/fixtures/mini.yaml"])
    ...     graph = source_graph(store)
    >>> type(graph).__name__, len(graph) == len(load("tests/fixtures/mini.yaml"))
    ('Graph', True)
    """
    return source if isinstance(source, Graph) else source.union_graph()


def convert(inputs: Path | str | list[Path | str] | list[Path] | list[str], output: str | Path,
            to: str | None = None, from_format: str | None = None) -> Graph:
    """Read ``inputs`` (files or stores) and write them to ``output`` in another format.

    The inputs are read as :func:`load` reads them; ``output`` is written atomically
    (:func:`argmap.graph.formats.save`) in the format named ``to`` or the one its extension says.

    Parameters
    ----------
    inputs : str or pathlib.Path or list of str or pathlib.Path
        Debate files, store directories or SPARQL dataset URLs, as for :func:`load`.
    output : str or pathlib.Path
        The file to write.
    to : str or None, optional
        The name of a writable format; by default the one ``output``'s extension says.
    from_format : str or None, optional
        The name of the format every input file is read with; by default each file's extension says.

    Returns
    -------
    rdflib.Graph
        The graph written.

    Raises
    ------
    InputError
        When an input cannot be read (see :func:`load`).
    ArgmapError
        When no writable format has the name ``to`` or ``output``'s extension.
    OutputError
        When ``output`` cannot be written.

    See Also
    --------
    load : Read files and stores into one graph.
    argmap.graph.formats.save : Write a graph to a file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "mini.ttl"
    ...     graph = convert("tests/fixtures/mini.yaml", out)
    ...     out.read_text().startswith("@prefix")
    True
    """
    from argmap.graph.formats import save

    graph = load(inputs, from_format)
    save(graph, output, to)
    return graph
