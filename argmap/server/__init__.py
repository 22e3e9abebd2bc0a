"""A SPARQL 1.1 endpoint over a store, with its query page and its map (Starlette on uvicorn).

Routes (SPARQL 1.1 Protocol, https://www.w3.org/TR/sparql11-protocol/):

* ``GET /sparql?query=…`` and ``POST /sparql`` (a form with ``query=…``, or a direct
  ``application/sparql-query`` body); ``/query`` is the same. Results by content negotiation on
  ``Accept`` (or ``format=``): SPARQL results JSON (default), XML, CSV, TSV; for CONSTRUCT and
  DESCRIBE every graph format of the registry that results are written in (Turtle by default,
  N-Triples, JSON-LD, RDF/XML). ``bind=NAME=VALUE`` binds a variable (as ``argmap query --bind``).
* ``GET /sparql`` without a query: the query page, or with ``Accept: text/turtle`` (or another
  graph type) the Service Description.
* ``POST /update`` (or ``/sparql``; form ``update=…`` or ``application/sparql-update``): only when
  the server has an update token, and only with ``Authorization: Bearer <token>``.
* ``GET /`` the query page; ``GET /map?view=…&issue=…&speaker=…&analysis=0`` the map of the store.

Limits: queries run in a bounded pool of worker processes and are killed at ``timeout`` (their CPU
freed) while other queries keep being answered; at most ``max_rows`` rows or triples are read (the
store stops there); ``SERVICE`` and ``LOAD`` are refused unless ``allow_service``; the ``Host`` must
be one of the server's names and a page of another origin is refused unless CORS allows it; bodies
are limited in size and time, and connections that send nothing are closed.
"""
from __future__ import annotations

from argmap.server.app import Endpoint, MapView, Refused, ServerSettings, SparqlServer, make_app, serve
from argmap.server.media import GRAPH_FORMAT_IDS, RESULT_MEDIA_TYPES, RESULT_TYPES, graph_media_types, graph_types, negotiate
from argmap.server.page import query_page

__all__ = [
    "GRAPH_FORMAT_IDS", "RESULT_MEDIA_TYPES", "RESULT_TYPES", "Endpoint", "MapView", "Refused", "ServerSettings", "SparqlServer",
    "graph_media_types", "graph_types", "make_app", "negotiate", "query_page", "serve",
]
