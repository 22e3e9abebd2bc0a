"""Exports: writers keyed by format name, each turning an RDF graph into one file's content.

``formats["turtle"].write(graph)`` returns the text to write; :func:`export` looks a writer up by
name. A new output format is one module and one registry line (see :func:`register`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph

from argmap.errors import ArgmapError


@dataclass(frozen=True)
class Writer:
    """A named output format: its usual file extension and the function that renders a graph."""

    name: str
    extension: str
    write: Callable[[Graph], str | bytes]
    description: str = ""


formats: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    """Add a writer to :data:`formats`."""
    formats[writer.name] = writer
    return writer


def writer_for(name: str | None = None, path: str | None = None) -> Writer:
    """The writer named ``name``, or the one whose extension ends ``path``."""
    if name is not None:
        if name not in formats:
            raise ArgmapError(f"unknown output format '{name}' (known: {', '.join(sorted(formats))})")
        return formats[name]
    if path is not None:
        for writer in formats.values():
            if str(path).lower().endswith(writer.extension):
                return writer
    raise ArgmapError(f"cannot tell the output format of '{path}' (known: {', '.join(sorted(formats))}); name it with --format")


def export(graph: Graph, name: str) -> str | bytes:
    """Render ``graph`` in the output format ``name``."""
    return writer_for(name).write(graph)


def _discover_plugins() -> None:
    """Import every module of this package; each registers its writers with :func:`register`."""
    import importlib
    import pkgutil

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{__name__}.{module}")


_discover_plugins()
from argmap.exports.html import map  # noqa: E402,F401  (argmap.exports.map(graph) for notebooks)
