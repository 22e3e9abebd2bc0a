"""The flagship map as a reader meets it, in real headless Chromium at 1400x900, 1280x720 and 390x844:
legible overview, fit and zoom, who answers whom, why a claim falls, deep links, pictures, phones.

Expected names and numbers come from the debate model (``read_debate_yaml``), the analysis written
into the graph (``annotate``) and the named query ``who-attacks-whom``, never from the page code.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, open_map

from argmap import load
from argmap.analysis import annotate
from argmap.exports.map import CENTRAL_CLAIMS, render_html
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import AM, item_iri
from argmap.sparql import query_text, result_rows, run_query

pytestmark = pytest.mark.browser
FLAGSHIP = EXAMPLES / "hollywood-ai.yaml"
LAPTOP, DESKTOP, PHONE = (1280, 720), (1400, 900), (390, 844)


@pytest.fixture(scope="module")
def graph():
    return annotate(load([FLAGSHIP]))


@pytest.fixture(scope="module")
def flagship(graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("screens") / "flagship.html"
    path.write_text(render_html(graph), encoding="utf-8")
    return path


@pytest.fixture
def screen(browser, request):
    """A page of the size given by indirect parametrisation (default: a 1280x720 laptop), recording errors."""
    width, height = getattr(request, "param", LAPTOP)
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    assert pg.errors == []
    context.close()


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def node_id(page, kind: str, local_id: str) -> str:
    iri = str(item_iri("hollywood-ai", kind, local_id))
    return page.evaluate("iri => argmap.nodes.get({filter: n => n.am.iri === iri})[0].id", iri)


ON_SCREEN = """() => {
    const net = argmap.network, scale = net.getScale(), box = document.getElementById('network').getBoundingClientRect();
    return argmap.nodes.get().map(n => {
        const group = argmap.data.options.groups[n.group];
        const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
        return {iri: n.am.iri, kind: n.am.kind, px: ((n.font && n.font.size) || group.font.size) * scale,
                inside: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height, pagerank: n.am.pagerank};
    });
}"""


@pytest.mark.parametrize("screen", [LAPTOP], indirect=True)
def test_at_the_default_fit_speaker_names_and_the_most_central_claims_are_legible(screen, flagship) -> None:
    open_map(screen, flagship)
    debate, _ = read_debate_yaml(FLAGSHIP)
    shown = screen.evaluate(ON_SCREEN)
    speakers = [n for n in shown if n["kind"] == "speaker"]
    assert {local(n["iri"]) for n in speakers} == {s.id for s in debate.speakers if any(
        loc.speaker == s.id for c in debate.claims for loc in c.locutions)}
    assert all(n["inside"] for n in shown), "the default fit shows the whole map"
    assert min(n["px"] for n in speakers) >= 11
    central = sorted((n for n in shown if n["kind"] == "claim"), key=lambda n: -n["pagerank"])[:CENTRAL_CLAIMS]
    assert min(n["px"] for n in central) >= 11
    # The question and the two sides are on the first screen.
    assert screen.text_content("#question").endswith(debate.issues[0].title)
    headings = screen.evaluate("argmap.data.headings.map(h => h.text)")
    assert "for (pro)" in headings and "against (con)" in headings
    assert {i.title for i in debate.issues} <= set(headings)


@pytest.mark.parametrize("screen", [LAPTOP, DESKTOP], indirect=True)
def test_pro_claims_stand_left_of_con_claims_and_camps_on_their_side(screen, flagship, graph) -> None:
    open_map(screen, flagship)
    debate, _ = read_debate_yaml(FLAGSHIP)
    stance = {c.id: c.stance for c in debate.claims}
    xs = screen.evaluate("argmap.nodes.get().map(n => [n.am.iri, n.am.kind, n.x])")
    pro = [x for iri, kind, x in xs if kind == "claim" and stance[local(iri)] == "pro"]
    con = [x for iri, kind, x in xs if kind == "claim" and stance[local(iri)] == "con"]
    assert max(pro) < min(con)
    camps = screen.evaluate("argmap.data.camps")
    assert camps and all(c["label"].startswith(("mostly for", "mostly against", "split")) for c in camps)
    for camp in camps:
        members = [x for iri, kind, x in xs if iri in camp["members"]]
        if camp["lean"] == "mostly for":
            assert max(members) < min(pro)
        if camp["lean"] == "mostly against":
            assert min(members) > max(con)
    legend = screen.evaluate("[...document.querySelectorAll('#legend')].map(e => e.textContent).join(' ')")
    assert all(c["label"] in legend for c in camps)
    assert "falls (OUT)" in legend and "an attack on it is left unanswered" in legend


def settle(page) -> None:
    """Wait until the view stops moving (vis-network animates frame by frame, slower on a busy machine)
    and the page's follow-up work after a move (drawing claims' whole text) is done."""
    last = None
    for _ in range(60):
        page.wait_for_timeout(120)
        now = page.evaluate("[argmap.network.getScale(), argmap.network.getViewPosition()]")
        if now == last:
            break
        last = now
    page.wait_for_timeout(200)


def fitted(page, which: str = "argmap.visible().nodes.has(id)") -> bool:
    """Whether the nodes ``which`` selects are all in view and fill it in width or height (at least 85 %)."""
    return page.evaluate("""which => {
        const net = argmap.network, box = document.getElementById('network').getBoundingClientRect();
        const ids = argmap.nodes.getIds().filter(id => eval(which));
        const boxes = ids.map(id => net.getBoundingBox(id)).map(b => [net.canvasToDOM({x: b.left, y: b.top}), net.canvasToDOM({x: b.right, y: b.bottom})]);
        const l = Math.min(...boxes.map(b => b[0].x)), t = Math.min(...boxes.map(b => b[0].y));
        const r = Math.max(...boxes.map(b => b[1].x)), btm = Math.max(...boxes.map(b => b[1].y));
        return ids.length > 0 && l >= -1 && t >= -1 && r <= box.width + 1 && btm <= box.height + 1 &&
            Math.max((r - l) / box.width, (btm - t) / box.height) >= 0.85;
    }""", which)


@pytest.mark.parametrize("screen", [LAPTOP, DESKTOP], indirect=True)
def test_fit_restores_the_overview_after_zoom_filters_and_search(screen, flagship) -> None:
    open_map(screen, flagship)
    overview = screen.evaluate("argmap.network.getScale()")
    assert overview == pytest.approx(screen.evaluate("argmap.overviewScale"))
    for _ in range(3):
        screen.click("#zoom-in")
        settle(screen)
    assert screen.evaluate("argmap.network.getScale()") > 2 * overview
    screen.click("#fit")
    settle(screen)
    assert screen.evaluate("argmap.network.getScale()") == pytest.approx(overview, rel=0.01)
    screen.click("#zoom-out")
    settle(screen)
    box = screen.locator("#network").bounding_box()
    screen.mouse.dblclick(box["x"] + 3, box["y"] + box["height"] - 3)  # an empty corner
    settle(screen)
    assert screen.evaluate("argmap.network.getScale()") == pytest.approx(overview, rel=0.01)
    # A filter re-fits to what it leaves; showing everything again restores the overview.
    if not screen.is_visible("#filter-issue"):
        screen.click("#drawer-toggle")
    screen.select_option("#filter-issue", value=str(item_iri("hollywood-ai", "issue", "copyright")))
    settle(screen)
    assert fitted(screen) and screen.evaluate("argmap.network.getScale()") != pytest.approx(overview, rel=0.01)
    screen.click("#reset")
    settle(screen)
    assert screen.evaluate("argmap.network.getScale()") == pytest.approx(overview, rel=0.01)
    # Search re-fits to what it finds.
    screen.fill("#search", "Cameron")
    screen.wait_for_timeout(450)  # the map follows the search once typing pauses
    settle(screen)
    assert fitted(screen, "argmap.visible().nodes.has(id) && document.querySelector(`#search-results [data-node='${id}']`)")


def test_search_ranks_people_and_exact_names_first(screen, flagship) -> None:
    open_map(screen, flagship)
    screen.click("#drawer-toggle")
    screen.fill("#search", "cameron")
    first = screen.evaluate("argmap.nodes.get(document.querySelector('#search-results button').dataset.node).am")
    assert first["kind"] == "speaker" and first["name"] == "James Cameron"
    kinds = screen.evaluate("[...document.querySelectorAll('#search-results button')].map(b => argmap.nodes.get(b.dataset.node).am.kind)")
    assert kinds.count("speaker") >= 1 and kinds == sorted(kinds, key=lambda k: k != "speaker")


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_a_claims_panel_names_the_speaker_of_every_supporting_and_attacking_claim(screen, flagship) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    names = {s.id: s.name for s in debate.speakers}
    said = {c.id: [names[loc.speaker] for loc in c.locutions] for c in debate.claims}
    texts = {c.id: c.text for c in debate.claims}
    target = max(debate.claims, key=lambda c: sum(r.target == c.id and r.type == "attacks" for r in debate.relations))
    open_map(screen, flagship)
    screen.evaluate("id => argmap.choose(id)", node_id(screen, "claim", target.id))
    for heading, types in (("Attacked by", ("attacks", "undercuts")), ("Supported by", ("supports",))):
        expected = sorted((texts[r.source], ", ".join(dict.fromkeys(said[r.source])))
                          for r in debate.relations if r.target == target.id and r.type in types)
        listed = screen.evaluate("""h => [...document.querySelectorAll('#panel-body > h3')].filter(e => e.textContent.startsWith(h))
            .flatMap(e => [...e.nextElementSibling.children].map(li => [li.querySelector('button').textContent.replace(/ \\(drawn by .*\\)$/, ''),
                li.querySelector('.who') ? li.querySelector('.who').textContent.replace(/^\\u2014 said by /, '') : '']))""", heading)
        assert sorted(map(tuple, listed)) == expected, heading
    # A speaker's name in the panel selects the speaker.
    screen.click("#panel .who .speaker-link >> nth=0")
    assert screen.text_content("#panel h2").startswith("Speaker")


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_a_speakers_panel_counts_whom_they_attack_and_who_attacks_them(screen, flagship) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    speakers_of = {c.id: {loc.speaker for loc in c.locutions} for c in debate.claims}
    names = {s.id: s.name for s in debate.speakers}
    attacked_by: Counter = Counter()
    attacks: Counter = Counter()
    for r in debate.relations:
        if r.type in ("attacks", "undercuts"):
            for a in speakers_of[r.source]:
                for b in speakers_of[r.target] - {a}:
                    if b == "cameron":
                        attacked_by[names[a]] += 1
                    if a == "cameron":
                        attacks[names[b]] += 1
    assert attacked_by, "someone should attack James Cameron in the flagship"
    open_map(screen, flagship)
    screen.evaluate("id => argmap.choose(id)", node_id(screen, "speaker", "cameron"))
    lists = screen.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#panel-body > h3')]
        .filter(h => h.nextElementSibling && h.nextElementSibling.classList.contains('answers'))
        .map(h => [h.textContent.split(':')[0], [...h.nextElementSibling.querySelectorAll('button')].map(b => b.textContent)]))""")
    assert sorted(lists["Attacked by"]) == sorted(f"{n} \u00d7{k}" for n, k in attacked_by.items())
    assert sorted(lists.get("Attacks", [])) == sorted(f"{n} \u00d7{k}" for n, k in attacks.items())
    heading = screen.evaluate("[...document.querySelectorAll('#panel-body > h3')].find(h => h.textContent.startsWith('Attacked by')).textContent")
    assert heading.startswith(f"Attacked by: {sum(attacked_by.values())} time")
    screen.click("#panel .answers button >> nth=0")  # clickable: selects that speaker
    assert screen.text_content("#panel h2").startswith("Speaker") and screen.text_content("#panel .text") != "James Cameron"


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_who_answers_whom_table_has_the_numbers_of_the_named_query(screen, flagship, graph) -> None:
    header, rows = result_rows(run_query(graph, query_text("who-attacks-whom")))
    assert header == ["attacker", "attacked", "attacks"] and rows
    expected = {(a, b): int(n) for a, b, n in rows}
    open_map(screen, flagship)
    screen.click("#answers-button")
    table = screen.evaluate("[...document.querySelectorAll('#panel table tr')].slice(1).map(tr => [...tr.cells].map(c => c.textContent))")
    shown = {(a, b): int(n) for a, b, n, _ in table if int(n)}
    assert shown == expected
    supports = Counter()
    debate, _ = read_debate_yaml(FLAGSHIP)
    names = {s.id: s.name for s in debate.speakers}
    speakers_of = {c.id: {loc.speaker for loc in c.locutions} for c in debate.claims}
    for r in debate.relations:
        if r.type == "supports":
            supports.update((names[a], names[b]) for a in speakers_of[r.source] for b in speakers_of[r.target] if a != b)
    assert {(a, b): int(s) for a, b, _, s in table if int(s)} == dict(supports)


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_why_does_this_claim_fall_shows_the_unanswered_attacks(screen, flagship, graph) -> None:
    status = {local(str(c)): str(s) for c, s in graph.subject_objects(AM.groundedStatus)}
    debate, _ = read_debate_yaml(FLAGSHIP)
    texts = {c.id: c.text for c in debate.claims}
    out = sorted(c for c, s in status.items() if s == "OUT")
    assert out
    open_map(screen, flagship)
    for claim in out:
        unanswered = sorted(texts[r.source] for r in debate.relations
                            if r.target == claim and r.type in ("attacks", "undercuts") and status[r.source] == "IN")
        assert unanswered, "grounded semantics: an OUT claim has an IN attacker"
        screen.evaluate("id => argmap.choose(id)", node_id(screen, "claim", claim))
        assert screen.text_content("#panel .why h3") == "Why does this claim fall?"
        listed = screen.eval_on_selector_all("#panel .why ul button", "bs => bs.map(b => b.textContent.replace(/ \\(drawn by .*\\)$/, ''))")
        assert sorted(listed) == unanswered, claim


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_the_url_hash_selects_a_node_and_follows_the_selection(screen, flagship) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    claim = next(c for c in debate.claims if c.id == "cameron-frees-artists")
    screen.goto(flagship.resolve().as_uri() + "#hollywood-ai/claim/cameron-frees-artists")
    screen.wait_for_selector("body[data-ready=true]", timeout=60_000)
    assert screen.is_visible("#panel") and screen.text_content("#panel .text") == claim.text
    screen.evaluate("id => argmap.choose(id)", node_id(screen, "speaker", "mariscal"))
    assert screen.evaluate("location.hash") == "#hollywood-ai/speaker/mariscal"
    screen.evaluate("location.hash = 'hollywood-ai/speaker/tung'")
    settle(screen)
    assert screen.text_content("#panel .text") == "Sam Tung"


@pytest.mark.parametrize("screen", [LAPTOP], indirect=True)
def test_zooming_in_shows_a_claims_whole_text(screen, flagship) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    claim = max(debate.claims, key=lambda c: len(c.text))
    open_map(screen, flagship)
    nid = node_id(screen, "claim", claim.id)
    assert screen.evaluate("id => argmap.nodes.get(id).label", nid).endswith("\u2026")
    screen.evaluate("id => argmap.choose(id)", nid)
    settle(screen)
    for _ in range(4):
        screen.click("#zoom-in")
        settle(screen)
    settle(screen)
    label = screen.evaluate("id => argmap.nodes.get(id).label", nid)
    assert " ".join(label.split()) == claim.text
    size = screen.evaluate("id => argmap.nodes.get(id).font.size * argmap.network.getScale()", nid)
    assert size >= 11
    screen.click("#fit")
    settle(screen)
    assert screen.evaluate("id => argmap.nodes.get(id).label", nid).endswith("\u2026")


@pytest.mark.parametrize("screen", [LAPTOP], indirect=True)
def test_the_network_layout_stays_available(screen, flagship) -> None:
    open_map(screen, flagship)
    before = screen.evaluate("argmap.network.getPositions()")
    screen.click("#layout-toggle")
    assert screen.evaluate("argmap.layout()") == "force"
    after = screen.evaluate("argmap.network.getPositions()")
    assert after != before and screen.text_content("#layout-toggle") == "Debate layout"
    screen.click("#layout-toggle")
    assert screen.evaluate("argmap.network.getPositions()") == before


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], indirect=True)
def test_png_and_svg_pictures_of_the_current_view(screen, flagship, tmp_path) -> None:
    open_map(screen, flagship)
    with screen.expect_download() as got:
        screen.click("#png")
    png = tmp_path / got.value.suggested_filename
    got.value.save_as(png)
    assert png.suffix == ".png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with screen.expect_download() as got:
        screen.click("#svg")
    svg = tmp_path / got.value.suggested_filename
    got.value.save_as(svg)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}tspan"))
    shown = screen.evaluate("""() => { const net = argmap.network, box = document.getElementById('network').getBoundingClientRect();
        return argmap.nodes.get({filter: n => n.am.kind === 'speaker'}).filter(n => {
            const p = net.canvasToDOM(net.getPositions([n.id])[n.id]); return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height;
        }).map(n => n.label.split('\\n')[0]); }""")
    assert shown and all(name in text for name in shown)
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) > 10


@pytest.mark.parametrize("screen", [PHONE], indirect=True)
def test_on_a_phone_the_map_keeps_half_the_screen_with_drawer_and_bottom_sheet(screen, flagship) -> None:
    open_map(screen, flagship)
    area = PHONE[0] * PHONE[1]

    def map_share() -> float:
        return screen.evaluate("""() => {
            const m = document.getElementById('network').getBoundingClientRect(), p = document.getElementById('panel');
            const covered = p.hidden ? 0 : Math.max(0, m.bottom - p.getBoundingClientRect().top);
            return m.width * (m.height - covered); }""") / area

    controls = screen.locator("#controls").bounding_box()
    assert controls["x"] + controls["width"] <= 0, "the controls start folded away"
    assert map_share() >= 0.6
    screen.click("#drawer-toggle")
    settle(screen)
    assert screen.locator("#controls").bounding_box()["x"] >= 0 and screen.is_visible("#search")
    screen.locator("#network").click(position={"x": PHONE[0] - 10, "y": 5})  # a tap on the map folds the drawer again
    settle(screen)
    assert screen.locator("#controls").bounding_box()["x"] + controls["width"] <= 0
    screen.evaluate("id => argmap.choose(id)", node_id(screen, "claim", "cameron-frees-artists"))
    sheet = screen.locator("#panel").bounding_box()
    assert sheet["x"] == 0 and sheet["width"] == PHONE[0] and sheet["y"] > PHONE[1] / 2, "the panel is a bottom sheet"
    assert map_share() >= 0.5
    assert screen.evaluate("argmap.network.getScale()") > 0


def test_restricted_maps_count_what_they_show_in_the_header(tmp_path, graph) -> None:
    debate, _ = read_debate_yaml(FLAGSHIP)
    on_copyright = [c for c in debate.claims if c.issue == "copyright"]
    html = render_html(graph, issue="copyright")
    speakers = {loc.speaker for c in on_copyright for loc in c.locutions}
    assert f"showing {len(speakers)} of {len(debate.speakers)} speakers, {len(on_copyright)} of {len(debate.claims)} claims" in html


@pytest.mark.parametrize("screen", [DESKTOP], indirect=True)
def test_the_svg_of_a_hostile_debate_holds_its_strings_as_text_only(screen, tmp_path) -> None:
    debate, _ = read_debate_yaml(FIXTURES / "xss.yaml")
    path = tmp_path / "xss.html"
    path.write_text(render_html(annotate(load([FIXTURES / "xss.yaml"]))), encoding="utf-8")
    open_map(screen, path)
    with screen.expect_download() as got:
        screen.click("#svg")
    svg = tmp_path / "xss.svg"
    got.value.save_as(svg)
    root = ET.parse(svg).getroot()
    tags = {e.tag.rsplit("}", 1)[-1] for e in root.iter()}
    assert tags <= {"svg", "rect", "line", "circle", "text", "tspan"}
    assert not [a for e in root.iter() for a in e.attrib if a.lower().startswith("on") or "href" in a.lower()]
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}tspan"))
    assert any(s.name.split()[0] in text for s in debate.speakers)
