"""`argmap serve`: the SPARQL 1.1 Protocol endpoint, tested with SPARQLWrapper as a real client."""
from __future__ import annotations

import concurrent.futures
import csv
import io
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import EXAMPLES, FIXTURES, engine_refused
from rdflib import RDF, RDFS, Graph

from argmap import load, sparql
from argmap import server as server_module
from argmap.cli.store import store_map_page
from argmap.graph.rdf import AM
from argmap.server import ServerSettings, negotiate, query_page, serve
from argmap.store import ingest, open_store

SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper is the test client (pip install -e '.[test]')")
FLAGSHIP, MINI = EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"


def _running(store, settings: ServerSettings):
    httpd = serve(store, "127.0.0.1", 0, settings)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, thread


@pytest.fixture(scope="module")
def endpoint(store_dir):
    store = open_store(store_dir, read_only=True)
    httpd, thread = _running(store, ServerSettings(timeout=10, max_rows=1000, map_page=store_map_page))
    yield httpd.url
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def files_graph():
    return load([FLAGSHIP, MINI])


def _client(url: str, query: str, fmt, method="GET"):
    client = SPARQLWrapper.SPARQLWrapper(url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_through_sparqlwrapper_matches_the_files(endpoint, files_graph, method):
    text = sparql.named_queries()["who-attacks-whom"].text
    answer = _client(endpoint, text, SPARQLWrapper.JSON, method).convert()
    assert answer["head"]["vars"] == ["attacker", "attacked", "attacks"]
    rows = [[b[v]["value"] for v in answer["head"]["vars"]] for b in answer["results"]["bindings"]]
    _, expected = sparql.result_rows(sparql.run_query(files_graph, "who-attacks-whom"))
    assert sorted(rows) == sorted(expected)
    xml = _client(endpoint, text, SPARQLWrapper.XML, method).convert()
    assert len(xml.getElementsByTagName("result")) == len(expected)


def test_ask_construct_and_csv(endpoint, files_graph):
    assert _client(endpoint, "ASK { ?s a am:Speaker ; rdfs:label 'James Cameron' }", SPARQLWrapper.JSON).convert()["boolean"] is True
    assert _client(endpoint, "ASK { ?s rdfs:label 'Nobody At All' }", SPARQLWrapper.JSON).convert()["boolean"] is False
    constructed = _client(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s a am:Speaker ; ?p ?o }", SPARQLWrapper.TURTLE).convert()
    graph = Graph().parse(data=constructed, format="turtle")
    speakers = set(files_graph.subjects(RDF.type, AM.Speaker))
    expected = {(s, p, o) for s in speakers for p, o in files_graph.predicate_objects(s)}
    assert set(graph) == expected
    rows = list(csv.reader(io.StringIO(_client(endpoint, "SELECT ?n WHERE { ?s a am:Speaker ; rdfs:label ?n } ORDER BY ?n", SPARQLWrapper.CSV).convert().decode())))
    names = sorted(str(files_graph.value(s, RDFS.label)) for s in speakers)
    assert rows == [["n"], *[[n] for n in names]]


def _get(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_content_negotiation(endpoint):
    query = urllib.parse.quote("SELECT ?n WHERE { ?s a am:Speaker ; rdfs:label ?n }")
    status, media, body = _get(f"{endpoint}sparql?query={query}", {"Accept": "application/sparql-results+xml;q=0.5, text/tab-separated-values;q=0.9"})
    assert status == 200 and media.startswith("text/tab-separated-values") and body.startswith(b"?n\n")
    status, media, _ = _get(f"{endpoint}sparql?query={query}", {"Accept": "*/*"})
    assert media.startswith("application/sparql-results+json")
    construct = urllib.parse.quote("CONSTRUCT WHERE { ?s a am:Speaker }")
    status, media, body = _get(f"{endpoint}sparql?query={construct}", {"Accept": "application/n-triples"})
    assert status == 200 and media.startswith("application/n-triples") and b"#Speaker>" in body
    assert negotiate("text/csv;q=0, application/sparql-results+xml", server_module.RESULT_TYPES, "json") == "xml"


def test_errors_updates_and_pages(endpoint):
    bad = urllib.parse.quote("SELECT ?x WHERE {\n  ?x ?y\n}")
    status, _, body = _get(f"{endpoint}sparql?query={bad}")
    assert status == 400 and b"the query does not parse" in body and b":3:" in body
    status, _, body = _get(f"{endpoint}update", data=b"update=CLEAR%20ALL", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, media, body = _get(endpoint)
    assert status == 200 and media.startswith("text/html") and b"who-attacks-whom" in body
    status, media, body = _get(f"{endpoint}map")
    assert status == 200 and b"James Cameron" in body
    status, _, _ = _get(f"{endpoint}nowhere")
    assert status == 404


def test_the_query_page_escapes_what_it_shows(monkeypatch):
    evil = sparql.NamedQuery("x", "<b>t</b>", '<script>alert("d")</script>', 'SELECT * WHERE { ?s ?p "</textarea><script>1</script>" }')
    monkeypatch.setattr(sparql, "named_queries", lambda: {"x": evil})
    page = query_page()
    assert "<script>alert" not in page and "<script>1" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;d&quot;)&lt;/script&gt;" in page and "&lt;/textarea&gt;" in page


def test_timeout_and_result_cap(store_dir):
    store = open_store(store_dir, read_only=True)
    httpd, thread = _running(store, ServerSettings(timeout=0.05, max_rows=10, workers=2))
    try:
        slow = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
        status, _, body = _get(f"{httpd.url}sparql?query={slow}")
        assert status == 503 and b"longer than" in body
        many = urllib.parse.quote("SELECT ?c WHERE { ?c a am:Claim }")
        status, _, body = _get(f"{httpd.url}sparql?query={many}")
        assert status == 500 and b"LIMIT" in body
        few = urllib.parse.quote("SELECT ?c WHERE { ?c a am:Claim } LIMIT 10")
        assert _get(f"{httpd.url}sparql?query={few}")[0] == 200
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _all_named_answers_saved(location) -> bool:
    """True when a new reader of the store answers every named query from saved answers alone."""

    with open_store(location, read_only=True) as reader, engine_refused(reader):
        try:
            for name in sparql.named_queries():
                sparql.run_query(reader, name)
        except AssertionError:
            return False
    return True


def test_updates_with_a_token_and_ingest_through_the_endpoint(tmp_path):
    store = open_store(tmp_path / "kg")
    httpd, thread = _running(store, ServerSettings(update_token="s3cret"))
    try:
        status, _, _ = _get(f"{httpd.url}update", data=b"INSERT DATA { <http://e/a> <http://e/b> 1 }",
                            headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"})
        assert status == 401 and len(store) == 0
        remote = open_store(httpd.url, token="s3cret")
        ingest(remote, [MINI])
        assert len(remote) == len(load(MINI)) == len(store)
        ingest(remote, [MINI])
        assert len(store) == len(load(MINI))
        assert set(store.union_graph()) == set(load(MINI))
        deadline = time.monotonic() + 60  # the workers answer the named queries in the background after an update
        while not _all_named_answers_saved(tmp_path / "kg") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _all_named_answers_saved(tmp_path / "kg")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_concurrent_clients_get_no_errors(endpoint):
    """A bounded load test on loopback: 8 clients × 25 queries (bench/bench_store.py runs 8 × 200)."""
    names = list(sparql.named_queries())

    def client(n: int) -> int:
        errors = 0
        for i in range(25):
            text = sparql.named_queries()[names[(n + i) % len(names)]].text
            try:
                _client(endpoint, text, SPARQLWrapper.JSON, "POST").convert()
            except Exception:
                errors += 1
        return errors

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(client, range(8))) == 0


@pytest.mark.browser
def test_the_served_map_opens_in_a_browser(endpoint, page):
    page.goto(endpoint + "map")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert page.errors == []
    assert all(r.startswith(endpoint) or r.startswith("data:") or r.startswith("blob:") for r in page.requests)
