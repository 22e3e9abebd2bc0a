"""The query page of `argmap serve`, driven in headless Chromium: a named query with a binding,
the results table sorted, the CSV download, an inline syntax error, completion, a shared link."""
from __future__ import annotations

import csv
import io
import threading
import urllib.parse

import pytest
from conftest import EXAMPLES, FIXTURES

from argmap import load, sparql
from argmap.cli.store import store_map_page
from argmap.exports.views import VIEWS
from argmap.server import ServerSettings, serve
from argmap.store import ingest, open_store

pytestmark = pytest.mark.browser
FLAGSHIP, MINI = EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"
SPEAKER = "James Cameron"
TOKEN = "page-token"
EVIL = '<img src=x onerror=\\"window.pwned=1\\"><script>window.pwned=2</script>'


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "kg"
    evil = path.parent / "evil.nt"
    evil.write_text(f'<urn:evil> <http://www.w3.org/2000/01/rdf-schema#label> "{EVIL}" .\n', encoding="utf-8")
    with open_store(path) as store:
        ingest(store, [FLAGSHIP, MINI, evil])
    store = open_store(path)
    httpd = serve(store, "127.0.0.1", 0, ServerSettings(timeout=20, map_page=store_map_page, map_views=VIEWS, update_token=TOKEN))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.url
    httpd.shutdown()
    httpd.server_close()
    thread.join(10)


def test_markup_in_results_and_errors_is_shown_as_text(endpoint, page):
    page.goto(endpoint)
    page.fill("#query", "SELECT ?label WHERE { <urn:evil> rdfs:label ?label }")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert table(page)[1] == [[EVIL.replace("\\", "")]]
    page.fill("#query", "SELECT ?x WHERE { ?x ?y '<img src=x onerror=window.pwned=3>' . ?x ?z }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert page.evaluate("window.pwned") is None and page.locator("#results img, #error img, #highlight img").count() == 0
    assert [e for e in page.errors if "status of 400" not in e] == []  # the 400 of the bad query is the browser's only message


def expected_rows(binding: str) -> tuple[list[str], list[list[str]]]:
    graph = load([FLAGSHIP, MINI])
    return sparql.result_rows(sparql.run_query(graph, "claims-by-speaker", sparql.parse_bindings([binding])))


def table(page) -> tuple[list[str], list[list[str]]]:
    head = page.locator("table.results thead th").all_inner_texts()
    rows = page.eval_on_selector_all("table.results tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    return [h.strip(" ▲▼") for h in head], rows


def run_named_query(page, endpoint: str) -> None:
    page.goto(endpoint)
    page.get_by_role("tab", name="Claims by speaker").click()
    page.locator("#bindings input[name=name]").fill(SPEAKER)
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")


def test_named_query_with_a_binding_sorted_and_downloaded(endpoint, page, tmp_path):
    run_named_query(page, endpoint)
    columns, expected = expected_rows(f"name={SPEAKER}")
    head, rows = table(page)
    assert head == columns and expected and all(r[0] == SPEAKER for r in expected)
    assert sorted(rows) == sorted(expected[:50]) and page.inner_text("#status").startswith(f"{len(expected)} row")
    ordered = "([rows, sign]) => rows.every((r, i) => i === 0 || sign * rows[i - 1][1].localeCompare(r[1]) <= 0)"
    for direction, sign in (("ascending", 1), ("descending", -1)):
        page.locator("table.results th button", has_text="claim").click()
        assert page.get_attribute("table.results th:nth-child(2)", "aria-sort") == direction
        shown = table(page)[1]
        assert sorted(shown) == sorted(expected[:50]) and page.evaluate(ordered, [shown, sign])
        assert shown != rows or len({r[1] for r in shown}) == 1
        rows = shown
    with page.expect_download() as download:
        page.click("#download-csv")
    saved = tmp_path / "results.csv"
    download.value.save_as(saved)
    downloaded = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert downloaded[0] == columns and sorted(downloaded[1:]) == sorted(expected)
    page.screenshot(path="/tmp/argmap-query-page.png", full_page=True)
    assert page.errors == []
    assert all(r.startswith(endpoint) for r in page.requests), page.requests


def test_the_shared_link_reruns_the_query(endpoint, page):
    run_named_query(page, endpoint)
    link = urllib.parse.urlsplit(page.url)
    params = urllib.parse.parse_qs(link.query)
    assert params["tab"] == ["claims-by-speaker"] and params["bind"] == [f"name={SPEAKER}"]
    rows = table(page)[1]
    page.goto(endpoint)
    page.goto(page.url.split("?")[0] + "?" + link.query)
    page.wait_for_selector("table.results tbody tr")
    assert table(page)[1] == rows and page.input_value("#bindings input[name=name]") == SPEAKER


def test_a_syntax_error_is_shown_inline_with_its_line(endpoint, page):
    page.goto(endpoint)
    page.fill("#query", "SELECT ?x WHERE {\n  ?x ?y\n}")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    message = page.inner_text("#error")
    assert "Line 3, column" in message and "does not parse" in message
    assert page.locator("#highlight .error-line").inner_text().startswith("}")
    assert page.url.endswith("?" + urllib.parse.urlencode({"tab": "custom", "query": "SELECT ?x WHERE {\n  ?x ?y\n}"}))
    assert page.locator("#results table").count() == 0


def test_highlighting_and_completion_from_the_vocabulary(endpoint, page):
    page.goto(endpoint)
    assert page.locator("#highlight .tok-keyword", has_text="SELECT").count() == 1
    assert page.locator("#highlight .tok-variable").count() >= 2
    page.fill("#query", "")
    page.click("#query")
    page.keyboard.type("SELECT * WHERE { ?c a am:Cla")
    page.wait_for_selector("#completions:not([hidden])")
    assert "am:Claim" in page.locator("#completions .term").all_inner_texts()
    page.keyboard.press("Tab")
    assert page.input_value("#query").endswith("am:Claim")
    page.keyboard.type(" } LIMIT 3")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("table.results tbody tr")
    assert len(table(page)[1]) == 3
    assert page.errors == []


@pytest.mark.parametrize("view", VIEWS)
def test_every_map_view_opens(endpoint, page, view):
    page.goto(endpoint + "map?" + urllib.parse.urlencode({"view": view}))
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert page.errors == []


def test_the_update_tab_asks_for_the_token(endpoint, page):
    page.goto(endpoint)
    assert page.locator("#update-token").is_hidden()
    page.get_by_role("tab", name="Update").click()
    assert page.locator("#update-token").is_visible()
    page.fill("#query", "INSERT DATA { GRAPH <urn:page-test> { <urn:page-test:s> rdfs:label 'added from the page' } }")
    page.fill("#token", "wrong")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "Bearer" in page.inner_text("#error") and page.inner_text("#status").startswith("HTTP 401")
    page.fill("#token", TOKEN)
    page.click("#run")
    page.locator("#status", has_text="update applied").wait_for()
    assert "token" not in page.url and TOKEN not in page.url
    page.get_by_role("tab", name="Your query").click()
    page.fill("#query", "SELECT ?l WHERE { <urn:page-test:s> rdfs:label ?l }")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert table(page)[1] == [["added from the page"]]


def test_counts_get_a_bar_chart(endpoint, page):
    page.goto(endpoint + "?tab=who-attacks-whom")
    page.wait_for_selector("table.results tbody tr")
    rows = table(page)[1]
    bars = page.locator(".chart .bar")
    assert page.inner_text(".chart figcaption") == "attacks by attacker" and bars.count() == len(rows)
    widths = page.eval_on_selector_all(".chart .bar > span:last-child", "spans => spans.map(s => s.getBoundingClientRect().width)")
    counts = [int(r[2]) for r in rows]
    assert widths.index(max(widths)) == counts.index(max(counts))


def test_a_debate_in_the_results_links_to_its_map_to_curate(endpoint, page):
    """The debates query's ids link to each debate's map in the curation mode, with Save to store (the server takes updates)."""
    page.goto(endpoint + "?tab=debates")
    page.wait_for_selector("table.results tbody tr")
    links = page.locator("table.results tbody a")
    ids = sorted(links.all_inner_texts())
    _, rows = sparql.result_rows(sparql.run_query(load([FLAGSHIP, MINI]), "debates"))
    assert ids == sorted(row[0] for row in rows)
    page.locator("table.results tbody a", has_text="mini").click()
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert page.url.endswith("/map?debate=mini")
    assert page.locator("#curate button", has_text="Save to store").count() == 1
    assert page.errors == []
