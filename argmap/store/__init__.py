"""Stores: where debates accumulate, one named graph per ingested document, and answer SPARQL.

One interface, :class:`Store` (:mod:`argmap.store.base`), three places chosen by
:func:`open_store`'s ``location`` (:mod:`argmap.store.locate`):

* a directory: an embedded persistent store (Oxigraph, on RocksDB) that argmap creates and
  recognises by its ``argmap-store.json`` manifest (:mod:`argmap.store.oxigraph`);
* ``None`` or ``":memory:"``: the same engine in memory, for one-shot work on files;
* an ``http(s)://`` dataset URL: a remote SPARQL 1.1 server (:mod:`argmap.store.remote`).

Every store answers queries over the *union* of its named graphs, running the text it is given
(choosing a query's text is the sparql layer's business). :func:`ingest`
(:mod:`argmap.store.ingest`) reads each file with :func:`argmap.graph.formats.read_files` (so every
registered format works) or, for N-Triples, Turtle and RDF/XML, with Oxigraph's own parser, and
puts it in the named graph of that document (its ``file:`` URI unless given). Re-ingesting a
document replaces its graph, and one call is one transaction: it happens entirely or not at all.
SELECT answers are :class:`SelectResult` objects holding the SPARQL results document
(:mod:`argmap.store.results`).
"""
from __future__ import annotations

from argmap.store.base import (
    NATIVE_FORMATS,
    PREFIX_IRIS,
    Document,
    IngestReport,
    Input,
    Progress,
    QueryResult,
    Store,
    StoreError,
    oxigraph_syntax_error,
    prefixed,
    query_form,
    syntax_error,
    values_clause,
)
from argmap.store.ingest import document_graph, ingest, resolve_inputs
from argmap.store.locate import convert, is_store_location, load, location_text, open_source, open_store, source_graph
from argmap.store.oxigraph import MANIFEST, MEMORY, OxigraphStore, read_manifest
from argmap.store.remote import RemoteStore
from argmap.store.results import ResultTooLarge, SelectResult, capped, oxigraph_result
from argmap.store.terms import restore_datatypes, to_oxigraph, to_rdflib

__all__ = [
    "MANIFEST", "MEMORY", "NATIVE_FORMATS", "PREFIX_IRIS", "Document", "IngestReport", "Input", "OxigraphStore",
    "Progress", "QueryResult", "RemoteStore", "ResultTooLarge", "SelectResult", "Store", "StoreError", "capped", "convert",
    "document_graph", "ingest", "is_store_location", "load", "location_text", "open_source", "open_store", "source_graph", "oxigraph_result", "oxigraph_syntax_error", "prefixed",
    "query_form", "read_manifest", "resolve_inputs", "restore_datatypes", "syntax_error", "to_oxigraph", "to_rdflib",
    "values_clause",
]
