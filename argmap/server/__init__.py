"""A SPARQL 1.1 Protocol endpoint over a store, with the store's map and a minimal query page.

Routes (SPARQL 1.1 Protocol, https://www.w3.org/TR/sparql11-protocol/):

* ``GET /sparql?query=…`` and ``POST /sparql`` (form ``query=…`` or an ``application/sparql-query``
  body); ``/query`` is the same. Results by content negotiation on ``Accept`` (or ``format=``):
  SPARQL results JSON (default), XML, CSV, TSV; Turtle (default), N-Triples, JSON-LD or RDF/XML for
  CONSTRUCT and DESCRIBE.
* ``POST /update`` (form ``update=…`` or ``application/sparql-update``): only when the server was
  started with an update token, and only with ``Authorization: Bearer <token>``.
* ``GET /`` the query page; ``GET /map`` the interactive map of the whole store.

Queries run on a bounded pool of worker threads (Oxigraph releases the GIL). A query that takes
longer than ``timeout`` seconds gets ``503``; Oxigraph cannot be interrupted from Python, so the
worker finishes it in the background, and at most ``workers`` queries run at once. A result with
more than ``max_rows`` rows gets ``500`` and a message asking for a LIMIT.
"""
from __future__ import annotations

import concurrent.futures
import hmac
import html
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rdflib import Graph

from argmap import sparql
from argmap.errors import ArgmapError, QueryError
from argmap.graph.formats import format_named
from argmap.store import OxigraphStore, Store

#: Media types for SELECT/ASK results and for graphs, with the result format that renders them.
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "jsonld", "application/rdf+xml": "xml",
}
MEDIA_TYPE = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPE = {name: format_named(name).media_type for name in ("turtle", "nt", "jsonld", "xml")}


@dataclass(frozen=True)
class ServerSettings:
    """Limits and permissions of an endpoint."""

    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 4
    update_token: str | None = None
    #: Renders the page at ``/map`` from the store's union graph (``argmap serve`` passes
    #: :func:`argmap.exports.map.store_map_html`); without one, ``/map`` is not found.
    map_page: Callable[[Graph], str] | None = None


class Refused(ArgmapError):
    """A request the endpoint answers with an HTTP error status."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str:
    """The result format for an ``Accept`` header (RFC 9110 §12.5.1: highest q wins, then order)."""
    choices = []
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            choices.append((-q, position, media))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class Endpoint:
    """The endpoint's behaviour, independent of HTTP plumbing: answer queries and updates on a store."""

    def __init__(self, store: Store, settings: ServerSettings | None = None):
        self.store = store
        self.settings = settings or ServerSettings()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="sparql")
        self._write_lock = threading.Lock()
        self._map: tuple[object, str] | None = None

    def _fresh(self) -> None:
        if isinstance(self.store, OxigraphStore):
            self.store.refresh()

    def query(self, text: str, accept: str | None, fmt: str | None = None) -> tuple[str, bytes]:
        """The media type and body answering a query (raises :class:`Refused` or :class:`QueryError`)."""
        self._fresh()
        future = self.pool.submit(self._run, text)
        try:
            result = future.result(timeout=self.settings.timeout)
        except concurrent.futures.TimeoutError:
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"the query ran longer than {self.settings.timeout:g} s") from None
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            chosen = fmt if fmt in GRAPH_MEDIA_TYPE else negotiate(accept, GRAPH_TYPES, "turtle")
            return GRAPH_MEDIA_TYPE[chosen], sparql.format_result(result, chosen).encode("utf-8")
        chosen = fmt if fmt in MEDIA_TYPE else negotiate(accept, RESULT_TYPES, "json")
        if result.type == "ASK" and chosen in ("csv", "tsv"):
            chosen = "json"
        return MEDIA_TYPE[chosen], sparql.format_result(result, chosen).encode("utf-8")

    def _run(self, text: str):
        result = sparql.run_query(self.store, text)
        if result.type == "SELECT" and len(result) > self.settings.max_rows:
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR,
                          f"the result has {len(result)} rows, more than this endpoint's cap of {self.settings.max_rows}: add a LIMIT")
        return result

    def update(self, text: str, authorization: str | None) -> None:
        """Apply an update if the endpoint allows updates and the bearer token matches."""
        token = self.settings.update_token
        if token is None:
            raise Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --allow-update)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Refused(HTTPStatus.UNAUTHORIZED, "updates need 'Authorization: Bearer <token>' with the server's token")
        with self._write_lock:
            self.store.update(text)
            self._map = None

    def map_html(self) -> str:
        """The interactive map of everything in the store (rebuilt when the store changes)."""
        render = self.settings.map_page
        if render is None:
            raise Refused(HTTPStatus.NOT_FOUND, "this endpoint serves no map")
        self._fresh()
        version = getattr(self.store, "_generation", None)
        cached = self._map
        if cached is None or cached[0] != version:
            cached = (version, render(self.store.union_graph()))
            self._map = cached
        return cached[1]

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def query_page(endpoint_path: str = "/sparql") -> str:
    """A minimal page to type a query or pick a named one; every text shown is escaped."""
    options = "\n".join(
        f'<option value="{html.escape(q.text, quote=True)}">{html.escape(q.name)} — {html.escape(q.description)}</option>'
        for q in sparql.named_queries().values()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>argmap SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:15px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
textarea{{width:100%;height:14rem;font:13px monospace}}select{{max-width:100%}}</style></head>
<body><h1>argmap SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>{html.escape(endpoint_path)}</code>; prefixes <code>am:</code>, <code>rdf:</code>,
<code>rdfs:</code>, <code>xsd:</code> are pre-bound. <a href="/map">Map of the store</a>.</p>
<form method="get" action="{html.escape(endpoint_path, quote=True)}">
<label>Named query <select id="named" onchange="document.getElementById('query').value=this.value">
<option value="">(choose)</option>
{options}
</select></label>
<p><textarea id="query" name="query" spellcheck="false">SELECT ?speaker ?name WHERE {{ ?speaker a am:Speaker ; rdfs:label ?name }} LIMIT 20</textarea></p>
<label>Format <select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option>
<option>turtle</option><option>nt</option><option>jsonld</option></select></label>
<button type="submit">Run</button></form></body></html>
"""


def make_handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:  # noqa: C901 (to split)
    """The request handler class bound to ``endpoint``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "argmap-sparql"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # quiet by default; `argmap serve -v` logs
            if getattr(self.server, "verbose", False):
                super().log_message(format, *args)

        def _send(self, status: HTTPStatus, media_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if media_type == "text/html":
                self.send_header("Content-Security-Policy", "default-src 'self' 'unsafe-inline' data: blob:")
            self.end_headers()
            self.wfile.write(body)

        def _fail(self, status: HTTPStatus, message: str) -> None:
            self._send(status, "text/plain", (message + "\n").encode("utf-8"))

        def _form(self) -> tuple[dict[str, list[str]], str | None]:
            """Parameters of the URL and the form body, and the raw body when it is a SPARQL text."""
            url = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if self.command != "POST":
                return params, None
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media == "application/x-www-form-urlencoded":
                for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
                return params, None
            return params, body

        def _route(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            try:
                params, body = self._form()
                if path in ("/sparql", "/query"):
                    text = body if body is not None else (params.get("query") or [None])[0]
                    if self.command == "POST" and text is None and params.get("update"):
                        return self._update(params["update"][0])
                    if not text:
                        return self._send(HTTPStatus.OK, "text/html", query_page().encode("utf-8")) if self.command == "GET" else \
                            self._fail(HTTPStatus.BAD_REQUEST, "no query: give query=… or a application/sparql-query body")
                    fmt = (params.get("format") or [None])[0]
                    media, data = endpoint.query(text, self.headers.get("Accept"), fmt)
                    return self._send(HTTPStatus.OK, media, data)
                if path == "/update":
                    if self.command != "POST":
                        return self._fail(HTTPStatus.METHOD_NOT_ALLOWED, "updates are POSTed")
                    text = body if body is not None else (params.get("update") or [""])[0]
                    return self._update(text)
                if path == "/" and self.command == "GET":
                    return self._send(HTTPStatus.OK, "text/html", query_page().encode("utf-8"))
                if path == "/map" and self.command == "GET":
                    return self._send(HTTPStatus.OK, "text/html", endpoint.map_html().encode("utf-8"))
                return self._fail(HTTPStatus.NOT_FOUND, f"no such page: {path} (try / or /sparql)")
            except Refused as exc:
                return self._fail(exc.status, str(exc))
            except QueryError as exc:
                return self._fail(HTTPStatus.BAD_REQUEST, str(exc))
            except ArgmapError as exc:
                return self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))

        def _update(self, text: str) -> None:
            endpoint.update(text, self.headers.get("Authorization"))
            self._send(HTTPStatus.OK, "text/plain", b"ok\n")

        do_GET = _route
        do_POST = _route

    return Handler


class SparqlServer(ThreadingHTTPServer):
    """A threaded HTTP server answering the SPARQL 1.1 Protocol for one :class:`Endpoint`."""

    daemon_threads = True

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, verbose: bool = False):
        self.endpoint = endpoint
        self.verbose = verbose
        super().__init__((host, port), make_handler(endpoint))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.close()


def serve(store: Store, host: str = "127.0.0.1", port: int = 7878, settings: ServerSettings | None = None,
          verbose: bool = False) -> SparqlServer:
    """A SPARQL endpoint for ``store`` bound to ``host:port`` (call ``serve_forever()`` on it)."""
    return SparqlServer(Endpoint(store, settings), host, port, verbose)
