"""Formats: one registry of the file formats argmap reads and writes, looked up by name, file
extension or media type.

As in rdflib's plugin registry, an entry names the module that holds the format's reader and
writer; that module is imported only when the format is first used. A new format is one module
and one line in :data:`BUILT_IN`. Other packages add formats through the ``argmap.formats`` entry
point group: each entry point loads to a :class:`Format`.

>>> fmt = format_named("turtle")
>>> fmt.extension, fmt.media_type, fmt.readable, fmt.writable
('.ttl', 'text/turtle', True, True)
>>> format_for_path("debate.yaml").name
'yaml'
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import cast

from rdflib import Graph

from argmap.errors import ArgmapError, InputError

ENTRY_POINT_GROUP = "argmap.formats"


@dataclass(frozen=True)
class Format:
    """A named file format: its extensions and media types, and where its reader and writer live.

    ``reader`` and ``writer`` name functions of ``module``: ``reader(path) -> Graph`` and
    ``writer(graph) -> str | bytes``. A format without one of them only reads or only writes.
    """

    name: str
    module: str
    extensions: tuple[str, ...]
    media_types: tuple[str, ...]
    description: str
    reader: str | None = None
    writer: str | None = None

    @property
    def extension(self) -> str:
        """The usual file extension (the first of :attr:`extensions`)."""
        return self.extensions[0]

    @property
    def media_type(self) -> str:
        """The preferred media type (the first of :attr:`media_types`)."""
        return self.media_types[0]

    @property
    def readable(self) -> bool:
        """Whether argmap can read this format."""
        return self.reader is not None

    @property
    def writable(self) -> bool:
        """Whether argmap can write this format."""
        return self.writer is not None

    def _function(self, attribute: str | None, what: str) -> Callable[..., object]:
        if attribute is None:
            raise ArgmapError(f"argmap cannot {what} the format '{self.name}'")
        return cast(Callable[..., object], getattr(import_module(self.module), attribute))

    def read(self, path: Path) -> Graph:
        """Read the file at ``path`` into an RDF graph (refused when it holds text no export can hold)."""
        from argmap.graph.formats._common import check_graph_text

        return check_graph_text(cast(Graph, self._function(self.reader, "read")(Path(path))), str(path))

    def write(self, graph: Graph) -> str | bytes:
        """Render ``graph`` as this format's file content."""
        return cast("str | bytes", self._function(self.writer, "write")(graph))


_M = "argmap.graph.formats."
_X = "argmap.exports."

#: argmap's own formats, in the order they are listed and matched against file names.
BUILT_IN: tuple[Format, ...] = (
    Format("aif", _M + "aif", (".json",), ("application/json",), "AIF JSON (AIFdb/OVA nodesets with IAT: I, L, YA, TA, RA, CA, MA nodes)", "read", "write_aif"),
    Format("argdown", _M + "argdown", (".argdown", ".ad"), ("text/x-argdown",), "Argdown (statements, arguments, relations, PCS, tags, sections, data)", "read_argdown", "write_argdown"),
    Format("csv", _X + "csv", (".zip",), ("application/zip",), "nodes.csv + edges.csv in a zip (Gephi spreadsheet columns)", None, "write_csv_zip"),
    Format("dot", _X + "dot", (".dot", ".gv"), ("text/vnd.graphviz",), "Graphviz DOT (speakers, issues, claims, relations)", None, "write_dot"),
    Format("gexf", _X + "gexf", (".gexf",), ("application/gexf+xml",), "GEXF 1.2 for Gephi (speakers, issues, claims, relations, colours)", None, "write_gexf"),
    Format("graphml", _X + "graphml", (".graphml",), ("application/graphml+xml",), "GraphML for Gephi, yEd, networkx (speakers, issues, claims, relations)", None, "write_graphml"),
    Format("html", _X + "map", (".html", ".htm"), ("text/html",), "interactive map (single self-contained HTML page)", None, "render_html"),
    Format("jsonld", _M + "rdf", (".jsonld",), ("application/ld+json",), "RDF JSON-LD, compacted with argmap's context (plain JSON keys)", "read_jsonld", "write_jsonld"),
    Format("kialo", _M + "kialo", (".kialo",), ("text/plain",), "Kialo discussion export (2018 and 2023 layouts; Kialo names them .txt: use --from kialo)", "read_kialo", None),
    Format("nt", _M + "rdf", (".nt",), ("application/n-triples",), "RDF N-Triples, lines sorted (diffable)", "read_nt", "write_nt"),
    Format("turtle", _M + "rdf", (".ttl",), ("text/turtle",), "RDF Turtle", "read_turtle", "write_turtle"),
    Format("xml", _M + "rdf", (".rdf", ".owl", ".xml"), ("application/rdf+xml",), "RDF/XML", "read_xml", "write_xml"),
    Format("yaml", _M + "yaml", (".yaml", ".yml"), ("application/yaml",), "argmap debate file (docs/debate-format.md; one debate)", "read", "write"),
)


@cache
def formats() -> dict[str, Format]:
    """Every known format by name: the built-in ones, then those of installed plugins.

    >>> sorted(formats())[:3]
    ['aif', 'argdown', 'csv']
    """
    known = {fmt.name: fmt for fmt in BUILT_IN}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        plugin = point.load()
        if not isinstance(plugin, Format):
            raise ArgmapError(f"entry point '{point.name}' in {ENTRY_POINT_GROUP} is not an argmap Format")
        known[plugin.name] = plugin
    return known


def readable_names() -> list[str]:
    """The names of the formats argmap reads, sorted.

    >>> readable_names()[:2]
    ['aif', 'argdown']
    """
    return sorted(name for name, fmt in formats().items() if fmt.readable)


def writable_names() -> list[str]:
    """The names of the formats argmap writes, sorted.

    >>> 'graphml' in writable_names() and 'kialo' not in writable_names()
    True
    """
    return sorted(name for name, fmt in formats().items() if fmt.writable)


def _known(names: list[str]) -> str:
    return ", ".join(names)


def format_named(name: str, where: str = "argmap", reading: bool = True) -> Format:
    """The format called ``name``; an :class:`InputError` naming ``where`` if there is none.

    >>> format_named("gexf", reading=False).extension
    '.gexf'
    """
    fmt = formats().get(name)
    if fmt is None or not (fmt.readable if reading else fmt.writable):
        known = readable_names() if reading else writable_names()
        raise InputError(where, f"unknown {'input' if reading else 'output'} format '{name}' (known: {_known(known)})")
    return fmt


def format_for_path(path: str | Path, reading: bool = True) -> Format:
    """The format whose extension ends ``path`` (for reading or for writing).

    >>> format_for_path("map.graphml", reading=False).name
    'graphml'
    """
    name = str(path).lower()
    for fmt in formats().values():
        if (fmt.readable if reading else fmt.writable) and name.endswith(fmt.extensions):
            return fmt
    if reading:
        suffix = Path(path).suffix.lower()
        known = ", ".join(sorted(ext for fmt in formats().values() if fmt.readable for ext in fmt.extensions))
        raise InputError(str(path), f"cannot tell the format from the extension '{suffix}' (known: {known}); name it with --from")
    raise ArgmapError(f"cannot tell the output format of '{path}' (known: {_known(writable_names())}); name it with --format")


def format_for_media_type(media_type: str) -> Format | None:
    """The format whose media types include ``media_type`` (parameters ignored), if any.

    >>> format_for_media_type("text/turtle; charset=utf-8").name
    'turtle'
    """
    bare = media_type.split(";")[0].strip().lower()
    return next((fmt for fmt in formats().values() if bare in fmt.media_types), None)


def reader_for(path: Path, format: str | None = None) -> Format:
    """The format to read ``path`` with: the one named ``format``, else the one its extension says.

    Raises
    ------
    ArgmapError
        When no readable format has that name or extension.

    Examples
    --------
    >>> reader_for(Path("debate.ttl")).name, reader_for(Path("debate.txt"), "yaml").name
    ('turtle', 'yaml')
    """
    return format_named(format, str(path)) if format is not None else format_for_path(path)


def writer_for(name: str | None = None, path: str | Path | None = None) -> Format:
    """The format to write: the one named ``name``, else the one whose extension ends ``path``.

    Raises
    ------
    ArgmapError
        When neither is given, or no writable format has that name or extension.

    Examples
    --------
    >>> writer_for("nt").name, writer_for(path="map.jsonld").name
    ('nt', 'jsonld')
    """
    if name is not None:
        fmt = formats().get(name)
        if fmt is None or not fmt.writable:
            raise ArgmapError(f"unknown output format '{name}' (known: {_known(writable_names())})")
        return fmt
    if path is None:
        raise ArgmapError(f"name an output format (known: {_known(writable_names())})")
    return format_for_path(path, reading=False)


def read_files(paths: list[Path], format: str | None = None) -> Graph:
    """Read files (each by its own format, or all by ``format``) into one RDF graph.

    >>> from pathlib import Path
    >>> graph = read_files([Path("tests/fixtures/mini.yaml")])
    >>> len(graph) > 0
    True
    """
    from argmap.graph.rdf import union_of

    graphs = []
    for path in paths:
        if not path.exists():
            raise InputError(str(path), "no such file")
        graphs.append(reader_for(path, format).read(path))
    return union_of(graphs)


def save(graph: Graph, path: str | Path, format: str | None = None) -> Path:
    """Write ``graph`` to ``path`` atomically, in the format named ``format`` or the one the extension says.

    The file is written by :func:`argmap.io.write_atomic`: a reader never sees half a file, and
    ``-`` writes to standard output.

    Parameters
    ----------
    graph : rdflib.Graph
        The debates to write.
    path : str or pathlib.Path
        The file to write.
    format : str or None, optional
        The name of a writable format; by default the one ``path``'s extension says.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ArgmapError
        When no writable format has that name or extension (:func:`writer_for`).
    OutputError
        When ``path`` cannot be written.

    See Also
    --------
    read_files : Read files into one graph.
    argmap.convert : Read files or stores and save them in another format.

    Examples
    --------
    >>> import tempfile
    >>> graph = read_files([Path("tests/fixtures/mini.yaml")])
    >>> out = save(graph, Path(tempfile.mkdtemp()) / "mini.nt")
    >>> len(out.read_text(encoding="utf-8").splitlines()) == len(graph)
    True
    """
    from argmap.io import write_atomic

    target = Path(path)
    write_atomic(target, writer_for(format, target).write(graph))
    return target
