"""The map's curation mode in real headless Chromium (issue 15, item 6): suggestions drawn in their own
style, every curation action through the page's keys and clicks, the downloaded debate file; and the
measurement: how many actions turn the flagship draft into the curated map (as far as the draft reaches).

What each action should leave is derived from the debate model (``read_debate_yaml``), not from the page code.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import ARTICLE, EXAMPLES, FIXTURES, open_map
from curating import Curator, check_curated, round_trips, run_plan

from argmap import load
from argmap.exports.map import SUGGESTED_EDGE_STYLES, render_map
from argmap.extraction.alignment import curation_plan
from argmap.extraction.drafting import DraftOptions, draft_map, guessed_sides
from argmap.graph.formats.yaml import FIELDS, debate_to_yaml, read_debate_yaml
from argmap.graph.rdf import debate_to_rdf, sorted_ntriples

pytestmark = pytest.mark.browser
DRAFTED = FIXTURES / "drafted.yaml"
PROTOCOL = DraftOptions(issues=["Is AI good for film making and the people who make films?"],
                        pro=["Rick Carter", "Hal Watmough", "Verena Puhm"], con=["Sam Tung", "Diego Mariscal"])


@pytest.fixture(scope="module")
def drafted_map(tmp_path_factory) -> Path:
    """The small drafted fixture's map, written next to a copy of its article (so quotes are checked)."""
    folder = tmp_path_factory.mktemp("curate")
    (folder / "draft-article.txt").write_text((FIXTURES / "draft-article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    render_map(load([DRAFTED])).save(folder / "drafted.html")
    return folder / "drafted.html"


def download(page, folder: Path) -> tuple[Curator, Path]:
    curator = Curator(page)
    return curator, curator.download(folder)


def graph_text(path: Path) -> str:
    return sorted_ntriples(debate_to_rdf(read_debate_yaml(path)[0]))


def test_suggestions_are_drawn_apart_and_the_untouched_download_is_the_draft(page, drafted_map: Path) -> None:
    open_map(page, drafted_map)
    assert page.errors == [] and page.requests == [drafted_map.resolve().as_uri()]
    debate, _ = read_debate_yaml(DRAFTED)
    assert page.evaluate("argmap.curate.problems()") == []
    assert page.evaluate("Object.keys(argmap.data.options.groups).filter(g => g.endsWith('-suggested')).length") == 3
    groups = page.evaluate("argmap.nodes.get({filter: n => n.am.kind === 'claim'}).map(n => [n.am.iri.split('/').pop(), n.group, n.am.suggested && n.am.suggested.confidence])")
    assert {(cid, group.endswith("-suggested"), conf) for cid, group, conf in groups} == {
        (c.id, c.suggested is not None, c.suggested.confidence if c.suggested else None) for c in debate.claims}
    faded = page.evaluate("argmap.edges.get({filter: e => !!e.am.suggested}).map(e => [e.relation, e.color.color])")
    assert len(faded) == sum(1 for r in debate.relations if r.suggested)
    assert all(colour == SUGGESTED_EDGE_STYLES[relation]["color"] for relation, colour in faded)
    assert any("suggested relation" in row for row in page.locator("#legend .row").all_inner_texts())
    assert page.evaluate("argmap.curate.left()") == sum(1 for c in debate.claims if c.suggested) + sum(1 for r in debate.relations if r.suggested)
    assert page.evaluate("argmap.data.nodes.length") > 0 and page.evaluate("argmap.curate.document().claims.length") == len(debate.claims)
    _, path = download(page, drafted_map.parent)
    assert path.name == f"{debate.id}.yaml" and graph_text(path) == graph_text(DRAFTED) and round_trips(path)
    # Every field the page writes is one the debate file has, in the file's order.
    written = [line.split(":")[0].strip("- ") for line in path.read_text(encoding="utf-8").splitlines() if ":" in line and not line.startswith(" " * 6)]
    assert set(written) <= {f for kind in FIELDS.values() for f in kind}


def test_walk_accept_reject_stance_and_undo(page, drafted_map: Path) -> None:
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    first, second, third, fourth = (c.id for c in debate.claims[:4])
    curator = Curator(page)
    curator.press("next")
    assert curator.current() == {"kind": "claim", "id": first}
    curator.press("accept")
    assert curator.current() == {"kind": "claim", "id": second}
    curator.press("reject")
    assert curator.current() == {"kind": "claim", "id": third}
    assert page.evaluate("id => argmap.nodes.get(argmap.curate.node(id) || 'none')", second) is None
    curator.press("flip")
    curator.press("no-stance")
    path = curator.download(drafted_map.parent)
    after, _ = read_debate_yaml(path)
    claims = {c.id: c for c in after.claims}
    assert claims[first].suggested is None and claims[first].stance == debate.claims[0].stance
    assert second not in claims and not [r for r in after.relations if second in (r.source, r.target)]
    assert claims[third].stance == {"pro": "con", "con": "pro"}[debate.claims[2].stance] and claims[third].suggested is None
    assert claims[fourth].stance is None and claims[fourth].issue == debate.claims[3].issue
    for _ in range(4):
        curator.press("undo")
    assert page.evaluate("id => !!argmap.nodes.get(argmap.curate.node(id))", second)
    assert graph_text(curator.download(drafted_map.parent)) == graph_text(DRAFTED)
    assert page.errors == []


def test_edit_draw_merge_and_relation_keys(page, drafted_map: Path) -> None:
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    a, b, c = debate.claims[0], debate.claims[1], debate.claims[4]
    curator = Curator(page)
    curator.click_claim(a.id)
    assert curator.current() == {"kind": "claim", "id": a.id}
    curator.edit("Car-free streets bring shoppers.")
    assert page.evaluate("id => argmap.nodes.get(argmap.curate.node(id)).label", a.id).replace("\n", " ") == "Car-free streets bring shoppers."
    # Draw: a claim, a type key, the other claim.
    assert not [r for r in debate.relations if (r.source, r.type, r.target) == (c.id, "undercuts", b.id)]
    curator.click_claim(c.id)
    curator.press("undercuts")
    curator.click_claim(b.id)
    # Merge: keep a, merge b into it.
    curator.click_claim(a.id)
    curator.press("merge")
    curator.click_claim(b.id)
    assert curator.counts() == {"keys": 4, "clicks": 5, "edits": 1, "total": 10}
    after, _ = read_debate_yaml(curator.download(drafted_map.parent))
    claims = {x.id: x for x in after.claims}
    assert claims[a.id].text == "Car-free streets bring shoppers." and claims[a.id].suggested is None
    assert b.id not in claims and claims[a.id].locutions == a.locutions + b.locutions
    relations = {(r.source, r.type, r.target): r for r in after.relations}
    assert (c.id, "undercuts", a.id) in relations and relations[(c.id, "undercuts", a.id)].suggested is None
    moved = {(a.id if r.source == b.id else r.source, r.type, a.id if r.target == b.id else r.target)
             for r in debate.relations} | {(c.id, "undercuts", a.id)}
    assert set(relations) == {k for k in moved if k[0] != k[2]}
    # A relation: retype, reverse, reject, through the walk.
    curator.press("next")
    while curator.current()["kind"] == "claim":
        curator.press("accept")
    first = curator.current()
    curator.press("attacks" if first["type"] != "attacks" else "supports")
    second = curator.current()
    curator.press("reverse")
    curator.press("accept")
    third = curator.current()
    curator.press("reject")
    after, _ = read_debate_yaml(curator.download(drafted_map.parent))
    relations = {(r.source, r.type, r.target): r for r in after.relations}
    retyped = (first["from"], "attacks" if first["type"] != "attacks" else "supports", first["to"])
    assert retyped in relations and relations[retyped].suggested is None
    assert (second["to"], second["type"], second["from"]) in relations and relations[(second["to"], second["type"], second["from"])].suggested is None
    assert (third["from"], third["type"], third["to"]) not in relations
    assert page.errors == []


def test_curation_on_the_flagship_draft_counts_the_actions(page, shared: Path, tmp_path: Path, flagship: Path) -> None:
    """The done-means of issue 15 item 6: the flagship draft (5-label protocol) curated in the page
    until its claims, stances, wording and relations match the curated map on the claims the draft found."""
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is absent")
    draft = draft_map(ARTICLE.read_text(encoding="utf-8"), "AI in Hollywood", PROTOCOL, path=str(ARTICLE))
    curated, _ = read_debate_yaml(flagship)
    plan = curation_plan(draft, curated)
    (tmp_path / "draft.yaml").write_text(debate_to_yaml(draft), encoding="utf-8")
    render_map(load([tmp_path / "draft.yaml"])).save(tmp_path / "draft.html")
    open_map(page, tmp_path / "draft.html")
    started = time.perf_counter()
    curator = Curator(page)
    run_plan(curator, plan)
    counts = curator.counts()
    result = check_curated(curator.download(tmp_path), plan)
    seconds = time.perf_counter() - started
    assert page.errors == []
    assert len(result.claims) == len(curated.claims) - len(plan.unreachable_claims)
    assert counts == plan.predicted()
    print(f"\ncuration of the flagship draft: {counts} ({dict(curator.keys)}) in {seconds:.1f} s; "
          f"unreachable: {len(plan.unreachable_claims)} curated claims, {len(plan.unreachable_relations)} curated relations")



@pytest.mark.parametrize("source", [FIXTURES / "xss.yaml", FIXTURES / "mini.yaml", EXAMPLES / "hollywood-ai.yaml"], ids=lambda p: p.stem)
def test_any_debate_comes_back_whole_from_the_page(page, tmp_path: Path, source: Path) -> None:
    """The page writes back the very debate it was given (hostile text, dates, undercuts, 80 claims included)."""
    render_map(load([source]), curate=True).save(tmp_path / "map.html")
    open_map(page, tmp_path / "map.html")
    (tmp_path / "back.yaml").write_text(page.evaluate("argmap.curate.file()"), encoding="utf-8")
    assert graph_text(tmp_path / "back.yaml") == graph_text(source)
    assert page.errors == [] and page.dialogs == []


def test_a_restricted_map_curates_what_it_shows_and_keeps_the_rest(page, tmp_path: Path) -> None:
    """A map of one speaker's claims (and those one relation away) walks only what it shows; the file keeps everything."""
    debate, _ = read_debate_yaml(DRAFTED)
    render_map(load([DRAFTED]), speaker="Ben Okafor", curate=True).save(tmp_path / "okafor.html")
    open_map(page, tmp_path / "okafor.html")
    shown = set(page.evaluate("Object.keys(argmap.curate.document().claims.reduce((m, c) => (c._node && (m[c.id] = 1), m), {}))"))
    assert 0 < len(shown) < len(debate.claims)
    curator = Curator(page)
    curator.press("next")
    walked = []
    while (item := curator.current()) is not None and item["kind"] == "claim":
        walked.append(item["id"])
        curator.press("accept")
    assert walked == [c.id for c in debate.claims if c.id in shown and c.suggested]
    (tmp_path / "back.yaml").write_text(page.evaluate("argmap.curate.file()"), encoding="utf-8")
    after, _ = read_debate_yaml(tmp_path / "back.yaml")
    assert [c.id for c in after.claims] == [c.id for c in debate.claims]
    assert {c.id for c in after.claims if c.suggested is None} == {c.id for c in debate.claims if c.suggested is None} | shown
    assert page.errors == []


BOXES = """() => Object.fromEntries(argmap.nodes.getIds().map(id => {
    const b = argmap.network.getBoundingBox(id), p = argmap.network.getPositions([id])[id], w = (b.right - b.left) / 2, h = (b.bottom - b.top) / 2;
    return [id, [p.x - w, p.y - h, p.x + w, p.y + h]]; }))"""
"""Each node's box where it stands now: its position (changed at once) and its drawn size (a bounding box
alone is only brought up to date when the next frame is drawn)."""


STILL = """() => new Promise(done => { let last = null; (function look() {
    const now = JSON.stringify([argmap.network.getViewPosition(), argmap.network.getScale()]);
    if (now === last) { done(); } else { last = now; setTimeout(look, 120); } })(); })"""
"""Waits until the map's view has stopped moving (an animation the page started has ended)."""


def overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_claim_given_the_other_side_moves_to_that_side_and_back(page, drafted_map: Path) -> None:
    """In the debate layout a pro claim flipped to con goes into a column of the con block, over no other box;
    what it displaces only moves down; undone, it is back where it was drawn."""
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    node = {c.id: page.evaluate("id => argmap.curate.node(id)", c.id) for c in debate.claims}
    before = page.evaluate(BOXES)
    centre = {n: round((b[0] + b[2]) / 2) for n, b in before.items()}
    con_columns = {centre[node[c.id]] for c in debate.claims if c.stance == "con"}
    assert con_columns and not con_columns & {centre[node[c.id]] for c in debate.claims if c.stance == "pro"}
    moving = next(c for c in debate.claims if c.stance == "pro")
    curator = Curator(page)
    curator.click_claim(moving.id)
    curator.press("flip")
    after = page.evaluate(BOXES)
    me = node[moving.id]
    assert round((after[me][0] + after[me][2]) / 2) in con_columns
    assert not [n for n, b in after.items() if n != me and overlaps(b, after[me])]
    # Positions, not box edges: a box's drawn size changes as the map highlights the claim picked and its neighbours.
    assert all(abs(centre[n] - (after[n][0] + after[n][2]) / 2) <= 1 and after[n][1] + after[n][3] >= before[n][1] + before[n][3] - 1
               for n in after if n != me)
    curator.press("undo")
    back = page.evaluate(BOXES)[me]
    assert (back[0] + back[2]) / 2 == (before[me][0] + before[me][2]) / 2 and (back[1] + back[3]) / 2 == (before[me][1] + before[me][3]) / 2
    assert page.errors == []


def test_on_a_phone_the_panel_stands_on_the_curation_bar(page, drafted_map: Path) -> None:
    """At 390 x 844 the claim panel's bottom sheet and the curation bar share the screen without covering
    each other; the claim under review is in the part of the map both leave free; both are usable by touch."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, drafted_map)
    curator = Curator(page)
    curator.press("next")
    first = curator.current()
    page.evaluate(STILL)
    rect = "s => { const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
    panel, bar, frame = (page.evaluate(rect, s) for s in ("#panel", "#curate", "#network"))
    assert panel[3] - panel[1] > 100 and bar[3] - bar[1] > 60
    assert panel[3] <= bar[1] + 1 and bar[3] <= 845
    x, y = page.evaluate("""id => { const n = argmap.curate.node(id), p = argmap.network.canvasToDOM(argmap.network.getPositions([n])[n]);
        const r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", first["id"])
    assert frame[0] <= x <= frame[2] and frame[1] <= y < panel[1]
    page.locator("#panel-close").click(trial=True)
    page.locator("#curate button", has_text="Accept").click()
    assert curator.current() != first and page.errors == []


def test_a_speaker_given_a_side_in_the_page_gives_it_to_their_claims_to_review(page, drafted_map: Path) -> None:
    """Click a speaker, press P: each of their claims still to review takes the side, as a suggestion
    (speaker-label) the walk then confirms; a claim already reviewed and other speakers' claims keep theirs;
    F flips each one; Z undoes; accepting a speaker is refused with a word."""
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    speaker = next(sp for sp in debate.speakers if sp.name == "Ben Okafor")
    theirs = [c for c in debate.claims if any(loc.speaker == speaker.id for loc in c.locutions)]
    assert len(theirs) >= 3 and all(c.stance == "con" and c.suggested for c in theirs)
    curator = Curator(page)
    curator.click_claim(theirs[0].id)
    curator.press("accept")
    curator.click_speaker(speaker.id)
    assert curator.current() == {"kind": "speaker", "id": speaker.id}
    curator.press("accept")
    assert "On a speaker" in page.inner_text("#curate .message")
    curator.press("pro")
    assert curator.current() == {"kind": "speaker", "id": speaker.id}
    after = {c.id: c for c in read_debate_yaml(curator.download(drafted_map.parent))[0].claims}
    assert after[theirs[0].id].stance == "con" and after[theirs[0].id].suggested is None
    for claim in theirs[1:]:
        got = after[claim.id]
        assert got.stance == "pro" and got.suggested is not None and got.suggested.method == "speaker-label"
        assert got.suggested.evidence == "Ben Okafor was labelled pro in the page"
    assert all((after[c.id].stance, after[c.id].suggested) == (c.stance, c.suggested) for c in debate.claims if c not in theirs)
    curator.press("flip")
    assert {read.id: read.stance for read in read_debate_yaml(curator.download(drafted_map.parent))[0].claims
            if read.id in {c.id for c in theirs[1:]}} == {c.id: "con" for c in theirs[1:]}
    curator.press("undo")
    curator.press("undo")
    back = {c.id: c for c in read_debate_yaml(curator.download(drafted_map.parent))[0].claims}
    assert all((back[c.id].stance, back[c.id].suggested) == (c.stance, c.suggested) for c in theirs[1:])
    assert page.errors == []


def test_after_a_change_a_claims_acceptability_is_said_to_be_the_built_one(page, drafted_map: Path) -> None:
    """The panel's "why it stands or falls" comes from the map as built: once the reader changes the
    debate, it says so (and no longer once every change is undone)."""
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    first, second = (c.id for c in debate.claims[:2])
    curator = Curator(page)
    stale = page.locator("#panel .why .stale")
    curator.click_claim(first)
    assert page.locator("#panel .why").count() == 1 and stale.count() == 0
    curator.press("flip")
    curator.click_claim(second)
    assert stale.count() == 1 and "built again" in stale.inner_text()
    curator.press("undo")
    curator.click_claim(first)
    assert page.locator("#panel .why").count() == 1 and stale.count() == 0
    assert page.errors == []


def test_the_bar_lists_the_guessed_sides_least_sure_first_and_opens_each_speaker(page, drafted_map: Path) -> None:
    """The page lists the speakers whose side argmap draft guessed as ``guessed_sides`` does; a click opens
    the speaker, and once given a side (P or C) they are no longer a guess; undone, they are again."""
    open_map(page, drafted_map)
    debate, _ = read_debate_yaml(DRAFTED)
    expected = [vars(side) for side in guessed_sides(debate)]
    assert expected and page.evaluate("argmap.curate.guessed()") == expected
    listed = page.locator("#curate .guessed button.who")
    assert listed.all_inner_texts() == [f"{g['speaker']} {g['stance']} {g['confidence']:.2f}" for g in expected]
    first = expected[0]
    listed.first.click()
    current = Curator(page).current()
    assert current is not None and current["kind"] == "speaker" and current["id"] in {s.id for s in debate.speakers if s.name == first["speaker"]}
    curator = Curator(page)
    curator.press(first["stance"])
    assert [g["speaker"] for g in page.evaluate("argmap.curate.guessed()")] == [g["speaker"] for g in expected[1:]]
    curator.press("undo")
    assert page.evaluate("argmap.curate.guessed()") == expected
    assert page.errors == []
