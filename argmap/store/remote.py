"""A remote store: a SPARQL 1.1 server reached over HTTP (SPARQL 1.1 Protocol), queried at its
query endpoint and written through its update endpoint; one ingest is one SPARQL Update request
(``DROP SILENT GRAPH``; ``INSERT DATA``), which SPARQL servers apply as one transaction."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from typing import Any, cast

import pyoxigraph as ox
from rdflib.query import Result

from argmap.errors import QueryError
from argmap.graph.rdf import new_graph
from argmap.store.base import (
    Document,
    IngestReport,
    Progress,
    QueryResult,
    Store,
    StoreError,
    first_number,
    prefixed,
    query_form,
    restore_datatypes,
    values_clause,
)
from argmap.store.ingest import Input
from argmap.store.results import SelectResult, oxigraph_result

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over HTTP: queries to ``query_url``, updates to ``update_url``.

    Queries read the server's default graph, which must be the union of its named graphs
    (``oxigraph serve --union-default-graph``, Fuseki's ``tdb2:unionDefaultGraph true``, or
    ``argmap serve``). ``token``, when given, is sent as ``Authorization: Bearer`` on updates.
    """

    def __init__(self, url: str, update_url: str | None = None, token: str | None = None, timeout: float = 300.0):
        base = url if url.endswith("/") else url + "/"
        self.location = url
        self.query_url = base + "query" if update_url is None else url
        self.update_url = update_url or base + "update"
        self.token = token
        self.timeout = timeout

    def _post(self, url: str, body: bytes, content_type: str, accept: str | None = None, auth: bool = False) -> bytes:
        headers = {"Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:500]
            if exc.code == 400 and not auth:
                raise QueryError(f"{url}: the server rejected the query: {detail}") from None
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {getattr(exc, 'reason', exc)}") from None

    def update(self, text: str) -> None:
        """Send one SPARQL 1.1 Update request (one transaction on the server)."""
        self._post(self.update_url, prefixed(text).encode("utf-8"), "application/sparql-update", auth=True)

    def query(self, text: str, bindings: Mapping[str, object] | None = None, where: str | None = None) -> QueryResult:
        full = prefixed(text) + values_clause(bindings)
        form = query_form(text)
        accept = NTRIPLES if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        body = urllib.parse.urlencode({"query": full}).encode("ascii")
        data = self._post(self.query_url, body, "application/x-www-form-urlencoded", accept=accept)
        if form in ("CONSTRUCT", "DESCRIBE"):
            result = Result(form)
            result.graph = restore_datatypes(new_graph().parse(data=data, format="nt"))
            return result
        if form == "ASK":
            return oxigraph_result(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON), form)
        return SelectResult(data, ox.QueryResultsFormat.JSON)

    def documents(self) -> list[Document]:
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
        return [Document(str(row[0]), int(str(row[1]))) for row in cast(Iterable[tuple[Any, ...]], result)]

    def __len__(self) -> int:
        return first_number(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def ingest(self, inputs: list[Input], progress: Progress | None = None) -> IngestReport:
        present = {d.graph for d in self.documents()}
        report = IngestReport(triples_before=len(self))
        parts = []
        for item in inputs:
            data = item.ntriples().decode("utf-8")
            parts.append(f"DROP SILENT GRAPH <{item.graph}> ;\nINSERT DATA {{ GRAPH <{item.graph}> {{\n{data}\n}} }}")
            (report.replaced if item.graph in present else report.added).append(item.graph)
            if progress:
                progress(item.size)
        if parts:
            self.update(" ;\n".join(parts))
        report.triples_after = len(self)
        return report

    def remove(self, graphs: list[str]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
