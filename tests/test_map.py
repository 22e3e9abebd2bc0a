"""The map without a browser: views, selection, page data, escaping, determinism, CLI, notebook object.

Expected counts are derived from the debate model (``read_debate_yaml``), never from the map code.
"""
from __future__ import annotations

import html as _html
import json
import os
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT
from rdflib import Literal, URIRef

from argmap import load
from argmap.cli import main
from argmap.errors import ArgmapError
from argmap.exports.map import EDGE_STYLES, page_data, render_html
from argmap.exports.map import render_map as make_map
from argmap.exports.views import select_claims, view
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import AM, debate_to_rdf, item_iri

XSS = FIXTURES / "xss.yaml"


def page_json(page: str) -> dict:
    """The JSON data island of a map page, decoded."""
    match = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)
    assert match, "no data island"
    return json.loads(match.group(1))


def expected_counts(path: Path) -> dict[str, tuple[int, int]]:
    """(nodes, edges) of each view, counted from the debate model by the rules in docs/map.md."""
    debate, _ = read_debate_yaml(path)
    speakers_of = {c.id: {loc.speaker for loc in c.locutions} for c in debate.claims}
    asserting = set().union(*speakers_of.values())
    pairs = set()
    for speakers in speakers_of.values():
        pairs |= {frozenset(p) for p in combinations(speakers, 2)}
    for r in debate.relations:
        if r.type in ("supports", "rephrases", "attacks", "undercuts"):
            pairs |= {frozenset((a, b)) for a in speakers_of[r.source] for b in speakers_of[r.target] if a != b}
    by_issue: dict[str, dict[str, int]] = {}
    for c in debate.claims:
        if c.issue and c.stance:
            for s in speakers_of[c.id]:
                by_issue.setdefault(c.issue, {}).setdefault(s, 0)
                by_issue[c.issue][s] += 1 if c.stance == "pro" else -1
    for lean in by_issue.values():
        sided = sorted(s for s, n in lean.items() if n)
        pairs |= {frozenset(p) for p in combinations(sided, 2)}
    return {
        "claims": (len(debate.claims), len(debate.relations)),
        "who-argues-what": (len(debate.claims) + len(asserting), len(debate.relations) + sum(map(len, speakers_of.values()))),
        "speakers": (len(asserting), len(pairs)),
    }


@pytest.mark.parametrize("name", ["claims", "who-argues-what", "speakers"])
@pytest.mark.parametrize("fixture", ["mini.yaml", "xss.yaml"])
def test_view_counts_match_the_debate_model(name: str, fixture: str) -> None:
    path = FIXTURES / fixture
    data = page_json(render_html(load([path]), view_name=name))
    assert (len(data["nodes"]), len(data["edges"])) == expected_counts(path)[name]


def test_flagship_view_counts(flagship: Path) -> None:
    graph = load([flagship])
    expected = expected_counts(flagship)
    for name in ("claims", "who-argues-what", "speakers"):
        data = page_data(graph, view(graph, name))
        assert (len(data["nodes"]), len(data["edges"])) == expected[name], name


def test_speakers_view_signs_on_mini(mini: Path) -> None:
    """Hand-derived from tests/fixtures/mini.yaml: who agrees and who attacks whom."""
    signed = view(load([mini]), "speakers")
    iri = lambda s: str(item_iri("mini", "speaker", s))  # noqa: E731
    # Ben's deliveries claim attacks Ana's footfall claim; his noise claim undercuts the quiet claim
    # Ana co-asserts; Ana leans pro and Ben con on both 'trade' and 'car-free': four negatives.
    assert signed.edges[iri("ana"), iri("ben")]["relation"] == "disagrees"
    assert signed.edges[iri("ana"), iri("ben")]["negative"] == 4
    # Ana and the residents co-assert the quiet claim and it supports Ana's footfall claim.
    assert signed.edges[iri("ana"), iri("residents")]["relation"] == "agrees"
    assert signed.edges[iri("council"), iri("ben")]["relation"] == "disagrees"


def test_select_claims_by_issue_includes_sub_issues(mini: Path) -> None:
    graph = load([mini])
    claim = lambda c: str(item_iri("mini", "claim", c))  # noqa: E731
    assert select_claims(graph, issue="trade") == {claim("ana-footfall"), claim("ben-deliveries"), claim("council-loading")}
    assert select_claims(graph, issue="Should Main Street go car-free?") == {
        claim(c) for c in ("ana-footfall", "ben-deliveries", "council-loading", "residents-quiet", "ben-noise-moves")}
    assert select_claims(graph) is None


def test_select_claims_by_speaker_keeps_one_relation_of_context(mini: Path) -> None:
    graph = load([mini])
    claim = lambda c: str(item_iri("mini", "claim", c))  # noqa: E731
    # The council asserts council-loading, which attacks ben-deliveries.
    assert select_claims(graph, speaker="Town Council") == {claim("council-loading"), claim("ben-deliveries")}
    # By alias, case-insensitively; intersected with an issue.
    assert select_claims(graph, speaker="okafor", issue="trade") == {
        claim("ben-deliveries"), claim("ana-footfall"), claim("council-loading")}


def test_unknown_issue_or_speaker_names_the_known_ones(mini: Path) -> None:
    graph = load([mini])
    with pytest.raises(ArgmapError, match=r"unknown speaker 'Nobody' \(known speakers: Ana Ruiz, Ben Okafor"):
        select_claims(graph, speaker="Nobody")
    with pytest.raises(ArgmapError, match=r"unknown issue 'weather' \(known issues: car-free, trade\)"):
        select_claims(graph, issue="weather")


def test_every_debate_string_round_trips_through_the_page_unexecuted() -> None:
    page = render_html(load([XSS]))
    debate, _ = read_debate_yaml(XSS)
    data = page_json(page)
    texts = {n["am"].get("text") for n in data["nodes"]}
    assert {c.text for c in debate.claims} <= texts
    quotes = {q["quote"] for n in data["nodes"] for q in n["am"].get("quotes", [])}
    assert {loc.quote for c in debate.claims for loc in c.locutions} == quotes
    # Outside the data island and vis-network, the page holds no tag a payload brought.
    outside = page.replace(re.search(r'<script type="application/json".*?</script>', page, re.S).group(0), "")
    assert "<img" not in outside and "<svg onload" not in outside and "<iframe" not in outside
    assert outside.count("<script>") == 3  # vis-network, one string literal inside it, argmap's own script
    assert outside.count("<script") == 3 and outside.count("</script>") == 2
    # Placeholders inside debate strings are left alone (the template is filled in one pass).
    assert any(n["am"].get("name") == "Trent {{DATA}} & {{VIS_JS}}" for n in data["nodes"])
    assert page.count('id="argmap-data"') == 1
    assert _html.escape(debate.title) in page


def _maps_under_two_hash_seeds(tmp_path: Path, *args: str) -> list[bytes]:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"map-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", "from argmap.cli import main; main()", "map", *args, "-o", str(out)],
                       check=True, env=env, cwd=ROOT, capture_output=True)
        outputs.append(out.read_bytes())
    return outputs


def test_same_input_gives_byte_identical_html_across_processes(tmp_path: Path, flagship: Path) -> None:
    first, second = _maps_under_two_hash_seeds(tmp_path, str(flagship))
    assert first == second
    first, second = _maps_under_two_hash_seeds(tmp_path, str(flagship), "--view", "speakers", "--speaker", "James Cameron")
    assert first == second


def test_a_corpus_map_is_byte_identical_across_processes(tmp_path: Path, mini: Path) -> None:
    """The corpus overview lays each debate out on its own: the same store gives the same page whatever
    Python's hash seed (networkx's subgraph views iterate small node sets in set order)."""
    from argmap.exports.map import CORPUS_DEBATES
    from argmap.store import ingest, open_store

    text = mini.read_text(encoding="utf-8")
    copies = []
    for n in range(CORPUS_DEBATES + 1):
        copy = tmp_path / f"town-{n}.yaml"
        copy.write_text(text.replace("\nid: mini\n", f"\nid: town-{n}\n"), encoding="utf-8")
        copies.append(copy)
    with open_store(tmp_path / "kg") as store:
        ingest(store, copies)
    first, second = _maps_under_two_hash_seeds(tmp_path, str(tmp_path / "kg"))
    assert page_json(first.decode("utf-8"))["layout"] == "corpus"
    assert first == second


def test_analysis_results_in_the_graph_reach_the_page(mini: Path) -> None:
    """Triples added by hand (the shape annotate() writes) drive the filter, borders and camp colours."""
    graph = load([mini])
    claim = lambda c: item_iri("mini", "claim", c)  # noqa: E731
    graph.add((claim("ana-footfall"), AM.groundedStatus, Literal("OUT")))
    graph.add((claim("ben-deliveries"), AM.groundedStatus, Literal("IN")))
    graph.add((claim("ben-deliveries"), AM.strength, Literal(0.25)))
    camp = URIRef("https://w3id.org/argmap/id/mini/camp/1")
    graph.add((item_iri("mini", "speaker", "ben"), AM.inCamp, camp))
    data = page_json(render_html(graph))
    assert data["filters"]["statuses"] == ["IN", "OUT"]
    nodes = {n["am"]["iri"]: n for n in data["nodes"]}
    assert nodes[str(claim("ana-footfall"))]["shapeProperties"]["borderDashes"]
    assert nodes[str(claim("ben-deliveries"))]["am"]["strength"] == 0.25
    ben, ana = nodes[str(item_iri("mini", "speaker", "ben"))], nodes[str(item_iri("mini", "speaker", "ana"))]
    assert ben["am"]["camp"] == "1" and ben["color"]["background"] != ana["color"]["background"]
    labels = [item["label"] for item in data["legend"]]
    assert "falls (OUT)" in labels and "speaker in no camp" in labels
    assert "mostly against: Ben Okafor" in labels  # a camp is named by what its members hold


def test_without_analysis_there_is_no_acceptability_filter(mini: Path) -> None:
    data = page_json(render_html(load([mini])))
    assert data["filters"]["statuses"] == []
    assert not any("color" in n for n in data["nodes"])


def test_legend_and_styles_are_the_same_across_views(flagship: Path) -> None:
    graph = load([flagship])
    seen: dict[str, dict] = {}
    for name in ("claims", "who-argues-what", "speakers"):
        data = page_json(render_html(graph, view_name=name))
        relations = {e["relation"] for e in data["edges"]}
        legend = {item["label"]: item for item in data["legend"]}
        for relation in relations:
            style = data["edgeStyles"][relation]
            assert style == EDGE_STYLES[relation]
            entry = next(i for i in legend.values() if i["type"] == "edge" and i["color"] == style["color"] and i["dashes"] == style["dashes"])
            seen.setdefault(entry["label"], entry)
            assert seen[entry["label"]] == entry
    # An attack never looks like a support: distinct colour and dash style.
    assert EDGE_STYLES["attacks"]["color"] != EDGE_STYLES["supports"]["color"]
    assert EDGE_STYLES["attacks"]["dashes"] and not EDGE_STYLES["supports"]["dashes"]


def test_positions_are_computed_ahead_and_physics_is_off(mini: Path) -> None:
    data = page_json(render_html(load([mini])))
    assert data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_cli_map_writes_each_view_and_restricts(tmp_path: Path, mini: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "trade.html"
    result = runner.invoke(main, ["map", str(mini), "--view", "claims", "--issue", "trade", "-o", str(out), "--no-analysis"])
    assert result.exit_code == 0, result.output
    data = page_json(out.read_text(encoding="utf-8"))
    assert data["view"] == "claims"
    assert sorted(n["am"]["iri"].rsplit("/", 1)[1] for n in data["nodes"]) == ["ana-footfall", "ben-deliveries", "council-loading"]
    assert data["filters"]["statuses"] == []
    analysed = tmp_path / "analysed.html"
    assert runner.invoke(main, ["map", str(mini), "-o", str(analysed)]).exit_code == 0
    assert page_json(analysed.read_text(encoding="utf-8"))["filters"]["statuses"]


def test_cli_map_rejects_an_unknown_speaker_and_writes_nothing(tmp_path: Path, mini: Path) -> None:
    out = tmp_path / "none.html"
    result = CliRunner().invoke(main, ["map", str(mini), "--speaker", "Nobody", "-o", str(out)])
    assert result.exit_code == 1
    assert "unknown speaker 'Nobody'" in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_notebook_object_embeds_the_page_in_a_sandboxed_iframe(mini: Path, tmp_path: Path) -> None:
    shown = make_map(load([mini]), view="claims")
    markup = shown._repr_html_()
    assert markup.startswith("<iframe") and 'sandbox="allow-scripts"' in markup
    srcdoc = re.search(r'srcdoc="([^"]*)"', markup).group(1)
    assert _html.unescape(srcdoc) == shown.html
    saved = shown.save(tmp_path / "nb.html")
    assert saved.read_text(encoding="utf-8") == shown.html


def test_debates_built_in_memory_map_too(mini: Path) -> None:
    debate, _ = read_debate_yaml(mini)
    assert page_json(render_html(debate_to_rdf(debate)))["nodes"]


# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", matrices for severity 1.0, applied to linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "typical": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
}


def _delta_e(a: str, b: str, matrix) -> float:
    """CIE76 colour difference between two sRGB hex colours as seen through ``matrix``."""
    import numpy as np

    def lab(hex_colour: str):
        c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        linear = np.clip(np.array(matrix) @ np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4), 0, 1)
        xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
        f = np.cbrt(xyz / np.array([0.95047, 1.0, 1.08883]))
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    return float(np.linalg.norm(lab(a) - lab(b)))


@pytest.mark.parametrize("vision", sorted(CVD))
def test_colours_stay_apart_for_colour_blind_readers(vision: str) -> None:
    from argmap.exports.map import CLAIM_FILLS

    m = CVD[vision]
    assert _delta_e(CLAIM_FILLS["pro"], CLAIM_FILLS["con"], m) > 20
    assert min(_delta_e(CLAIM_FILLS[s], CLAIM_FILLS["neutral"], m) for s in ("pro", "con")) > 9
    assert _delta_e(EDGE_STYLES["supports"]["color"], EDGE_STYLES["attacks"]["color"], m) > 30
    assert _delta_e(EDGE_STYLES["attacks"]["color"], EDGE_STYLES["undercuts"]["color"], m) > 15


@pytest.mark.parametrize("vision", sorted(CVD))
def test_camp_colours_never_look_like_the_pro_or_con_fills(vision: str) -> None:
    from argmap.exports.map import CAMP_COLOURS, CLAIM_FILLS, OKABE_ITO

    assert set(CAMP_COLOURS) <= set(OKABE_ITO)
    for camp in CAMP_COLOURS:
        for stance in ("pro", "con"):
            assert _delta_e(camp, CLAIM_FILLS[stance], CVD[vision]) > 20, (camp, stance)
    assert min(_delta_e(a, b, CVD[vision]) for a, b in combinations(CAMP_COLOURS, 2)) > 10


def test_render_map_analyses_like_the_cli_and_has_a_short_repr(flagship: Path) -> None:
    graph = load([flagship])
    shown = make_map(graph)
    data = page_json(shown.html)
    assert data["filters"]["statuses"] and data["camps"], "acceptability and camps come from the analysis"
    assert page_json(make_map(load([flagship]), analysis=False).html)["camps"] == []
    text = repr(shown)
    assert len(text) < 200 and "who-argues-what" in text and "80 claims" in text and "<!DOCTYPE" not in text


def test_restricted_maps_count_what_they_show(tmp_path: Path, flagship: Path) -> None:
    debate, _ = read_debate_yaml(flagship)
    claims = [c for c in debate.claims if c.issue == "copyright"]
    speakers = {loc.speaker for c in claims for loc in c.locutions}
    ids = {c.id for c in claims}
    attacks = sum(1 for r in debate.relations if r.type == "attacks" and r.source in ids and r.target in ids)
    total_attacks = sum(1 for r in debate.relations if r.type == "attacks")
    expected = (f"showing {len(speakers)} of {len(debate.speakers)} speakers, {len(claims)} of {len(debate.claims)} claims")
    out = tmp_path / "copyright.html"
    result = CliRunner().invoke(main, ["map", str(flagship), "--issue", "copyright", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert expected in result.output and expected in out.read_text(encoding="utf-8")
    assert (f"{attacks} of {total_attacks} attacks" in result.output) == bool(attacks)
    whole = CliRunner().invoke(main, ["map", str(flagship), "-o", str(tmp_path / "all.html")])
    assert f"{len(debate.speakers)} speakers, {len(debate.claims)} claims" in whole.output and "showing" not in whole.output


def test_who_answers_whom_counts_as_the_named_query(flagship: Path) -> None:
    from argmap.analysis import annotate
    from argmap.exports.views import who_answers_whom
    from argmap.sparql import query_text, result_rows, run_query

    graph = annotate(load([flagship]))
    names = {n: d["name"] for n, d in view(graph).nodes(data=True) if d["kind"] == "speaker"}
    _, rows = result_rows(run_query(graph, query_text("who-attacks-whom")))
    expected = {(a, b): int(n) for a, b, n in rows}
    assert expected
    assert {(names[r["from"]], names[r["to"]]): r["attacks"] for r in who_answers_whom(view(graph)) if r["attacks"]} == expected


def test_the_debate_layout_is_the_default_for_one_debate_only(flagship: Path, mini: Path) -> None:
    graph = load([flagship])
    assert page_json(render_html(graph))["layout"] == "debate"
    assert page_json(render_html(graph, view_name="speakers"))["layout"] == "force"
    assert page_json(render_html(graph, layout="force"))["layout"] == "force"
    assert page_json(render_html(load([flagship, mini])))["layout"] == "force"
    with pytest.raises(ArgmapError, match="unknown layout 'grid'"):
        render_html(graph, layout="grid")


def test_a_store_map_projects_the_argument_and_people_once(monkeypatch, store_dir: Path) -> None:
    """The analysis, the view and the totals of a store's map share one argument graph and one speaker
    identity mapping (argmap.analysis.triples.kept), and the map is the same as when each step computes its own."""
    from argmap.analysis import projection
    from argmap.store import open_store

    with monkeypatch.context() as each_step_its_own:
        each_step_its_own.setattr(projection, "kept", lambda source, key, compute: compute())
        with open_store(store_dir) as store:
            alone = make_map(store, title="kg").html
    calls = {"argument_graph": 0, "_identities": 0}
    for name in calls:
        real = getattr(projection, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(projection, name, counted)
    with open_store(store_dir) as store:
        shared = make_map(store, title="kg").html
    assert calls == {"argument_graph": 1, "_identities": 1}
    assert shared == alone


def test_the_served_map_without_analysis_leaves_the_graph_unannotated(flagship) -> None:
    """``/map?analysis=0`` (``MapView(analysis=False)``) draws the store's graph as it is: no camps, and the
    graph gets no analysis triples; with the analysis (the default) it gets both."""
    from argmap.cli.store import store_map_page
    from argmap.server.app import MapView

    plain, analysed = load([flagship]), load([flagship])
    size = len(plain)
    assert page_json(store_map_page(plain, MapView(analysis=False)))["camps"] == [] and len(plain) == size
    assert page_json(store_map_page(analysed, MapView()))["camps"] and len(analysed) > size
