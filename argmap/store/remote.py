"""A remote store: a SPARQL 1.1 server reached over HTTP (Oxigraph server, Virtuoso 7, Fuseki,
``argmap serve --allow-update``), given by the URL the user has for it.

* **Endpoints**: ``…/query`` (Oxigraph, Fuseki) has its siblings ``update`` and ``store`` (SPARQL
  Graph Store HTTP Protocol); ``…/sparql`` (Virtuoso, argmap) takes updates at the same URL, and
  with credentials Virtuoso's authenticated paths ``…/sparql-auth`` and ``…/sparql-graph-crud-auth``;
  a base URL (``http://host:port/``) is probed for ``query`` then ``sparql``.
* **Authentication**: ``user:password@`` in the URL, answered as HTTP Basic or Digest (whichever the
  server asks for, only to that server); a bearer token goes as ``Authorization: Bearer``. Neither
  is forwarded on a redirect to another host.
* **Ingest**: every input is read (and must parse) before anything is sent; then each document
  replaces its named graph by one Graph Store ``PUT`` (or, without a graph store, ``DROP`` and
  ``INSERT DATA`` in chunks of :data:`INSERT_CHUNK` triples: Virtuoso refuses one ``INSERT DATA``
  above ~1,400 triples). The server's count of each graph is checked afterwards: an ingest that
  stored less than it sent is an error, never "added".
* **Complete answers or an error**: servers cap results (Virtuoso: ``ResultSetMaxRows``, 10,000 by
  default, announced in the ``X-SPARQL-MaxRows`` header on SELECT, silent on CONSTRUCT). A SELECT
  answer that the server says it cut, or as long as a cap it announced before, raises
  :class:`StoreError`; the union graph (maps, analyses) is read in ordered pages short of the cap.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any, cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

from argmap.errors import QueryError
from argmap.graph.rdf import new_graph
from argmap.store.base import (
    Document,
    IngestReport,
    Input,
    Progress,
    QueryResult,
    Store,
    StoreError,
    first_number,
    prefixed,
    query_form,
    values_clause,
)
from argmap.store.ingest import input_ntriples
from argmap.store.results import ResultTooLarge, SelectResult, oxigraph_result
from argmap.store.terms import restore_datatypes, to_rdflib

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
#: Triples per INSERT DATA request when there is no graph store (Virtuoso 7 fails above ~1,400).
INSERT_CHUNK = 1000
#: Rows per page when reading the union graph (at most the server's cap, once known).
PAGE = 10000
#: Graphs a Virtuoso server holds for itself: not argmap documents.
SYSTEM_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#", "http://localuriqaserver/sparql",
                 "http://www.w3.org/2002/07/owl#")


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, takes updates, and serves graphs (None: no graph store)."""

    query: str
    update: str
    graph_store: str | None


def endpoints_for(url: str, authenticated: bool = False) -> Endpoints | None:
    """The endpoints that the URL's last path segment says (None for a base URL, which is probed).

    >>> endpoints_for("http://127.0.0.1:7878/query")
    Endpoints(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', graph_store='http://127.0.0.1:7878/store')
    >>> endpoints_for("http://127.0.0.1:8890/sparql", authenticated=True).update
    'http://127.0.0.1:8890/sparql-auth'
    """
    head, _, last = url.rstrip("/").rpartition("/")
    if last == "query":
        return Endpoints(url, f"{head}/update", f"{head}/store")
    if last in ("sparql", "sparql-auth"):
        auth = authenticated or last == "sparql-auth"
        return Endpoints(url, f"{head}/sparql-auth" if auth else url, f"{head}/sparql-graph-crud" + ("-auth" if auth else ""))
    return None


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects, keeping the Authorization header only when the host stays the same."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is None:
            return None
        new.remove_header("Authorization")
        same_host = urllib.parse.urlsplit(newurl)[:2] == urllib.parse.urlsplit(req.full_url)[:2]
        token = req.unredirected_hdrs.get("Authorization")
        if same_host and token:
            new.add_unredirected_header("Authorization", token)
        return new


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over HTTP at ``url`` (see the module: endpoints, auth, ingest, caps).

    Queries read the server's default graph, which must be the union of its named graphs
    (``oxigraph serve --union-default-graph``, Fuseki's ``tdb2:unionDefaultGraph true``, Virtuoso
    and ``argmap serve`` as they are). ``token``, when given, is sent as ``Authorization: Bearer``.
    """

    def __init__(self, url: str, update_url: str | None = None, token: str | None = None, timeout: float = 300.0,
                 graph_store_url: str | None = None):
        parts = urllib.parse.urlsplit(url)
        self.user = urllib.parse.unquote(parts.username) if parts.username else None
        password = urllib.parse.unquote(parts.password) if parts.password else None
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        self.location = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.token = token
        self.timeout = timeout
        self.max_rows: int | None = None
        handlers: list[urllib.request.BaseHandler] = [_Redirects()]
        if self.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, f"{parts.scheme}://{netloc}/", self.user, password or "")  # this server only
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)
        found = endpoints_for(self.location, self.user is not None) if update_url is None else \
            Endpoints(self.location, update_url, graph_store_url)
        self.endpoints = found or self._probe(self.location)
        self.query_url, self.update_url = self.endpoints.query, self.endpoints.update

    def _probe(self, base: str) -> Endpoints:
        """The endpoints under a base URL: ``query`` (Oxigraph, Fuseki) or else ``sparql`` (Virtuoso)."""
        base = base if base.endswith("/") else base + "/"
        tried = []
        for name in ("query", "sparql"):
            found = endpoints_for(base + name, self.user is not None)
            assert found is not None
            try:
                self._request(found.query + "?query=ASK%7B%7D", None, {"Accept": RESULTS_JSON})
                return found
            except StoreError as exc:
                tried.append(f"{found.query} ({exc})")
        raise StoreError(f"{base}: no SPARQL endpoint found; tried " + "; ".join(tried) + ". Give the query endpoint's URL (…/query or …/sparql)")

    def _request(self, url: str, body: bytes | None, headers: dict[str, str], method: str | None = None,
                 query: bool = False) -> tuple[bytes, Any]:
        """Send one request; the body and headers of the answer. HTTP errors become StoreError
        (QueryError for a query the server rejects with 400)."""
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        if self.token:  # Basic and Digest credentials are the handlers' business, asked for by the server
            request.add_unredirected_header("Authorization", f"Bearer {self.token}")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:500]
            if exc.code == 400 and query:
                raise QueryError(f"{url}: the server rejected the query: {detail}") from None
            if exc.code in (401, 403):
                raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: the server wants credentials with the right to do this "
                                 f"(give user:password@ in the URL, or a token): {detail}") from None
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {getattr(exc, 'reason', exc)}") from None

    def update(self, text: str) -> None:
        """Send one SPARQL 1.1 Update request (one transaction on the server)."""
        self._request(self.update_url, prefixed(text).encode("utf-8"), {"Content-Type": "application/sparql-update"})

    def _ask(self, text: str, accept: str) -> tuple[bytes, Any]:
        body = urllib.parse.urlencode({"query": text}).encode("ascii")
        return self._request(self.query_url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, query=True)

    def query(self, text: str, bindings: Mapping[str, object] | None = None, where: str | None = None,
              max_rows: int | None = None) -> QueryResult:
        result = self._query(text, bindings)
        if max_rows is not None and result.type != "ASK" and len(result) > max_rows:
            raise ResultTooLarge(max_rows)
        return result

    def _query(self, text: str, bindings: Mapping[str, object] | None) -> QueryResult:
        form = query_form(text)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        data, headers = self._ask(prefixed(text) + values_clause(bindings), NTRIPLES if graph_form else RESULTS_JSON)
        if graph_form:
            result = Result(form)
            result.graph = restore_datatypes(new_graph().parse(data=data, format="nt"))
            self._check_complete(len(result.graph), headers, "triples")
            return result
        if form == "ASK":
            return oxigraph_result(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON), form)
        answer = SelectResult(data, ox.QueryResultsFormat.JSON)
        self._check_complete(len(answer), headers, "rows")
        return answer

    def _check_complete(self, count: int, headers: Any, what: str) -> None:
        """Raise StoreError when the server cut an answer: it says so (``X-SPARQL-MaxRows``) or
        the answer is as long as a cap it announced before."""
        announced = headers.get("X-SPARQL-MaxRows") if headers is not None else None
        if announced and announced.strip().isdigit():
            self.max_rows = int(announced)
        if self.max_rows is not None and count >= self.max_rows:
            raise StoreError(f"{self.query_url}: the server cut the answer at {self.max_rows} {what} (its result cap, "
                             "X-SPARQL-MaxRows): add LIMIT/OFFSET to page through it, or raise the cap (Virtuoso: "
                             "ResultSetMaxRows in [SPARQL] of virtuoso.ini)")

    def documents(self) -> list[Document]:
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        rows = cast(Iterable[tuple[Any, ...]], result)
        return [Document(str(row[0]), int(str(row[1]))) for row in rows if str(row[0]) not in SYSTEM_GRAPHS]

    def _graph_filter(self) -> str:
        return "FILTER (?g NOT IN (" + ", ".join(f"<{g}>" for g in SYSTEM_GRAPHS) + "))"

    def __len__(self) -> int:
        return first_number(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"))

    def union_graph(self) -> Graph:
        """Every triple of every document, read in pages ordered by subject, predicate and object,
        each shorter than the server's cap (learnt from ``X-SPARQL-MaxRows`` when it cuts a page)."""
        graph = new_graph()
        offset, page = 0, min(PAGE, self.max_rows or PAGE)
        while True:
            text = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }} "
                    f"ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}")
            data, headers = self._ask(text, RESULTS_JSON)
            answer = SelectResult(data, ox.QueryResultsFormat.JSON)
            cap = headers.get("X-SPARQL-MaxRows") if headers is not None else None
            if cap and cap.strip().isdigit() and int(cap) < page:  # the server cut the page: pages of its cap from here
                self.max_rows = page = int(cap)
            cache: dict[Any, Any] = {}
            for row in answer.rows:
                graph.add(cast(Any, tuple(to_rdflib(t, cache) for t in row)))
            offset += len(answer.rows)
            if len(answer.rows) < page:
                return restore_datatypes(graph)

    def ingest(self, inputs: list[Input], progress: Progress | None = None) -> IngestReport:
        documents = {d.graph: d.triples for d in self.documents()}
        report = IngestReport(triples_before=sum(documents.values()))
        prepared = [(item, input_ntriples(item)) for item in inputs]  # every input read (and parsed) before anything is sent
        for item, data in prepared:
            self._replace_graph(item.graph, data)
            (report.replaced if item.graph in documents else report.added).append(item.graph)
            if progress:
                progress(item.size)
        stored = {d.graph: d.triples for d in self.documents()}
        for item, data in prepared:
            expected = len({line for line in data.splitlines() if line.strip()})
            if stored.get(item.graph, 0) != expected:
                raise StoreError(f"{self.location}: {item.path} was sent as {expected} triples but the server holds "
                                 f"{stored.get(item.graph, 0)} in <{item.graph}>: the ingest did not complete")
        report.triples_after = sum(stored.values())
        return report

    def _replace_graph(self, graph: str, data: bytes) -> None:
        """Replace ``graph`` on the server by the N-Triples ``data``: one Graph Store PUT, or DROP
        and chunked INSERT DATA where the server has no graph store."""
        store = self.endpoints.graph_store
        if store is not None:
            url = f"{store}?{urllib.parse.urlencode({'graph': graph})}"
            try:
                self._request(url, data, {"Content-Type": NTRIPLES}, method="PUT")
                return
            except StoreError as exc:
                if not re.search(r"HTTP (404|405|501)", str(exc)):
                    raise
        lines = [line for line in data.decode("utf-8").splitlines() if line.strip()]
        self.update(f"DROP SILENT GRAPH <{graph}>")
        for start in range(0, len(lines), INSERT_CHUNK):
            chunk = "\n".join(lines[start:start + INSERT_CHUNK])
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk}\n}} }}")

    def remove(self, graphs: list[str]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

