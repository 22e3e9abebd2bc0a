"""Remote stores against real servers started here on loopback: Virtuoso 7 (Debian
`virtuoso-opensource`, installed by `make test` through mk/virtuoso.mk) and Oxigraph server (PyPI
`oxigraph`). Ingest -> query -> map -> analyze give what the embedded store gives, and a server's
result cap never loses data silently (Virtuoso runs here with a cap of 1,000 rows, under the
2,585 triples of the sample)."""
from __future__ import annotations

import base64
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES
from servers import ServerFailed, free_port, running_virtuoso, virtuoso_installed, wait_for

from argmap import analyze, load, sparql
from argmap.cli import main
from argmap.exports.map import render_map
from argmap.store import RemoteStore, StoreError, ingest, open_store

FILES = [EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"]
#: Virtuoso's result cap in the test instance: below the sample's size, so that caps are exercised.
CAP = 1000


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    try:
        wait_for(url, process)
    except ServerFailed as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """Virtuoso 7 on loopback (both ports on 127.0.0.1) with its own ini and database in a temporary
    directory, stopped at teardown; its SPARQL endpoint URL with the default administrator's
    credentials of a new database."""
    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed (Debian virtuoso-opensource; `make test` installs it, mk/virtuoso.mk)")
    try:
        with running_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=CAP) as server:
            yield server.sparql_url.replace("http://", "http://dba:dba@")
    except ServerFailed as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[str]:
    """Oxigraph server on a free loopback port with a temporary directory, stopped at teardown; its base URL."""
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; make test does it)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph") / "db"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def embedded():
    with open_store(None) as store:
        ingest(store, FILES)
        yield store


@pytest.mark.parametrize("server", ["virtuoso", "oxigraph"])
def test_ingest_query_map_analyze_as_on_the_embedded_store(request, server, embedded):
    url = request.getfixturevalue(server)
    ingested = CliRunner().invoke(main, ["ingest", *map(str, FILES), "--store", url])
    assert ingested.exit_code == 0 and "2 added" in ingested.output, ingested.output
    store = open_store(url)
    assert isinstance(store, RemoteStore)
    assert {d.graph: d.triples for d in store.documents()} == {d.graph: d.triples for d in embedded.documents()}
    again = ingest(store, FILES)  # replaced, not added twice
    assert again.replaced == [p.resolve().as_uri() for p in FILES] and again.triples_after == len(embedded)
    for name in sparql.named_queries():
        assert sparql.result_rows(sparql.run_query(store, name)) == sparql.result_rows(sparql.run_query(embedded, name)), name
    bound = sparql.parse_bindings(["name=James Cameron"])
    assert sparql.result_rows(sparql.run_query(store, "claims-by-speaker", bound)) == \
        sparql.result_rows(sparql.run_query(embedded, "claims-by-speaker", bound))
    remote_graph, files_graph = load(url), load(FILES)
    assert set(remote_graph) == set(files_graph)  # complete, though Virtuoso's cap is 1,000 rows
    assert render_map(remote_graph, "store").html == render_map(files_graph, "store").html
    assert analyze(remote_graph) == analyze(files_graph)


def test_virtuoso_cap_is_an_error_not_a_short_answer(virtuoso):
    store = open_store(virtuoso)
    ingest(store, FILES[:1])
    with pytest.raises(StoreError, match=f"cut the answer at {CAP} rows"):
        store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    page = store.query(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {CAP - 1}")
    assert len(page) == CAP - 1
    result = CliRunner().invoke(main, ["query", "--store", virtuoso, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"])
    assert result.exit_code != 0 and "cut the answer" in result.output


def test_virtuoso_updates_need_credentials_and_nothing_is_reported_added(virtuoso):
    anonymous = virtuoso.replace("dba:dba@", "")
    before = {d.graph: d.triples for d in open_store(virtuoso).documents()}
    mini = FIXTURES / "mini.yaml"
    with pytest.raises(StoreError, match="credentials"):
        ingest(open_store(anonymous), [mini], graph="urn:argmap:test:anonymous")
    with pytest.raises(StoreError, match="401"):
        ingest(open_store(virtuoso.replace("dba:dba@", "dba:wrong@")), [mini], graph="urn:argmap:test:wrong")
    assert {d.graph: d.triples for d in open_store(virtuoso).documents()} == before


def test_endpoint_urls_as_users_have_them(oxigraph, virtuoso):
    base = oxigraph.rstrip("/")
    for url in (base, base + "/", base + "/query"):
        assert RemoteStore(url).endpoints.query == base + "/query", url
    with pytest.raises(StoreError, match="no SPARQL endpoint found"):
        RemoteStore(base + "/nothing-here/")
    authenticated = RemoteStore(virtuoso).endpoints
    assert authenticated.update.endswith("/sparql-auth") and str(authenticated.graph_store).endswith("-auth")
    assert RemoteStore(virtuoso.replace("/sparql", "/")).endpoints == authenticated


class _Loopback(http.server.BaseHTTPRequestHandler):
    """A loopback SPARQL server for the credential tests: every Authorization header it receives
    is recorded in ``seen``; :meth:`reply` answers the request (a body of SPARQL JSON results, or
    None once it has answered otherwise)."""

    seen: list[str | None] = []

    def reply(self) -> bytes | None:
        raise NotImplementedError

    def challenge(self, realm: str) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", f'Basic realm="{realm}"')
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = self.reply()
        if body is None:
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Recorder(_Loopback):
    """For the redirect test: ``/query`` on the first host redirects to the second host, which asks
    for Basic credentials when none came and otherwise answers an empty result."""

    target = ""

    def reply(self) -> bytes | None:
        if self.headers.get("Host", "").startswith("127.0.0.1:"):
            self.send_response(303)
            self.send_header("Location", self.target)
            self.end_headers()
            return None
        _Loopback.seen.append(self.headers.get("Authorization"))
        if self.headers.get("Authorization") is None:
            self.challenge("elsewhere")
            return None
        return b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'


def test_no_credentials_are_forwarded_to_another_host():
    servers = [http.server.ThreadingHTTPServer((host, 0), _Recorder) for host in ("127.0.0.1", "127.0.0.2")]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        first, second = (f"http://127.0.0.{i}:{s.server_address[1]}" for i, s in enumerate(servers, 1))
        _Recorder.target = f"{second}/query"
        for store in (RemoteStore(f"{first}/query", token="secret-token"), RemoteStore(f"http://me:secret@{first[7:]}/query")):
            _Loopback.seen.clear()
            with pytest.raises(StoreError, match="401"):
                store.query("SELECT ?x WHERE { ?x ?p ?o }")
            assert _Loopback.seen == [None]  # the other host got no token and no password, even when it asked
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


class _BasicOnly(_Loopback):
    """Accepts HTTP Basic credentials ``me:secret`` (RFC 7617), challenges anything else."""

    def reply(self) -> bytes | None:
        _Loopback.seen.append(self.headers.get("Authorization"))
        if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"me:secret").decode("ascii"):
            self.challenge("sparql")
            return None
        return b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "in"}}]}}'


def test_basic_credentials_reach_a_server_that_accepts_them():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicOnly)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"127.0.0.1:{server.server_address[1]}"
        _Loopback.seen.clear()
        answer = RemoteStore(f"http://me:secret@{address}/query").query("SELECT ?x WHERE { ?x ?p ?o }")
        assert [row[0].value for row in answer.rows] == ["in"]
        assert _Loopback.seen[0] is None and _Loopback.seen[-1].startswith("Basic ")  # challenged, then answered
        with pytest.raises(StoreError, match="401"):
            RemoteStore(f"http://me:wrong@{address}/query").query("SELECT ?x WHERE { ?x ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()
