"""The map in real headless Chromium: offline, counts per view, search, filters, side panel, safety.

Expected sets and counts are derived from the debate model (``read_debate_yaml``), not from the
page code.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, open_map
from test_map import expected_counts

from argmap import load
from argmap.analysis import annotate
from argmap.exports.map import Map, render_html
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import item_iri

pytestmark = pytest.mark.browser
FLAGSHIP = EXAMPLES / "hollywood-ai.yaml"
XSS = FIXTURES / "xss.yaml"
VIEWS = ("who-argues-what", "speakers", "claims")


@pytest.fixture(scope="module")
def maps(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The flagship and the hostile fixture, analysed as `argmap map` does, in every view."""
    folder = tmp_path_factory.mktemp("maps")
    out = {}
    for name, source in (("flagship", FLAGSHIP), ("xss", XSS)):
        graph = annotate(load([source]))
        for view in VIEWS:
            path = folder / f"{name}-{view}.html"
            path.write_text(render_html(graph, view_name=view), encoding="utf-8")
            out[(name, view)] = path
    return out


def counts(page) -> tuple[int, int]:
    return tuple(page.evaluate("[argmap.nodes.length, argmap.edges.length]"))


def shown_claims(page) -> set[str]:
    """Local ids of the claims the page shows (not hidden)."""
    return set(page.evaluate(
        "argmap.nodes.get({filter: n => !n.hidden && n.am.kind === 'claim'}).map(n => n.am.iri.split('/').pop())"))


def shown_speakers(page) -> set[str]:
    return set(page.evaluate(
        "argmap.nodes.get({filter: n => !n.hidden && n.am.kind === 'speaker'}).map(n => n.am.iri.split('/').pop())"))


def click_node(page, local_id: str, kind: str = "claim", debate: str = "hollywood-ai") -> None:
    """A real mouse click on the node's place on the canvas."""
    iri = str(item_iri(debate, kind, local_id))
    x, y = page.evaluate("""iri => {
        const id = argmap.nodes.get({filter: n => n.am.iri === iri})[0].id;
        const p = argmap.network.canvasToDOM(argmap.network.getPositions([id])[id]);
        const box = document.getElementById('network').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", iri)
    page.mouse.click(x, y)


@pytest.mark.parametrize("view", VIEWS)
def test_flagship_loads_offline_without_errors_and_with_the_debates_counts(page, maps, view: str) -> None:
    path = maps[("flagship", view)]
    open_map(page, path)
    assert page.errors == []
    assert page.requests == [path.resolve().as_uri()], "the page asked for something beyond itself"
    assert counts(page) == expected_counts(FLAGSHIP)[view]
    assert page.evaluate("argmap.data.options.physics.enabled") is False
    assert page.locator("#legend .row").count() >= 4


def test_search_finds_exactly_the_nodes_that_mention_the_words(page, maps) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    word = "drudgery"
    expected = {c.id for c in debate.claims if word in c.text.lower() or any(word in l.quote.lower() for l in c.locutions)}
    expected |= {s.id for s in debate.speakers if word in " ".join([s.name, s.description or "", *s.aliases]).lower()}
    assert expected, "the flagship should mention the word"
    open_map(page, maps[("flagship", "who-argues-what")])
    page.fill("#search", "Drudgery")
    found = page.evaluate("""[...document.querySelectorAll('#search-results button')].map(
        b => argmap.nodes.get(b.dataset.node).am.iri.split('/').pop())""")
    assert set(found) == expected
    page.click("#search-results button >> nth=0")
    text = page.text_content("#panel .text")
    assert page.is_visible("#panel") and text in {c.text for c in debate.claims if c.id in expected}


def test_filters_hide_what_they_should_and_never_everything(page, maps) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    speakers_of = {c.id: {l.speaker for l in c.locutions} for c in debate.claims}
    open_map(page, maps[("flagship", "who-argues-what")])

    page.uncheck("#filter-stance input[value=con]")
    not_con = {c.id for c in debate.claims if c.stance != "con"}
    assert shown_claims(page) == not_con
    assert shown_speakers(page) == set().union(*(speakers_of[c] for c in not_con))

    page.select_option("#filter-speaker", label="James Cameron")
    own = {c for c, s in speakers_of.items() if "cameron" in s}
    context = own | {r.target for r in debate.relations if r.source in own} | {r.source for r in debate.relations if r.target in own}
    assert shown_claims(page) == context & not_con

    page.click("#reset")
    page.select_option("#filter-issue", value=str(item_iri("hollywood-ai", "issue", "copyright")))
    assert shown_claims(page) == {c.id for c in debate.claims if c.issue == "copyright"}

    # Unticking every stance would hide every claim: the page refuses, says so, and keeps the map.
    page.uncheck("#filter-stance input[value=pro]")
    page.uncheck("#filter-stance input[value=con]")
    before = shown_claims(page)
    page.click("#filter-stance input[value=neutral]")  # the last one: the page puts the tick back
    assert shown_claims(page) == before and before
    assert "Nothing matches" in page.text_content("#filter-message")
    assert page.evaluate("[...document.querySelectorAll('#filter-stance input')].filter(i => i.checked).length") >= 1

    # Relation types hide edges only, never nodes.
    page.click("#reset")
    page.uncheck("#filter-relation input[value=asserts]")
    hidden = page.evaluate("argmap.edges.get({filter: e => e.hidden}).map(e => e.relation)")
    assert set(hidden) == {"asserts"} and len(hidden) == sum(len(s) for s in speakers_of.values())
    assert len(shown_claims(page)) == len(debate.claims)


def test_acceptability_filter_hides_the_defeated_claims(page, maps, flagship) -> None:
    graph = annotate(load([flagship]))
    from argmap.graph.rdf import AM
    out = {str(c).rsplit("/", 1)[1] for c, status in graph.subject_objects(AM.groundedStatus) if str(status) == "OUT"}
    assert out, "the flagship's analysis should defeat some claims"
    open_map(page, maps[("flagship", "claims")])
    page.uncheck("#filter-status input[value=OUT]")
    assert shown_claims(page).isdisjoint(out)
    assert len(shown_claims(page)) == len(set(graph.subjects(AM.groundedStatus, None))) - len(out)


def test_click_highlights_the_neighbourhood_and_fills_the_side_panel(page, maps) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    claim = next(c for c in debate.claims if c.id == "cameron-frees-artists")
    open_map(page, maps[("flagship", "who-argues-what")])
    click_node(page, claim.id)
    assert page.is_visible("#panel")
    assert page.text_content("#panel .text") == claim.text
    quotes = page.eval_on_selector_all("#panel blockquote", "bs => bs.map(b => b.textContent)")
    assert quotes == [f"\u201c{l.quote}\u201d" for l in claim.locutions]
    texts = {c.id: c.text for c in debate.claims}
    names = {s.id: s.name for s in debate.speakers}
    attackers = [texts[r.source] + (f" (drawn by {names[r.by]})" if r.by else "")
                 for r in debate.relations if r.target == claim.id and r.type in ("attacks", "undercuts")]
    listed = page.evaluate("""[...document.querySelectorAll('#panel h3')].filter(h => h.textContent.startsWith('Attacked by'))
        .flatMap(h => [...h.nextElementSibling.querySelectorAll('button')].map(b => b.textContent))""")
    assert attackers and sorted(listed) == sorted(attackers)
    neighbours = {r.source for r in debate.relations if r.target == claim.id} | {r.target for r in debate.relations if r.source == claim.id}
    bright = set(page.evaluate(OPACITY + "(o => o === 1).map(id => argmap.nodes.get(id).am.iri.split('/').pop())"))
    assert bright == neighbours | {claim.id} | {l.speaker for l in claim.locutions}
    assert len(page.evaluate(OPACITY + "(o => o < 1)")) == counts(page)[0] - len(bright)
    page.click("#panel-close")
    assert page.evaluate(OPACITY + "(o => o < 1)") == []


# The ids of the nodes whose drawn opacity passes a test (read from vis-network's node objects).
OPACITY = "(test => Object.keys(argmap.network.body.nodes).filter(id => test(argmap.network.body.nodes[id].options.opacity ?? 1)))"

INJECTED = """() => ({
    xss: window.__xss === undefined ? null : String(window.__xss),
    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    foreign: document.querySelectorAll('img, iframe, b, svg[onload], a[href^="javascript"]').length,
    scripts: document.scripts.length,
})"""


@pytest.mark.parametrize("view", VIEWS)
def test_hostile_strings_stay_inert_in_every_view(page, maps, view: str) -> None:
    debate, _ = read_debate_yaml(XSS)
    open_map(page, maps[("xss", view)])
    ids = page.evaluate("argmap.nodes.getIds()")
    box = page.locator("#network").bounding_box()
    for node_id in ids:
        x, y = page.evaluate("id => { const p = argmap.network.canvasToDOM(argmap.network.getPositions([id])[id]); return [p.x, p.y]; }", node_id)
        page.mouse.move(box["x"] + x, box["y"] + y)  # hover tooltip
        page.mouse.click(box["x"] + x, box["y"] + y)  # side panel
    page.evaluate("id => argmap.choose(id)", ids[0])
    for edge in page.evaluate("argmap.edges.get().map(e => [e.from, e.to])"):
        (ax, ay), (bx, by) = page.evaluate("ids => ids.map(id => { const p = argmap.network.canvasToDOM(argmap.network.getPositions([id])[id]); return [p.x, p.y]; })", edge)
        page.mouse.click(box["x"] + (ax + bx) / 2, box["y"] + (ay + by) / 2)  # edge panel: relation, note
    for query in ("<", "script", "img", "{{"):
        page.fill("#search", query)
    if page.locator("#filter-issue").count():
        for option in page.eval_on_selector_all("#filter-issue option", "os => os.map(o => o.value)"):
            page.select_option("#filter-issue", value=option)
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate(INJECTED) == {"xss": None, "handlers": 0, "foreign": 0, "scripts": 3}
    assert page.title() == f"{debate.title} · argmap"


def test_side_panel_shows_the_hostile_quote_as_text(page, maps) -> None:
    debate, _ = read_debate_yaml(XSS)
    claim = next(c for c in debate.claims if c.id == "img")
    open_map(page, maps[("xss", "who-argues-what")])
    click_node(page, "img", debate="xss")
    assert page.text_content("#panel .text") == claim.text
    assert page.eval_on_selector_all("#panel blockquote", "bs => bs.map(b => b.textContent)") == [f"\u201c{claim.locutions[0].quote}\u201d"]
    cite = page.text_content("#panel .cite")
    assert debate.sources[0].title in cite and debate.speakers[0].name in cite
    assert page.locator("#panel a").count() == 0, "a javascript: URL must not become a link"
    assert page.evaluate(INJECTED)["foreign"] == 0 and page.dialogs == []


def test_source_links_are_real_links_for_http_urls(page, tmp_path, mini) -> None:
    path = tmp_path / "mini.html"
    path.write_text(render_html(load([mini])), encoding="utf-8")
    open_map(page, path)
    click_node(page, "ana-footfall", debate="mini")
    link = page.locator("#panel .cite a")
    assert link.get_attribute("href") == "https://example.org/minutes"
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_notebook_display_renders_the_map_inside_its_iframe(page, mini) -> None:
    shown = Map(render_html(load([mini]), view_name="claims"))
    page.set_content(shown._repr_html_())
    frame = page.frames[1]
    frame.wait_for_selector("body[data-ready=true]", timeout=30_000)
    debate, _ = read_debate_yaml(mini)
    assert frame.evaluate("argmap.nodes.length") == len(debate.claims)
    assert page.errors == []
