"""The endpoint as an ASGI application (Starlette) served by uvicorn, with its limits.

:class:`Endpoint` holds the behaviour (answer a query, apply an update, render the map, describe
the service) independently of HTTP; :func:`make_app` routes the SPARQL 1.1 Protocol to it;
:class:`SparqlServer` runs the app on a socket with uvicorn.
"""
from __future__ import annotations

import asyncio
import hmac
import re
import socket
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus

import uvicorn
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

from argmap import sparql
from argmap.errors import ArgmapError, InputError, QueryError, StoreError
from argmap.server import media
from argmap.server.page import query_page, static_file
from argmap.server.workers import Answer, Busy, InlineRunner, Job, TimedOut, WorkerPool, apply_update
from argmap.store import MEMORY, OxigraphStore, Store
from argmap.store.debates import debate_from_text, debate_graph_name, document_graph, replace_document

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: Host names that always reach this machine's loopback interface.
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class MapView:
    """What ``/map`` shows: a view of the store's map (``view``, one of ``ServerSettings.map_views``),
    restricted to an issue and/or a speaker, with or without the analysis; or one ``debate`` (its id)
    in the page's curation mode, which saves the curated file to ``save_to`` (a URL relative to the
    page, set by the endpoint when it accepts updates)."""

    view: str = "who-argues-what"
    issue: str | None = None
    speaker: str | None = None
    analysis: bool = True
    debate: str | None = None
    save_to: str | None = None


@dataclass(frozen=True)
class ServerSettings:
    """Limits and permissions of an endpoint (every limit in seconds, bytes or rows)."""

    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 8
    update_token: str | None = None
    #: Renders the page at ``/map`` from the store's union graph (``argmap serve`` passes
    #: :func:`argmap.cli.store.store_map_page`); without one, ``/map`` is not found.
    map_page: Callable[[Graph, MapView], str] | None = None
    #: The views ``map_page`` knows, offered on the query page.
    map_views: tuple[str, ...] = ()
    #: Host names (``Host`` header) answered besides the bound address and the loopback names.
    allowed_hosts: tuple[str, ...] = ()
    #: Origins allowed to read answers from a browser (CORS); ``("*",)`` for any.
    cors_origins: tuple[str, ...] = ()
    #: Let ``SERVICE`` and ``LOAD`` fetch the URLs they name (refused otherwise).
    allow_service: bool = False
    #: Largest request body, and the seconds it may take to arrive.
    max_body: int = 10 << 20
    body_timeout: float = 30.0
    #: Seconds a kept-alive connection may stay idle; seconds a connection may take to send a
    #: request head (after opening, or after the keep-alive time).
    idle_timeout: float = 5.0
    header_timeout: float = 10.0
    #: Most connections open at once (more get 503).
    max_connections: int = 256
    #: Headers added to every answer (e.g. a stricter Content-Security-Policy behind a proxy).
    extra_headers: dict[str, str] = field(default_factory=dict)


class Refused(ArgmapError):
    """A request the endpoint answers with an HTTP error status."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


_BEARER = re.compile(r"Bearer ([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)


class Endpoint:
    """The endpoint's behaviour, independent of HTTP: answer queries and updates on a store.

    Queries run in worker processes (:class:`~argmap.server.workers.WorkerPool`) for a store on
    disk or a remote one, killed at ``settings.timeout``; an in-memory store is queried by threads.
    """

    def __init__(self, store: Store, settings: ServerSettings | None = None):
        self.store = store
        self.settings = settings or ServerSettings()
        self.runner: WorkerPool | InlineRunner = (
            InlineRunner(store, self.settings.workers) if store.location == MEMORY
            else WorkerPool(store.location, self.settings.workers))
        self._write_lock = threading.Lock()
        self._maps: OrderedDict[tuple[str, MapView], str] = OrderedDict()

    def job(self, text: str, accept: str | None, fmt: str | None = None, bindings: list[str] | None = None) -> Job:
        """The job answering ``text`` in the format ``fmt`` names or ``accept`` prefers, with
        ``bindings`` (``NAME=VALUE`` texts, see :func:`argmap.sparql.parse_bindings`)."""
        graph_formats = media.graph_media_types()
        return Job(
            text,
            fmt if fmt in media.RESULT_MEDIA_TYPES else media.negotiate(accept, media.RESULT_TYPES, "json"),
            fmt if fmt in graph_formats else media.negotiate(accept, media.graph_types(), "turtle"),
            self.settings.max_rows,
            self.settings.allow_service,
            sparql.parse_bindings(bindings or []) or None,
        )

    def query(self, text: str, accept: str | None, fmt: str | None = None, bindings: list[str] | None = None) -> tuple[str, bytes]:
        """The media type and body answering a query (raises :class:`Refused` or :class:`QueryError`)."""
        job = self.job(text, accept, fmt, bindings)
        try:
            answer: Answer = self.runner.run(job, self.settings.timeout)
        except TimedOut as exc:
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        except Busy as exc:
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        if answer.kind == "query":
            raise QueryError(answer.message)
        if answer.kind == "too-large":
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR,
                          f"{answer.message} (this endpoint returns at most {self.settings.max_rows} rows or triples)")
        if answer.kind != "ok":
            raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, answer.message)
        return media.media_type(answer.fmt, answer.graph), answer.body

    def authorize(self, authorization: str | None) -> None:
        """Refuse a change unless the endpoint allows updates and ``Authorization`` is exactly
        ``Bearer <the token>`` (RFC 6750 §2.1)."""
        token = self.settings.update_token
        if token is None:
            raise Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start it with --allow-update)")
        match = _BEARER.fullmatch(authorization or "")
        if match is None or not hmac.compare_digest(match.group(1).encode(), token.encode()):
            raise Refused(HTTPStatus.UNAUTHORIZED, "updates need 'Authorization: Bearer <token>' with the server's token")

    def update(self, text: str, authorization: str | None) -> None:
        """Apply an update if :meth:`authorize` lets it through."""
        self.authorize(authorization)
        sparql.refuse_fetching(text, self.settings.allow_service)
        with self._write_lock:
            try:
                if isinstance(self.store, OxigraphStore) and self.store.path is not None:
                    apply_update(self.store.location, text, self.settings.timeout)
                    self.store.refresh()
                else:
                    self.store.update(text)
            except TimedOut as exc:
                raise Refused(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
            except ArgmapError:
                raise
            except Exception as exc:  # the engine's own failure: a message for the client, not a bare 500
                raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"the update failed: {type(exc).__name__}: {exc}") from None

    def map_html(self, view: MapView) -> str:
        """The interactive map of everything in the store, as ``view`` asks (rebuilt when the
        store's :attr:`~argmap.store.Store.generation` changes; the last 8 pages are kept)."""
        render = self.settings.map_page
        if render is None:
            raise Refused(HTTPStatus.NOT_FOUND, "this endpoint serves no map")
        if self.settings.map_views and view.view not in self.settings.map_views:
            raise Refused(HTTPStatus.BAD_REQUEST, f"no view '{view.view}' (known: {', '.join(self.settings.map_views)})")
        if view.debate is not None and self.settings.update_token is not None:
            view = replace(view, save_to="debates/" + urllib.parse.quote(view.debate, safe=""))
        key = (self.store.generation, view)
        if key not in self._maps:
            graph = self.store.union_graph() if view.debate is None else document_graph(self.store, self._graph_of(view.debate))
            self._maps[key] = render(graph, view)
            while len(self._maps) > 8:
                self._maps.popitem(last=False)
        self._maps.move_to_end(key)
        return self._maps[key]

    def _graph_of(self, debate_id: str) -> str:
        try:
            return debate_graph_name(self.store, debate_id)
        except StoreError:
            raise
        except ArgmapError as exc:  # no such debate, or one spread over several documents
            raise Refused(HTTPStatus.NOT_FOUND, str(exc)) from None

    def save_debate(self, debate_id: str, text: str, authorization: str | None) -> str:
        """Replace the document holding the debate ``debate_id`` by the debate file ``text`` (YAML, as
        the map's curation mode downloads it), as one update (:func:`argmap.store.debates.replace_document`);
        the same token and limits as :meth:`update`. Returns what was done, in words."""
        self.authorize(authorization)
        debate = debate_from_text(text, f"{debate_id}.yaml")
        if debate.id != debate_id:
            raise Refused(HTTPStatus.CONFLICT, f"the file is debate '{debate.id}', not '{debate_id}': nothing was saved")
        graph_name = self._graph_of(debate_id)
        self.update(replace_document(graph_name, debate), authorization)
        return (f"saved debate '{debate_id}' ({len(debate.claims)} claims, {len(debate.relations)} relations) to the store, "
                f"as its graph <{graph_name}> (no file is changed)")

    def service_description(self, url: str, fmt: str) -> tuple[str, bytes]:
        """The SPARQL 1.1 Service Description of this endpoint (https://www.w3.org/TR/sparql11-service-description/)."""
        graph = Graph()
        graph.bind("sd", SD)
        graph.bind("formats", FORMATS)
        service, dataset, default = BNode(), BNode(), BNode()
        graph.add((service, RDF.type, SD.Service))
        graph.add((service, SD.endpoint, URIRef(url)))
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
        if self.settings.update_token is not None:
            graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
        for name in media.RESULT_FORMAT_IDS.values():
            graph.add((service, SD.resultFormat, FORMATS[name]))
        for name in media.graph_media_types():
            graph.add((service, SD.resultFormat, FORMATS[media.GRAPH_FORMAT_IDS[name]]))
        graph.add((service, SD.defaultDataset, dataset))
        graph.add((dataset, RDF.type, SD.Dataset))
        graph.add((dataset, SD.defaultGraph, default))
        graph.add((default, RDF.type, SD.Graph))
        return media.media_type(fmt, True), graph.serialize(format=sparql.GRAPH_FORMATS[fmt]).encode("utf-8")

    def close(self) -> None:
        """Stop the query workers."""
        self.runner.close()


# --- HTTP ------------------------------------------------------------------------------------------

def _host_name(value: str) -> str:
    """The host name of a ``Host`` header or of an origin's authority, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def allowed_host_names(bound_host: str, settings: ServerSettings) -> frozenset[str]:
    """The ``Host`` names the server answers: the address it is bound to, the loopback names and
    ``settings.allowed_hosts`` (a DNS-rebinding page reaches the server under its own name).

    >>> sorted(allowed_host_names("127.0.0.1", ServerSettings(allowed_hosts=("kg.example.org",))))
    ['127.0.0.1', '::1', 'kg.example.org', 'localhost']
    """
    names = {_host_name(h) for h in settings.allowed_hosts} | set(LOCAL_NAMES)
    if bound_host not in ("0.0.0.0", "::", ""):
        names.add(_host_name(bound_host) if not bound_host.count(":") > 1 else bound_host.lower())
    return frozenset(names)


class GuardMiddleware:
    """Refuse requests whose ``Host`` is not one of ours (421) or that come from a page of another
    origin not allowed by CORS (403), and add the security headers to every answer."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], origins: tuple[str, ...], extra: dict[str, str]):
        self.app, self.hosts, self.origins = app, hosts, origins
        self.extra = [(k.lower().encode(), v.encode()) for k, v in {"X-Content-Type-Options": "nosniff", **extra}.items()]

    def _refusal(self, scope: Scope) -> Response | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if _host_name(host) not in self.hosts:
            return PlainTextResponse(f"this server does not answer for the host {host!r}\n", HTTPStatus.MISDIRECTED_REQUEST)
        origin = headers.get("origin")
        if origin is None:
            return None
        authority = urllib.parse.urlsplit(origin).netloc.lower()
        if authority == host.lower() or "*" in self.origins or origin in self.origins:
            return None
        return PlainTextResponse(f"requests from pages of {origin} are refused (see --cors)\n", HTTPStatus.FORBIDDEN)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.extra

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body: 413 beyond ``limit`` bytes (announced or received), 408 when it takes
    longer than ``timeout`` seconds to arrive.

    A request built here as an ASGI server would pass it, its body arriving in two parts:

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def run(coroutine):  # asyncio.run in a thread of its own: it works where a loop already runs (Jupyter)
    ...     with ThreadPoolExecutor(1) as pool:
    ...         return pool.submit(asyncio.run, coroutine).result()
    >>> parts = iter([b"SELECT ", b"* WHERE {}"])
    >>> async def receive() -> Message:
    ...     part = next(parts, b"")
    ...     return {"type": "http.request", "body": part, "more_body": bool(part)}
    >>> run(read_body(Request({"type": "http", "headers": []}, receive), limit=100, timeout=1.0))
    b'SELECT * WHERE {}'
    >>> too_long = Request({"type": "http", "headers": [(b"content-length", b"5000")]}, receive)
    >>> try:
    ...     run(read_body(too_long, limit=100, timeout=1.0))
    ... except Refused as refused:
    ...     print(int(refused.status), refused)
    413 the body is larger than this endpoint's limit of 100 bytes
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is larger than this endpoint's limit of {limit} bytes")

    async def collect() -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is larger than this endpoint's limit of {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(collect(), timeout)
    except TimeoutError:
        raise Refused(HTTPStatus.REQUEST_TIMEOUT, f"the body did not arrive within {timeout:g} s") from None


async def read_text(request: Request, settings: ServerSettings) -> str:
    """The request body (:func:`read_body`, within the settings' limits) as UTF-8 text; 400 when it is not UTF-8.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def run(coroutine):  # asyncio.run in a thread of its own: it works where a loop already runs (Jupyter)
    ...     with ThreadPoolExecutor(1) as pool:
    ...         return pool.submit(asyncio.run, coroutine).result()
    >>> def body(data: bytes) -> Request:
    ...     async def receive() -> Message:
    ...         return {"type": "http.request", "body": data, "more_body": False}
    ...     return Request({"type": "http", "headers": []}, receive)
    >>> run(read_text(body("café".encode()), ServerSettings()))
    'café'
    >>> try:
    ...     run(read_text(body("café".encode("latin-1")), ServerSettings()))
    ... except Refused as refused:
    ...     print(int(refused.status), refused)
    400 the body is not UTF-8 (byte 3)
    """
    body = await read_body(request, settings.max_body, settings.body_timeout)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(HTTPStatus.BAD_REQUEST, f"the body is not UTF-8 (byte {exc.start})") from None


def _media(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


async def _parameters(request: Request, settings: ServerSettings) -> tuple[dict[str, list[str]], str | None, str | None]:
    """The URL's and the form's parameters, and the text of a direct ``application/sparql-query``
    or ``application/sparql-update`` body (SPARQL 1.1 Protocol §2.1, §2.2)."""
    params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return params, None, None
    text = await read_text(request, settings)
    kind = _media(request)
    if kind == "application/x-www-form-urlencoded":
        for name, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
            params.setdefault(name, []).extend(values)
        return params, None, None
    if kind == "application/sparql-query":
        return params, text, None
    if kind == "application/sparql-update":
        return params, None, text
    raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                  "POST a form (application/x-www-form-urlencoded), an application/sparql-query or an application/sparql-update body")


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise Refused(HTTPStatus.BAD_REQUEST, f"give one {name}= parameter, not {len(values)}")
    return values[0] if values else None


def _html(text: str) -> Response:
    return Response(text, media_type="text/html", headers={
        "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"})


def _page_response(settings: ServerSettings) -> Response:
    return _html(query_page(settings.map_views if settings.map_page else (), settings.update_token is not None))


_GRAPH_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")


class Routes:
    """The request handlers of an :class:`Endpoint` (SPARQL 1.1 Protocol, pages, map)."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        self.settings = endpoint.settings

    async def sparql(self, request: Request) -> Response:
        """``/sparql`` and ``/query``: a query, an update (POST), or without either the page or the
        Service Description (SPARQL 1.1 Service Description §3: the endpoint URL itself)."""
        params, direct_query, direct_update = await _parameters(request, self.settings)
        if any(params.get(name) for name in _GRAPH_PARAMETERS):
            raise Refused(HTTPStatus.BAD_REQUEST, "this endpoint queries the union of its graphs: "
                          "default-graph-uri and named-graph-uri are not supported (use GRAPH or FROM in the query)")
        text = direct_query if direct_query is not None else _one(params, "query")
        update = direct_update if direct_update is not None else _one(params, "update") if request.method == "POST" else None
        if update is not None and text is None:
            return await self._update(update, request)
        if text:
            kind, body = await run_in_threadpool(self.endpoint.query, text, request.headers.get("accept"), _one(params, "format"), params.get("bind"))
            return Response(body, media_type=kind)
        if request.method != "GET":
            raise Refused(HTTPStatus.BAD_REQUEST, "no query: give query=… or an application/sparql-query body")
        chosen = media.negotiate(request.headers.get("accept"), {"text/html": "html", **media.graph_types()}, "html")
        if chosen == "html":
            return _page_response(self.settings)
        kind, body = self.endpoint.service_description(str(request.url.replace(query="")), chosen)
        return Response(body, media_type=kind)

    async def update(self, request: Request) -> Response:
        """``/update``: a SPARQL 1.1 Update (SPARQL 1.1 Protocol §2.2)."""
        params, _, direct_update = await _parameters(request, self.settings)
        text = direct_update if direct_update is not None else _one(params, "update")
        if text is None:
            raise Refused(HTTPStatus.BAD_REQUEST, "no update: give update=… or an application/sparql-update body")
        return await self._update(text, request)

    async def _update(self, text: str, request: Request) -> Response:
        await run_in_threadpool(self.endpoint.update, text, request.headers.get("authorization"))
        return PlainTextResponse("ok\n")

    async def page(self, request: Request) -> Response:
        """``/``: the query page."""
        return _page_response(self.settings)

    async def static(self, request: Request) -> Response:
        """``/static/NAME``: the page's script and style."""
        name = request.path_params["name"]
        found = static_file(name)
        if found is None:
            raise Refused(HTTPStatus.NOT_FOUND, f"no such file: {name}")
        return Response(found[1], media_type=found[0], headers={"Cache-Control": "no-cache"})

    async def map(self, request: Request) -> Response:
        """``/map?view=…&issue=…&speaker=…&analysis=0``: the map of the store."""
        q = request.query_params
        view = MapView(q.get("view") or MapView.view, q.get("issue") or None, q.get("speaker") or None,
                       q.get("analysis", "1").lower() not in ("0", "false", "no", "off"), q.get("debate") or None)
        page = await run_in_threadpool(self.endpoint.map_html, view)
        return Response(page, media_type="text/html", headers={"Content-Security-Policy": "default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'none'"})

    async def save(self, request: Request) -> Response:
        """``PUT /debates/ID``: a debate file (YAML) replacing the debate ``ID``'s document (the map's curation mode sends it)."""
        text = await read_text(request, self.settings)
        done = await run_in_threadpool(self.endpoint.save_debate, request.path_params["debate"], text, request.headers.get("authorization"))
        return PlainTextResponse(done + "\n")


async def _refused(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Refused):
        return PlainTextResponse(f"{exc}\n", exc.status)
    status = HTTPStatus.BAD_REQUEST if isinstance(exc, (QueryError, InputError)) else HTTPStatus.INTERNAL_SERVER_ERROR
    return PlainTextResponse(f"{exc}\n", status)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", HTTPStatus.NOT_FOUND)
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        return PlainTextResponse(f"{request.method} is not allowed on {request.url.path}\n", status)
    return PlainTextResponse(f"no such page: {request.url.path} (try / or /sparql)\n", status)


def make_app(endpoint: Endpoint, bound_host: str = "127.0.0.1") -> ASGIApp:
    """Make the ASGI application that serves an endpoint over HTTP.

    The application answers the SPARQL 1.1 Protocol for ``endpoint`` (``/sparql``, ``/query``,
    ``/update``), its pages (``/``, ``/static/NAME``), its map (``/map``) and debate saves
    (``PUT /debates/ID``), behind the Host/Origin guard (and CORS when the endpoint's
    ``settings.cors_origins`` allows other origins). An argmap error while answering becomes an
    HTTP error answer with the error's message.

    Parameters
    ----------
    endpoint : Endpoint
        The endpoint's behaviour, its store and its settings.
    bound_host : str, default "127.0.0.1"
        The address the server is bound to: a ``Host`` header naming it is answered, besides the
        loopback names and ``settings.allowed_hosts`` (:func:`allowed_host_names`).

    Returns
    -------
    starlette.types.ASGIApp
        The application, for any ASGI server (:func:`serve` runs it with uvicorn).

    See Also
    --------
    serve : The endpoint served on a socket.

    Examples
    --------
    Called here as any ASGI server would call it, with one GET request:

    >>> from argmap.store import ingest, open_store
    >>> store = open_store(None)
    >>> _ = ingest(store, ["tests/fixtures/mini.yaml"])
    >>> endpoint = Endpoint(store)
    >>> app = make_app(endpoint)
    >>> async def get(target: str, host: bytes = b"localhost") -> tuple[int, str]:
    ...     path, _, query = target.partition("?")
    ...     scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(),
    ...              "headers": [(b"host", host), (b"accept", b"text/csv")]}
    ...     sent: list = []
    ...     async def receive() -> dict:
    ...         return {"type": "http.request", "body": b"", "more_body": False}
    ...     async def send(message: dict) -> None:
    ...         sent.append(message)
    ...     await app(scope, receive, send)
    ...     return int(sent[0]["status"]), b"".join(m.get("body", b"") for m in sent[1:]).decode()
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> def run(coroutine):  # asyncio.run in a thread of its own: it works where a loop already runs (Jupyter)
    ...     with ThreadPoolExecutor(1) as pool:
    ...         return pool.submit(asyncio.run, coroutine).result()
    >>> names = urllib.parse.quote("SELECT ?name WHERE { ?speaker <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name")
    >>> run(get("/sparql?query=" + names))
    (200, 'name\\nAna Ruiz\\nBen Okafor\\nSome residents\\nTown Council\\n')
    >>> run(get("/sparql?query=" + names, host=b"evil.example"))
    (421, "this server does not answer for the host 'evil.example'\\n")
    >>> run(get("/nothing"))
    (404, 'no such page: /nothing (try / or /sparql)\\n')
    >>> endpoint.close()
    >>> store.close()
    """
    settings, routes = endpoint.settings, Routes(endpoint)
    app = Starlette(routes=[
        Route("/", routes.page, methods=["GET"]),
        Route("/sparql", routes.sparql, methods=["GET", "POST"]),
        Route("/query", routes.sparql, methods=["GET", "POST"]),
        Route("/update", routes.update, methods=["POST"]),
        Route("/map", routes.map, methods=["GET"]),
        Route("/debates/{debate}", routes.save, methods=["PUT"]),
        Route("/static/{name}", routes.static, methods=["GET"]),
    ], exception_handlers={ArgmapError: _refused, 404: _not_found, 405: _not_found})
    guarded: ASGIApp = GuardMiddleware(app, allowed_host_names(bound_host, settings), settings.cors_origins, settings.extra_headers)
    if settings.cors_origins:
        guarded = CORSMiddleware(guarded, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                                 allow_headers=["Accept", "Content-Type", "Authorization"], max_age=600)
    return guarded


def guarded_protocol(header_timeout: float) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol, closing a connection that has not sent a whole request head
    within ``header_timeout`` seconds of opening or of its last answer (idle or slow-header
    clients: uvicorn's keep-alive timer stops at the first byte received).

    A client that sends a request line and never ends its head is cut off, with no answer:

    >>> import time
    >>> from argmap.store import open_store
    >>> store = open_store(None)
    >>> server = serve(store, port=0, settings=ServerSettings(header_timeout=0.2))
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> with socket.create_connection(server.server_address[:2], timeout=5) as client:
    ...     client.sendall(b"GET /sparql HTTP/1.1\\r\\n")
    ...     client.recv(100)  # b'': closed by the server after 0.2 s
    b''
    >>> server.shutdown()
    >>> server.server_close()
    >>> store.close()
    """

    class GuardedH11Protocol(H11Protocol):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm(header_timeout)

        def _arm(self, delay: float) -> None:
            cycle = self.cycle
            self._guard = self.loop.call_later(delay, self._expire, cycle)

        def _expire(self, cycle: object) -> None:
            if self.cycle is cycle and not self.transport.is_closing():
                self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._guard.cancel()
            self._arm(self.timeout_keep_alive + header_timeout)

        def connection_lost(self, exc: Exception | None) -> None:
            self._guard.cancel()
            super().connection_lost(exc)

    return GuardedH11Protocol


class SparqlServer:
    """An :class:`Endpoint` served over HTTP by uvicorn on ``host:port`` (``port`` 0: any free port).

    ``serve_forever()`` runs it (in the calling thread) until ``shutdown()`` (from another thread)
    or Ctrl-C; ``server_close()`` closes the socket and stops the query workers.
    """

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, verbose: bool = False):
        self.endpoint = endpoint
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=1024)
        self.server_address = self.socket.getsockname()
        settings = endpoint.settings
        config = uvicorn.Config(
            make_app(endpoint, host), lifespan="off", log_level="info" if verbose else "warning", access_log=verbose,
            log_config=LOGGING_CONFIG if verbose else None,
            http=guarded_protocol(settings.header_timeout), timeout_keep_alive=max(1, round(settings.idle_timeout)),
            limit_concurrency=settings.max_connections, timeout_graceful_shutdown=2, server_header=False, proxy_headers=False)
        self.server = uvicorn.Server(config)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        """The base URL of the server (loopback name for a wildcard address)."""
        host, port = self.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` or Ctrl-C."""
        self._stopped.clear()
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (running in another thread) and wait until it has returned."""
        self.server.should_exit = True
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Close the socket and stop the query workers."""
        self.socket.close()
        self.endpoint.close()


def serve(store: Store, host: str = "127.0.0.1", port: int = 7878, settings: ServerSettings | None = None,
          verbose: bool = False) -> SparqlServer:
    """Bind a SPARQL endpoint for a store to ``host:port``, ready to serve.

    The socket is bound here; requests are answered once ``serve_forever()`` is called on the
    server (in the calling thread, until ``shutdown()`` or Ctrl-C); ``server_close()`` closes the
    socket and stops the query workers. The store is not closed.

    Parameters
    ----------
    store : Store
        The store to answer queries (and updates, with a token) on.
    host : str, default "127.0.0.1"
        The address to bind; ``0.0.0.0`` or ``::`` for every interface.
    port : int, default 7878
        The port to bind; 0 takes any free port.
    settings : ServerSettings or None, optional
        The endpoint's limits and permissions; by default :class:`ServerSettings`'s defaults
        (read-only, 30 s per query, 100,000 rows).
    verbose : bool, default False
        Log every request (uvicorn's access log) and informational messages.

    Returns
    -------
    SparqlServer
        The server, bound and not yet serving; its ``url`` is its base URL.

    Raises
    ------
    OSError
        When ``host:port`` cannot be bound (e.g. the port is taken).

    See Also
    --------
    make_app : The ASGI application the server runs.

    Examples
    --------
    ``port`` 0 takes any free port; here the server runs in a thread while a client asks it on loopback:

    >>> import http.client
    >>> from argmap.store import ingest, open_store
    >>> store = open_store(None)
    >>> _ = ingest(store, ["tests/fixtures/mini.yaml"])
    >>> server = serve(store, port=0)
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> client = http.client.HTTPConnection(*server.server_address[:2])
    >>> count = "SELECT (COUNT(?claim) AS ?claims) WHERE { ?claim a <https://w3id.org/argmap/ns#Claim> }"
    >>> client.request("GET", "/sparql?query=" + urllib.parse.quote(count), headers={"Accept": "text/csv"})
    >>> client.getresponse().read().decode().split()
    ['claims', '5']
    >>> client.close()
    >>> server.shutdown()
    >>> server.server_close()
    >>> store.close()
    """
    return SparqlServer(Endpoint(store, settings), host, port, verbose)
