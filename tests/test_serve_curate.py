"""`argmap serve` draws one debate in the curation mode (``/map?debate=ID``) and saves the curated
debate file back to the store (``PUT /debates/ID`` with the update token): over HTTP, and from the
page in real headless Chromium."""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES

from argmap.cli.store import store_map_page
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml
from argmap.graph.rdf import debate_to_rdf, rdf_to_debate, sorted_ntriples
from argmap.server import ServerSettings, serve
from argmap.store import ingest, open_store
from argmap.store.debates import debate_graph_name, document_graph

DRAFTED, MINI = FIXTURES / "drafted.yaml", FIXTURES / "mini.yaml"
TOKEN = "curate-s3cret"


@pytest.fixture()
def served(tmp_path: Path):
    """A store holding the drafted debate and the small town one, served with updates allowed."""
    store = open_store(tmp_path / "kg")
    ingest(store, [DRAFTED, MINI])
    httpd = serve(store, "127.0.0.1", 0, ServerSettings(update_token=TOKEN, map_page=store_map_page, timeout=30))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.url, store
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
    store.close()


def call(url: str, method: str = "GET", body: bytes | None = None, token: str | None = None) -> tuple[int, str]:
    headers = {"Content-Type": "application/yaml"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def stored(store, debate_id: str) -> str:
    graph = document_graph(store, debate_graph_name(store, debate_id))
    return sorted_ntriples(debate_to_rdf(rdf_to_debate(graph)))


def curate_data(page_html: str) -> dict:
    found = re.search(r'<script type="application/json" id="argmap-curate">(.*?)</script>', page_html, re.S)
    assert found, "the page has no curation mode"
    return json.loads(found.group(1))


def test_one_debate_is_drawn_to_curate_and_its_file_replaces_it(served) -> None:
    url, store = served
    status, page_html = call(f"{url}map?debate=draft-article")
    assert status == 200
    data = curate_data(page_html)
    assert data["saveTo"] == "debates/draft-article" and data["document"]["id"] == "draft-article"
    status, text = call(f"{url}map?debate=nothing-here")
    assert status == 404 and "no debate 'nothing-here'" in text and "draft-article" in text and "mini" in text

    debate, _ = read_debate_yaml(DRAFTED)
    first = debate.claims[0]
    first.text, first.suggested = "Car-free streets bring shoppers.", None
    curated = debate_to_yaml(debate).encode("utf-8")
    mini_before, draft_before = stored(store, "mini"), stored(store, "draft-article")
    target = f"{url}debates/draft-article"
    assert call(target, "PUT", curated)[0] == 401
    assert call(target, "PUT", curated, "wrong")[0] == 401
    status, text = call(target, "PUT", b"argmap: 1\nid: draft-article\ntitle: [\n", TOKEN)
    assert status == 400 and text.startswith("draft-article.yaml:") and stored(store, "draft-article") == draft_before
    status, text = call(f"{url}debates/mini", "PUT", curated, TOKEN)
    assert status == 409 and "nothing was saved" in text and stored(store, "mini") == mini_before
    status, text = call(target, "PUT", curated, TOKEN)
    assert status == 200 and "saved debate 'draft-article'" in text
    assert stored(store, "draft-article") == sorted_ntriples(debate_to_rdf(debate)) != draft_before
    assert stored(store, "mini") == mini_before
    # The next map of the debate is drawn from what was saved.
    assert curate_data(call(f"{url}map?debate=draft-article")[1])["document"]["claims"][0]["text"] == first.text


def test_a_read_only_server_offers_no_saving(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as store:
        ingest(store, [DRAFTED])
        httpd = serve(store, "127.0.0.1", 0, ServerSettings(map_page=store_map_page))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            assert curate_data(call(f"{httpd.url}map?debate=draft-article")[1])["saveTo"] is None
            status, text = call(f"{httpd.url}debates/draft-article", "PUT", DRAFTED.read_bytes(), TOKEN)
            assert status == 403 and "read-only" in text
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(5)


@pytest.mark.browser
def test_the_served_page_saves_what_was_curated(served, page) -> None:
    """Accept a suggestion and reject one in the served page, save with the token typed in the bar:
    the store then holds exactly the file the page would download."""
    url, store = served
    page.goto(f"{url}map?debate=draft-article")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    before = stored(store, "draft-article")
    for key in ("n", "a", "r"):
        page.keyboard.press(key)
    page.locator("#curate button", has_text="Save to store").click()
    page.locator("#curate-token").fill("wrong")
    page.keyboard.press("Enter")
    page.wait_for_selector("#curate .message.warn", timeout=30_000)
    assert "Not saved (401)" in page.inner_text("#curate .message") and stored(store, "draft-article") == before
    page.locator("#curate button", has_text="Save to store").click()
    page.locator("#curate-token").fill(TOKEN)
    page.keyboard.press("Enter")
    page.locator("#curate .message", has_text="Saved: saved debate 'draft-article'").wait_for(timeout=30_000)
    page_file = Path(store.location).parent / "page.yaml"
    page_file.write_text(page.evaluate("argmap.curate.file()"), encoding="utf-8")
    assert stored(store, "draft-article") == sorted_ntriples(debate_to_rdf(read_debate_yaml(page_file)[0])) != before
    assert [e for e in page.errors if "status of 401" not in e] == []  # the browser logs the refused wrong token
