"""AIF JSON in: a hand-made nodeset with every IAT pattern, bad files, and real QT30 / Moral Maze
maps whose counts by node and edge type are checked against a direct count of their JSON."""
from __future__ import annotations

import json
import logging
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef

from argmap import load
from argmap.cli import main
from argmap.errors import InputError
from argmap.graph.formats.aif import read_aif
from argmap.graph.rdf import AM, item_iri

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TOWN = FIXTURES / "town.json"


def _iri(kind: str, local: str) -> URIRef:
    return item_iri("town", kind, local)


def test_hand_made_nodeset_maps_every_iat_pattern() -> None:
    graph, report = read_aif(TOWN)
    claim, loc, rel, spk, ta = (lambda x, k=k: _iri(k, x) for k in ("claim", "locution", "relation", "speaker", "transition"))
    assert {str(graph.value(c, AM.text)) for c in graph.subjects(RDF.type, AM.Claim)} == {
        "Shops need customers", "Deliveries would get slower", "Footfall rises when the cars go", "Customers come on foot"}
    # speakers from the "Name : " prefix; the annotator's copy (node 4) is Ben's; node 5 has no
    # prefix and takes the name its personID p2 has on node 2
    assert {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, AM.Speaker)} == {"Ana Ruiz", "Ben Okafor"}
    assert graph.value(loc("l.4"), AM.speaker) == spk("ben-okafor")
    assert graph.value(loc("l.5"), AM.speaker) == spk("ben-okafor")
    assert graph.value(loc("l.1"), AM.quote) == Literal("Shops need customers")
    # L -> YA -> I: who asserts what, with the non-default illocution kept
    assert set(graph.subject_objects(AM.hasLocution)) == {
        (claim("i.11"), loc("l.1")), (claim("i.12"), loc("l.2")), (claim("i.13"), loc("l.3")), (claim("i.14"), loc("l.5"))}
    assert (spk("ana-ruiz"), AM.asserts, claim("i.13")) in graph
    assert graph.value(loc("l.5"), AM.illocution) == Literal("Pure Questioning")
    assert graph.value(loc("l.1"), AM.illocution) is None
    # RA with two premises: two support relations tied as one linked argument, drawn by Ana in TA 32
    assert (rel("ra.41"), AM["from"], claim("i.13")) in graph and (rel("ra.41.2"), AM["from"], claim("i.14")) in graph
    assert (rel("ra.41"), AM.jointWith, rel("ra.41.2")) in graph
    assert set(graph.objects(rel("ra.41.2"), AM.drawnBy)) == {spk("ana-ruiz")}
    assert graph.value(rel("ra.41"), AM.anchoredIn) == ta("ta.32")
    assert (claim("i.12"), AM.attacks, claim("i.11")) in graph
    assert set(graph.objects(rel("ca.51"), AM.drawnBy)) == {spk("ben-okafor")}
    assert (claim("i.14"), AM.rephrases, claim("i.13")) in graph
    assert graph.value(rel("ma.61"), AM.drawnBy) is None
    # L -> TA -> L: transitions and who replies to whom
    assert set(graph.subject_objects(AM.repliesTo)) == {(loc("l.2"), loc("l.1")), (loc("l.3"), loc("l.2")), (loc("l.5"), loc("l.3"))}
    assert (ta("ta.31"), AM.fromLocution, loc("l.1")) in graph and (ta("ta.31"), AM.toLocution, loc("l.2")) in graph
    # the L->L and YA->L edges are noise: counted, not mapped
    assert report.noise_edges == Counter({"L->L": 1, "YA->L": 1})
    assert report.unknown_speakers == 0


def test_noise_is_logged_as_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        load(TOWN)
    assert len(caplog.records) == 1
    assert "town.json" in caplog.text and "2 edges fitting no IAT pattern" in caplog.text


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _town() -> dict:
    return json.loads(TOWN.read_text(encoding="utf-8"))


BAD = {
    "truncated": (lambda: TOWN.read_bytes()[:900], "truncated JSON"),
    "not-utf8": (lambda: TOWN.read_bytes().replace(b"Ana Ruiz", "Ana Ru\u00edz".encode("latin-1"), 1), "not UTF-8"),
    "nodes-not-list": (lambda: json.dumps({**_town(), "nodes": {"a": 1}}).encode(), "nodes: expected a list"),
    "text-not-string": (lambda: json.dumps({**_town(), "nodes": [{**_town()["nodes"][0], "text": 5}]}).encode(), "nodes[0].text: expected a string"),
    "dangling-edge": (lambda: json.dumps({**_town(), "edges": _town()["edges"] + [{"edgeID": "x9", "fromID": "1", "toID": "999"}]}).encode(),
                      "points to node '999', which is not in nodes"),
    "duplicate-node": (lambda: json.dumps({**_town(), "nodes": _town()["nodes"] + [_town()["nodes"][0]]}).encode(), "duplicate nodeID '1'"),
    "not-an-object": (lambda: b"[1, 2]", "expected an AIF object"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_name_the_file_and_the_problem_and_write_nothing(tmp_path: Path, case: str) -> None:
    make, problem = BAD[case]
    path = _write(tmp_path, f"{case}.json", make())
    with pytest.raises(InputError) as error:
        read_aif(path)
    assert str(path) in str(error.value) and problem in str(error.value)
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1 and problem in result.output
    assert not out.exists()


# ---------------------------------------------------------------- real corpora

IAT_PATTERNS = {("L", "TA"), ("TA", "L"), ("L", "YA"), ("TA", "YA"), ("YA", "I")} | {
    p for s in ("RA", "CA", "MA") for p in (("YA", s), ("I", s), (s, "I"))}


def direct_counts(path: Path) -> Counter:
    """Count what the graph should hold straight from the JSON, without argmap's reader."""
    data = json.loads(path.read_text(encoding="utf-8"))
    kind = {n["nodeID"]: n["type"] for n in data["nodes"]}
    succ, pred = defaultdict(list), defaultdict(list)
    counts = Counter()
    for e in data["edges"]:
        pair = (kind[e["fromID"]], kind[e["toID"]])
        if pair in IAT_PATTERNS:
            succ[e["fromID"]].append(e["toID"])
            pred[e["toID"]].append(e["fromID"])
        else:
            counts["noise"] += 1
    counts["claims"] = sum(t == "I" for t in kind.values())
    counts["locutions"] = sum(t == "L" for t in kind.values())
    counts["transitions"] = sum(t == "TA" for t in kind.values())
    for node, t in kind.items():
        if t in ("RA", "CA", "MA"):
            premises = sum(kind[x] == "I" for x in pred[node])
            conclusions = sum(kind[x] == "I" for x in succ[node])
            counts[t] += premises * conclusions
    uttered = set()
    for node, t in kind.items():
        if t == "YA":
            speakers = [x for x in pred[node] if kind[x] == "L"] + [y for x in pred[node] if kind[x] == "TA" for y in succ[x] if kind[y] == "L"]
            uttered |= {(i, loc) for i in succ[node] if kind[i] == "I" for loc in speakers}
    counts["hasLocution"] = len(uttered)
    return counts


def graph_counts(graph) -> Counter:
    counts = Counter()
    counts["claims"] = len(set(graph.subjects(RDF.type, AM.Claim)))
    counts["locutions"] = len(set(graph.subjects(RDF.type, AM.Locution)))
    counts["transitions"] = len(set(graph.subjects(RDF.type, AM.Transition)))
    for t, cls in (("RA", AM.Support), ("CA", AM.Attack), ("MA", AM.Rephrase)):
        counts[t] = len(set(graph.subjects(RDF.type, cls)))
    counts["hasLocution"] = len(set(graph.subject_objects(AM.hasLocution)))
    return counts


def aif_files(shared: Path) -> list[Path]:
    return sorted(p for d in ("aif-qt30", "aif-moral-maze-6064") for p in (shared / "data" / d).rglob("*.json") if p.name != "PROVENANCE.json")


def test_the_corpora_hold_1489_qt30_maps_and_the_moral_maze(shared: Path) -> None:
    files = aif_files(shared)
    assert sum("aif-qt30" in str(p) for p in files) == 1489
    assert sum("moral-maze" in str(p) for p in files) == 2


def test_sample_of_real_maps_matches_a_direct_count_of_the_json(shared: Path) -> None:
    files = aif_files(shared)
    sample = sorted(random.Random(7).sample(files, 48) + [p for p in files if "moral-maze" in str(p)])
    noisy = 0
    for path in sample:
        graph, report = read_aif(path)
        expected = direct_counts(path)
        assert graph_counts(graph) == Counter({k: v for k, v in expected.items() if k != "noise"}), path
        assert sum(report.noise_edges.values()) == expected["noise"], path
        noisy += expected["noise"] > 0
        for loc in graph.subjects(RDF.type, AM.Locution):
            assert graph.value(loc, AM.speaker) is not None and graph.value(loc, AM.quote) is not None
    assert noisy > 0, "the sample should include files with noisy edges"


def test_speakers_come_from_the_name_prefix_not_the_person_id(shared: Path) -> None:
    # nodeset21390: personID 3812 is Fiona Bruce here; an annotator's copy ("Fyfe: Fiona Bruce : ...") is hers too
    path = next(p for p in aif_files(shared) if p.name == "nodeset21390.json")
    graph, _ = read_aif(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for node in data["nodes"]:
        if node["type"] == "L":
            loc = item_iri("nodeset21390", "locution", f"l.{node['nodeID']}")
            name = str(graph.value(graph.value(loc, AM.speaker), RDFS.label))
            assert f"{name} : " in node["text"], node["text"]
            assert node["text"].endswith(str(graph.value(loc, AM.quote)))
