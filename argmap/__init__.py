"""argmap: debates as an argument-mapping knowledge graph.

The public API, one function per task; each is imported from its home only when first used, so
``import argmap`` stays cheap::

    load        files or stores -> one rdflib graph             (argmap.store)
    save        a graph -> a file in any writable format        (argmap.graph.formats)
    convert     files or a store -> a file in another format    (argmap.store)
    validate    SHACL report of a graph                         (argmap.graph.validate)
    analyze     acceptability, strength, centrality, camps      (argmap.analysis)
    annotate    the analysis written back into the graph        (argmap.analysis)
    query       a named or SPARQL query over a graph or store   (argmap.sparql)
    open_store  an embedded Oxigraph or remote SPARQL store     (argmap.store)
    ingest      files into a store, one named graph each        (argmap.store)
    render_map  the interactive map of a graph                  (argmap.exports.map)
    extract     a draft debate from a news article              (argmap.extraction)
    draft       a draft map with stances and relations          (argmap.extraction.drafting)

>>> import argmap
>>> graph = argmap.load("tests/fixtures/mini.yaml")
>>> report = argmap.analyze(graph)
>>> len(report.claims)
5
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name -> the module that defines it (and the name there).
_HOMES: dict[str, tuple[str, str]] = {
    "load": ("argmap.store", "load"),
    "save": ("argmap.graph.formats", "save"),
    "convert": ("argmap.store", "convert"),
    "validate": ("argmap.graph.validate", "validate"),
    "analyze": ("argmap.analysis", "analyze"),
    "annotate": ("argmap.analysis", "annotate"),
    "query": ("argmap.sparql", "run_query"),
    "open_store": ("argmap.store", "open_store"),
    "ingest": ("argmap.store", "ingest"),
    "render_map": ("argmap.exports.map", "render_map"),
    "extract": ("argmap.extraction", "draft_debate"),
    "draft": ("argmap.extraction.drafting", "draft_map"),
}

__all__ = ["__version__", *_HOMES]

if TYPE_CHECKING:
    from argmap.analysis import analyze, annotate
    from argmap.exports.map import render_map
    from argmap.extraction import draft_debate as extract
    from argmap.extraction.drafting import draft_map as draft
    from argmap.graph.formats import save
    from argmap.graph.validate import validate
    from argmap.sparql import run_query as query
    from argmap.store import convert, ingest, load, open_store


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module, attribute = _HOMES[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
