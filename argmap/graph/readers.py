"""Readers: plugins keyed by format name that turn a file into RDF triples.

``formats["yaml"].read(path)`` returns an rdflib graph; :func:`load` picks the reader from the
``format`` name or the file's extension. A new input format is one module and one registry line.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from argmap.errors import InputError
from argmap.graph.debate_yaml import read_debate_yaml
from argmap.graph.rdf import debate_to_rdf, new_graph


@dataclass(frozen=True)
class Reader:
    """A named input format: the file extensions it claims and the function that reads one file."""

    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path], Graph]
    description: str = ""


def read_yaml(path: Path) -> Graph:
    """Read an argmap debate file (YAML) into RDF."""
    debate, _ = read_debate_yaml(path)
    return debate_to_rdf(debate)


def rdf_reader(rdflib_format: str) -> Callable[[Path], Graph]:
    """A reader that parses an RDF serialisation with rdflib, reporting errors with the file name."""

    def read(path: Path) -> Graph:
        graph = new_graph()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
        try:
            graph.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
        except Exception as exc:  # rdflib raises many types; all mean "does not parse"
            line = getattr(exc, "lines", None) or getattr(exc, "line", None)
            message = " ".join(str(exc).split())
            raise InputError(str(path), f"cannot parse as {rdflib_format}: {message}", line=line if isinstance(line, int) else None) from None
        return graph

    return read


formats: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to :data:`formats` (the last one registered for an extension wins)."""
    formats[reader.name] = reader
    return reader


register(Reader("yaml", (".yaml", ".yml"), read_yaml, "argmap debate file (docs/debate-format.md)"))
register(Reader("turtle", (".ttl",), rdf_reader("turtle"), "RDF Turtle"))
register(Reader("nt", (".nt",), rdf_reader("nt"), "RDF N-Triples"))
register(Reader("jsonld", (".jsonld",), rdf_reader("json-ld"), "RDF JSON-LD"))
register(Reader("xml", (".rdf", ".owl", ".xml"), rdf_reader("xml"), "RDF/XML"))


def _discover_plugins() -> None:
    """Import every module of :mod:`argmap.graph.formats`; each registers its reader."""
    import importlib
    import pkgutil

    from argmap.graph import formats as plugins

    for module in sorted(m.name for m in pkgutil.iter_modules(plugins.__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{plugins.__name__}.{module}")


_discover_plugins()


def reader_for(path: Path, format: str | None = None) -> Reader:
    """The reader named ``format``, or the one whose extension matches ``path``."""
    if format is not None:
        if format not in formats:
            raise InputError(str(path), f"unknown input format '{format}' (known: {', '.join(sorted(formats))})")
        return formats[format]
    suffix = path.suffix.lower()
    for reader in reversed(list(formats.values())):
        if suffix in reader.extensions:
            return reader
    known = ", ".join(sorted(ext for r in formats.values() for ext in r.extensions))
    raise InputError(str(path), f"cannot tell the format from the extension '{suffix}' (known: {known}); name it with --from")


def load(paths: Path | str | list[Path | str], format: str | None = None) -> Graph:
    """Read one or more files (each by its own reader) into one RDF graph.

    A path that is an argmap store (a directory made by ``argmap ingest``) or an ``http(s)://``
    SPARQL dataset URL contributes the union of that store's named graphs.
    """
    import re

    from argmap.graph.store import is_store_location, open_store

    if isinstance(paths, (str, Path)):
        paths = [paths]
    graphs = []
    for p in paths:
        # Path() folds the '//' of a URL: give the scheme its two slashes back.
        text = re.sub(r"^(https?):/+", r"\1://", str(p))
        if is_store_location(text):
            with open_store(text, read_only=True) as store:
                graphs.append(store.union_graph())
            continue
        path = Path(p)
        if not path.exists():
            raise InputError(str(path), "no such file")
        if path.is_dir():
            raise InputError(str(path), "a directory that is not an argmap store (make one with `argmap ingest FILES --store DIR`)")
        graphs.append(reader_for(path, format).read(path))
    if len(graphs) == 1:
        return graphs[0]
    merged = new_graph()
    for g in graphs:
        merged += g
    return merged
