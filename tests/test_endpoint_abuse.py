"""`argmap serve` under abuse, driven over raw sockets and real clients on loopback: malformed and
oversized requests, slow and idle connections, wrong Host and Origin, bare tokens, SERVICE/LOAD,
slow queries. Every answer is an HTTP status with a message (no traceback, no hang), and the limits hold."""
from __future__ import annotations

import concurrent.futures
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT
from loopback import Listener
from rdflib import Graph, URIRef

from argmap import sparql
from argmap.errors import QueryError
from argmap.server import ServerSettings, serve
from argmap.server.workers import SLOW_AFTER
from argmap.store import ingest, open_store

FLAGSHIP, MINI = EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"
TOKEN = "s3cret-token"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIMITS = dict(timeout=3.0, max_rows=50, max_body=64 * 1024, body_timeout=1.0, header_timeout=1.0, idle_timeout=1.0, workers=6)


class Running:
    """A server running in a thread, stopped by ``close()``."""

    def __init__(self, store, settings: ServerSettings):
        self.httpd = serve(store, "127.0.0.1", 0, settings)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = self.httpd.url
        self.port = self.httpd.server_address[1]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(store_dir):
    store = open_store(store_dir)
    running = Running(store, ServerSettings(update_token=TOKEN, **LIMITS))
    yield running
    running.close()
    store.close()


@pytest.fixture
def no_tracebacks(caplog):
    """Fails the test if the server logged an exception (a traceback) while it ran."""
    caplog.set_level(logging.WARNING)
    yield
    assert [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()] == []


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def raw(port: int, request: bytes, wait: float = 10.0) -> bytes:
    """Send ``request`` as it is and read until the server closes the connection (or ``wait`` s)."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(request)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pytest.fail(f"the server neither answered nor closed within {wait} s: {b''.join(chunks)[:200]!r}")
        return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def query_url(server: Running, text: str, **extra: str) -> str:
    return server.url + "sparql?" + urllib.parse.urlencode({"query": text, **extra})


def test_malformed_and_negative_lengths_get_400(server, no_tracebacks):
    for length in (b"abc", b"-5", b"1e3", b"12, 13"):
        answer = raw(server.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
        assert status_of(answer) == 400, (length, answer[:200])
    assert http(query_url(server, "ASK {}"))[0] == 200


def test_oversized_bodies_are_refused_before_they_are_read(server, no_tracebacks):
    started = time.monotonic()
    answer = raw(server.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 150000000\r\n\r\nASK {}")
    assert status_of(answer) == 413 and b"limit of 65536 bytes" in answer and time.monotonic() - started < 5
    body = b"0" * (LIMITS["max_body"] + 1)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192]) for i in range(0, len(body), 8192)) + b"0\r\n\r\n"
    answer = raw(server.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
    assert status_of(answer) == 413


def test_slow_bodies_time_out(server, no_tracebacks):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert status_of(answer) == 408 and b"did not arrive" in answer
    assert time.monotonic() - started < LIMITS["body_timeout"] + 3


def test_idle_and_slow_header_connections_are_closed(server, no_tracebacks):
    """200 idle connections, one client sending its head a byte at a time: all closed after the
    header timeout, and the server answers other clients meanwhile."""
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(200)]
    trickle = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    started = time.monotonic()
    assert http(query_url(server, "ASK {}"))[0] == 200
    closed_at = None
    for byte in b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n":
        try:
            trickle.sendall(bytes([byte]))
        except OSError:
            closed_at = time.monotonic()
            break
        time.sleep(0.1)
    assert closed_at is not None and closed_at - started < LIMITS["header_timeout"] + 3
    for sock in idle:
        assert sock.recv(10) == b""  # closed by the server (recv would time out otherwise)
        sock.close()
    trickle.close()
    assert time.monotonic() - started < LIMITS["header_timeout"] + 10


def test_wrong_host_and_foreign_origin_are_refused(server, no_tracebacks):
    status, _, body = http(query_url(server, "ASK {}"), headers={"Host": "attacker.example"})
    assert status == 421 and b"attacker.example" in body
    for host in (f"localhost:{server.port}", f"127.0.0.1:{server.port}"):
        assert http(query_url(server, "ASK {}"), headers={"Host": host})[0] == 200
    status, headers, _ = http(query_url(server, "ASK {}"), headers={"Origin": "http://attacker.example"})
    assert status == 403 and "access-control-allow-origin" not in {k.lower() for k in headers}
    assert http(query_url(server, "ASK {}"), headers={"Origin": f"http://127.0.0.1:{server.port}"})[0] == 200
    answer = raw(server.port, b"GET / HTTP/1.1\r\n\r\n")  # no Host at all
    assert status_of(answer) in (400, 421)


def test_cors_when_asked_for(store_dir):
    store = open_store(store_dir, read_only=True)
    running = Running(store, ServerSettings(cors_origins=("https://yasgui.example",), **LIMITS))
    try:
        status, headers, _ = http(query_url(running, "ASK {}"), headers={"Origin": "https://yasgui.example"})
        assert status == 200 and headers.get("access-control-allow-origin") == "https://yasgui.example"
        assert http(query_url(running, "ASK {}"), headers={"Origin": "https://other.example"})[0] == 403
        status, headers, _ = http(running.url + "sparql", method="OPTIONS", headers={
            "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and "POST" in headers.get("access-control-allow-methods", "")
    finally:
        running.close()


def test_updates_need_bearer_exactly(server, no_tracebacks):
    update = b"INSERT DATA { GRAPH <urn:test:bearer> { <urn:a> <urn:b> 1 } }"
    kind = {"Content-Type": "application/sparql-update"}
    for authorization in (TOKEN, f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer  {TOKEN}", f"Token {TOKEN}", ""):
        status, _, _ = http(server.url + "update", update, {**kind, "Authorization": authorization})
        assert status == 401, authorization
    ask = "ASK { GRAPH <urn:test:bearer> { <urn:a> <urn:b> 1 } }"
    assert http(query_url(server, ask), headers={"Accept": "application/sparql-results+json"})[2].count(b"false") == 1
    assert http(server.url + "update", update, {**kind, "Authorization": f"Bearer {TOKEN}"})[0] == 200
    assert http(query_url(server, ask))[2].count(b"true") == 1
    form = urllib.parse.urlencode({"update": "DROP GRAPH <urn:test:bearer>"}).encode()
    assert http(server.url + "sparql", form, {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"})[0] == 200
    assert http(query_url(server, ask))[2].count(b"false") == 1


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def test_service_and_load_fetch_nothing_through_the_endpoint(server, listener, no_tracebacks):
    target = f"http://127.0.0.1:{listener.port}/sparql"
    for text in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ ?x ?y ?z .SERVICE\tSILENT <{target}> {{ ?s ?p ?o }} }} LIMIT 1",
                 f"select * {{ service<{target}>{{?s ?p ?o}} }}"):
        status, _, body = http(query_url(server, text))
        assert status == 400 and b"SERVICE fetches a URL" in body
    update = f"LOAD <{target}> INTO GRAPH <urn:loaded>".encode()
    status, _, body = http(server.url + "update", update, {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert status == 400 and b"LOAD fetches a URL" in body
    time.sleep(0.5)
    assert listener.connections == 0


def test_service_is_refused_by_argmap_query_on_files_and_stores(store_dir, listener, tmp_path):
    target = f"http://127.0.0.1:{listener.port}/sparql"
    text = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    with open_store(store_dir, read_only=True) as store:
        with pytest.raises(QueryError, match="SERVICE fetches a URL"):
            sparql.run_query(store, text)
    with pytest.raises(QueryError, match="FROM fetches a URL"):
        sparql.run_query(Graph(), f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "argmap", "query"]
    refused = subprocess.run([*cli, str(MINI), text], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode != 0 and "SERVICE fetches a URL" in refused.stderr and "Traceback" not in refused.stderr
    refused = subprocess.run([*cli, "--store", str(store_dir), text], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode != 0 and "--allow-service" in refused.stderr
    time.sleep(0.5)
    assert listener.connections == 0
    subprocess.run([*cli, "--allow-service", str(MINI), text], capture_output=True, text=True, env=env, timeout=120)
    time.sleep(0.5)
    assert listener.connections >= 1  # the flag really lets it fetch: the guard above is what stopped it


def test_row_cap_holds_for_tables_and_graphs(server, no_tracebacks):
    for text in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s a am:Claim }"):
        status, _, body = http(query_url(server, text))
        assert status == 500 and b"more than 50 rows" in body and b"LIMIT" in body, text
    status, _, body = http(query_url(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 50"), headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count(b" .\n") == 50


def test_slow_queries_are_stopped_while_cheap_ones_answer(server, no_tracebacks):
    """Four cartesian products run; ASK {} keeps answering within 100 ms; at the timeout the four
    get 503 and their worker processes are gone (their CPU freed)."""
    pool = server.httpd.endpoint.runner
    assert pool.warm(5) >= 5  # four for the slow queries and the spare, started before the clock runs
    killed_before = pool.killed
    with concurrent.futures.ThreadPoolExecutor(4) as clients:
        slow = [clients.submit(http, query_url(server, CARTESIAN)) for _ in range(4)]
        deadline = time.monotonic() + 10
        while (pool.stats()["busy"] < 4 or pool.stats()["idle"] < 1) and time.monotonic() < deadline:
            time.sleep(0.05)  # the four are running and the pool has started its spare worker
        assert pool.stats()["busy"] == 4
        time.sleep(SLOW_AFTER)  # and they have run long enough to count as slow
        times = []
        for _ in range(5):
            started = time.perf_counter()
            status, _, body = http(query_url(server, "ASK {}"))
            times.append(time.perf_counter() - started)
            assert status == 200 and b"true" in body
        answers = [f.result(timeout=LIMITS["timeout"] + 10) for f in slow]
    assert max(times) <= 0.1, times
    assert [a[0] for a in answers] == [503] * 4 and all(b"was stopped" in a[2] for a in answers)
    assert pool.killed - killed_before == 4
    for pid in list(pool.killed_pids)[-4:]:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
    assert http(query_url(server, "ASK {}"))[0] == 200


def test_protocol_details(server, no_tracebacks):
    status, headers, body = http(server.url + "sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = next(description.subjects(URIRef(sd + "endpoint"), None))
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) in description
    formats = {str(o).rsplit("/", 1)[1] for o in description.objects(service, URIRef(sd + "resultFormat"))}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"} <= formats
    assert http(server.url + "sparql", headers={"Accept": "text/html"})[1]["content-type"].startswith("text/html")
    status, headers, body = http(server.url + "sparql", b"SELECT ?n WHERE { ?s a am:Speaker ; rdfs:label ?n } LIMIT 3",
                                 {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["content-type"].startswith("text/csv") and body.startswith(b"n\r\n") | body.startswith(b"n\n")
    assert http(server.url + "sparql", b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    assert http(server.url, method="HEAD")[0] == 200
    status, _, body = http(query_url(server, "SELECT ?c WHERE { ?s am:speaker ?c } LIMIT 1", **{"default-graph-uri": "urn:x"}))
    assert status == 400 and b"default-graph-uri" in body
    status, _, body = http(query_url(server, "SELECT ?claim WHERE { ?l am:speaker ?s . ?s rdfs:label ?name . ?c am:hasLocution ?l ; am:text ?claim }",
                                     bind="name=James Cameron"))
    assert status == 200 and b"James Cameron" not in body and body.count(b'"claim"') >= 2
    assert http(server.url + "update", method="GET")[0] == 405


def test_the_map_follows_the_store_through_its_public_generation(tmp_path):
    """An ingest through the endpoint changes the store's generation, and /map shows the new
    document's speakers; the page for each view and analysis setting is its own."""
    from argmap.cli.store import store_map_page

    store = open_store(tmp_path / "kg")
    ingest(store, [FLAGSHIP])
    running = Running(store, ServerSettings(update_token=TOKEN, map_page=store_map_page, map_views=("who-argues-what", "speakers"), **LIMITS))
    try:
        before = store.generation
        status, _, page = http(running.url + "map")
        assert status == 200 and b"James Cameron" in page and b"Ana Ruiz" not in page
        ingest(open_store(running.url, token=TOKEN), [MINI])
        assert store.generation != before
        status, _, page = http(running.url + "map")
        assert status == 200 and b"Ana Ruiz" in page
        speakers = http(running.url + "map?view=speakers&analysis=0")
        assert speakers[0] == 200 and speakers[2] != page
        status, _, body = http(running.url + "map?view=nonsense")
        assert status == 400 and b"speakers" in body
    finally:
        running.close()
        store.close()


def test_the_query_layer_stops_at_a_timeout_on_rdflib_and_oxigraph(store_dir):
    """`argmap query --timeout`: the query runs in a child process killed at the timeout, on files
    (rdflib) and on stores (Oxigraph); a quick query is answered as without the timeout."""
    from argmap.sparql.timeout import QueryTimeout, formatted_query
    from argmap.store import load

    graph = load([MINI])
    for source in (graph, str(store_dir)):
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="was stopped"):
            formatted_query(source, CARTESIAN.replace("?g ?h ?i }", "?g ?h ?i . ?j ?k ?l }"), timeout=0.5)
        assert time.monotonic() - started < 5
        assert formatted_query(source, "speaker-activity", "csv", timeout=60) == formatted_query(source, "speaker-activity", "csv")
    with pytest.raises(QueryError, match="does not parse"):
        formatted_query(graph, "SELECT ?x WHERE { ?x ?y }", timeout=60)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "argmap", "query", "--timeout", "1", "--store", str(store_dir), CARTESIAN],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "longer than 1 s" in done.stderr and time.monotonic() - started < 30


def test_every_media_type_of_the_tables_is_served_and_parses(server):
    """Each media type of the results table and of the registry's graph formats, asked by Accept,
    comes back as that type, and rdflib reads the answer back to the same rows or triples."""
    import io

    from rdflib.query import Result

    from argmap.server import RESULT_MEDIA_TYPES, graph_media_types

    select = "SELECT ?s ?n WHERE { ?s a am:Speaker ; rdfs:label ?n } ORDER BY ?n"
    parsers = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}  # W3C SPARQL 1.1 results, each
    reference = None
    for fmt, types in RESULT_MEDIA_TYPES.items():
        for media in types:
            status, headers, body = http(query_url(server, select), headers={"Accept": media})
            assert status == 200 and headers["content-type"].split(";")[0] == types[0], (media, headers)
            rows = sorted(tuple(str(v) for v in row) for row in Result.parse(io.BytesIO(body), format=parsers[fmt]))
            assert rows == (reference := reference or rows) and rows
    construct = "CONSTRUCT WHERE { ?s a am:Speaker ; rdfs:label ?n }"
    graphs = []
    for fmt, types in graph_media_types().items():
        status, headers, body = http(query_url(server, construct), headers={"Accept": types[0]})
        assert status == 200 and headers["content-type"].split(";")[0] == types[0]
        graphs.append(Graph().parse(data=body, format={"nt": "nt", "turtle": "turtle", "jsonld": "json-ld", "xml": "xml"}[fmt]))
    assert len(graphs) == 4 and all(set(g) == set(graphs[0]) for g in graphs) and len(graphs[0]) == 2 * len(reference)


def test_slow_updates_are_stopped_and_change_nothing(tmp_path, no_tracebacks):
    """An update runs in a process of its own, killed at the timeout: the client gets 503, the
    store is as it was (same generation, same triples) and takes the next update."""
    store = open_store(tmp_path / "kg")
    ingest(store, [FLAGSHIP])
    running = Running(store, ServerSettings(update_token=TOKEN, **{**LIMITS, "timeout": 5.0}))
    try:
        before, size = store.generation, len(store)
        kind = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
        slow = ("DELETE { GRAPH ?x { ?a ?b ?c } } WHERE { GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } "
                "FILTER (STRLEN(STR(?c)) + STRLEN(STR(?f)) + STRLEN(STR(?i)) < 0) }")  # a cartesian product that deletes nothing
        started = time.monotonic()
        status, _, body = http(running.url + "update", slow.encode(), kind)
        assert status == 503 and b"stopped" in body and time.monotonic() - started < 30
        assert store.generation == before and len(store) == size
        fast = http(running.url + "update", b"INSERT DATA { GRAPH <urn:test:fast> { <urn:a> <urn:b> 1 } }", kind)
        assert fast[0] == 200, fast
        assert len(store) == size + 1 and store.generation != before
        status, _, body = http(running.url + "update", b"INSERT DATA { <urn:a> }", kind)
        assert status == 400 and b"parse" in body
    finally:
        running.close()
        store.close()
