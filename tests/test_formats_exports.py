"""Writers for other tools: AIF (round trips), GraphML, GEXF, CSV and DOT (read back by independent
parsers and checked against the RDF), and the `argmap export` command."""
from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS

from argmap import load
from argmap.cli import main
from argmap.graph.formats import formats
from argmap.graph.formats.aif import read_aif
from argmap.graph.rdf import AM, rdf_to_debate, sorted_ntriples

FIXTURES = Path(__file__).parent / "fixtures"
TOWN = FIXTURES / "formats" / "town.json"
MINI = FIXTURES / "mini.yaml"
FLAGSHIP = Path(__file__).parents[1] / "examples" / "hollywood-ai.yaml"


def _reimport(graph, tmp_path: Path, stem: str):
    path = tmp_path / f"{stem}.json"
    path.write_text(formats()["aif"].write(graph), encoding="utf-8")
    return read_aif(path)


def test_aif_read_write_read_is_the_same_graph(tmp_path: Path) -> None:
    graph, _ = read_aif(TOWN)
    again, report = _reimport(graph, tmp_path, "town")
    assert sorted_ntriples(again) == sorted_ntriples(graph)
    assert report.warnings == 0, "argmap writes no noise"


def test_aif_round_trip_on_real_maps(shared: Path, tmp_path: Path) -> None:
    files = sorted(p for d in ("aif-qt30", "aif-moral-maze-6064") for p in (shared / "data" / d).rglob("*.json") if p.name != "PROVENANCE.json")
    for path in random.Random(11).sample(files, 12):
        graph, _ = read_aif(path)
        again, _ = _reimport(graph, tmp_path, path.stem)
        assert sorted_ntriples(again) == sorted_ntriples(graph), path


def _map_of(graph) -> dict[str, Counter]:
    """A debate as what a reader sees, independent of ids: claim texts, who said what, relations by text."""
    debate = rdf_to_debate(graph)
    text = {c.id: c.text for c in debate.claims}
    name = {s.id: s.name for s in debate.speakers}
    return {
        "claims": Counter(text.values()),
        "locutions": Counter((c.text, name[loc.speaker], loc.quote) for c in debate.claims for loc in c.locutions),
        "relations": Counter((text[r.source], r.type, text[r.target], name.get(r.by)) for r in debate.relations),
    }


@pytest.mark.parametrize("source", [MINI, FLAGSHIP], ids=["mini", "flagship"])
def test_a_debate_file_through_aif_keeps_its_map(source: Path, tmp_path: Path) -> None:
    graph = load(source)
    again, report = _reimport(graph, tmp_path, "exported")
    assert report.warnings == 0
    assert _map_of(again) == _map_of(graph)
    assert Counter(t for t in again.objects(None, RDF.type) if t in (AM.Undercut, AM.Attack)) == \
        Counter(t for t in graph.objects(None, RDF.type) if t in (AM.Undercut, AM.Attack))


def test_exported_aif_has_the_shape_aifdb_uses() -> None:
    document = json.loads(formats()["aif"].write(load(FLAGSHIP)))
    assert set(document) == {"nodes", "edges", "locutions", "participants"}
    kinds = {n["nodeID"]: n["type"] for n in document["nodes"]}
    assert len(kinds) == len(document["nodes"]) and set(kinds.values()) <= {"I", "L", "YA", "TA", "RA", "CA", "MA"}
    allowed = {("L", "YA"), ("TA", "YA"), ("YA", "I"), ("L", "TA"), ("TA", "L")} | {
        p for s in ("RA", "CA", "MA") for p in (("I", s), (s, "I"), ("YA", s))}
    assert {(kinds[e["fromID"]], kinds[e["toID"]]) for e in document["edges"]} <= allowed
    assert {loc["nodeID"] for loc in document["locutions"]} == {k for k, t in kinds.items() if t == "L"}
    people = {p["participantID"] for p in document["participants"]}
    assert {loc["personID"] for loc in document["locutions"]} <= people
    for node in document["nodes"]:
        if node["type"] in ("YA", "TA", "RA", "CA", "MA"):
            assert node["scheme"] and (node["text"] == node["scheme"] or node["schemeID"])


# ---------------------------------------------------------------- graph formats


def expected_projection(graph) -> tuple[int, Counter]:
    """Nodes and edges the graph formats should hold, counted from the RDF directly."""
    nodes = len(set(graph.subjects(RDF.type, AM.Speaker)) | set(graph.subjects(RDF.type, AM.Issue)) | set(graph.subjects(RDF.type, AM.Claim)))
    edges = Counter()
    for name, cls in (("supports", AM.Support), ("attacks", AM.Attack), ("undercuts", AM.Undercut), ("rephrases", AM.Rephrase)):
        edges[name] = len(set(graph.subjects(RDF.type, cls)))
    edges["asserts"] = len(set(graph.subject_objects(AM.asserts)))
    edges["on-issue"] = len(set(graph.subject_objects(AM.onIssue)))
    return nodes, +edges


@pytest.fixture(scope="module")
def flagship_graph():
    return load(FLAGSHIP)


def test_graphml_reads_back_with_networkx(flagship_graph) -> None:
    text = formats()["graphml"].write(flagship_graph)
    root = ET.fromstring(text)
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    keys = [k.get("id") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")]
    declared = set(keys)
    used = {d.get("key") for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")}
    assert used <= declared
    assert len(keys) == len(declared), "graphml.xsd's key_id_key: a key's id is unique in the document"
    g = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    nodes, edges = expected_projection(flagship_graph)
    assert g.number_of_nodes() == nodes
    assert Counter(d["kind"] for _, _, d in g.edges(data=True)) == edges
    cameron = next(n for n, d in g.nodes(data=True) if d["label"] == "James Cameron")
    assert g.nodes[cameron]["kind"] == "speaker" and (g.nodes[cameron]["r"], g.nodes[cameron]["g"], g.nodes[cameron]["b"]) == (31, 119, 180)


def test_gexf_reads_back_with_networkx_and_is_deterministic(flagship_graph) -> None:
    text = formats()["gexf"].write(flagship_graph)
    assert text == formats()["gexf"].write(flagship_graph)
    root = ET.fromstring(text)
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf" and root.get("version") == "1.2"
    g = nx.read_gexf(io.BytesIO(text.encode()))
    nodes, edges = expected_projection(flagship_graph)
    assert g.number_of_nodes() == nodes
    assert Counter(d["kind"] for _, _, d in g.edges(data=True)) == edges
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {str(n) for n in flagship_graph.objects(None, RDFS.label)} & labels
    assert all("viz" in d and "color" in d["viz"] for _, d in g.nodes(data=True))


def test_csv_zip_holds_nodes_and_edges_that_refer_to_them(flagship_graph) -> None:
    data = formats()["csv"].write(flagship_graph)
    assert data == formats()["csv"].write(flagship_graph)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
    count, kinds = expected_projection(flagship_graph)
    assert len(nodes) == count and Counter(e["kind"] for e in edges) == kinds
    ids = {n["Id"] for n in nodes}
    assert all(e["Source"] in ids and e["Target"] in ids and e["Type"] == "Directed" for e in edges)
    texts = {n["text"] for n in nodes if n["kind"] == "claim"}
    assert any("\n" in t or "," in t or '"' in t for t in texts), "quoting is exercised"
    assert texts == {str(t) for t in flagship_graph.objects(None, AM.text)}


def test_dot_names_every_edge_end_and_escapes_quotes(flagship_graph) -> None:
    text = formats()["dot"].write(flagship_graph)
    declared = set(re.findall(r'^    ("(?:[^"\\]|\\.)*") \[label=', text, re.MULTILINE))
    ends = re.findall(r'^  ("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[', text, re.MULTILINE)
    count, kinds = expected_projection(flagship_graph)
    assert len(declared) == count and len(ends) == sum(kinds.values())
    assert all(a in declared and b in declared for a, b in ends)
    assert text.count("{") == text.count("}")


def test_dot_renders_with_graphviz_when_installed(flagship_graph, tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    result = subprocess.run(["dot", "-Tsvg"], input=formats()["dot"].write(flagship_graph), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "<svg" in result.stdout


def test_projection_of_many_debates_keeps_ids_apart(tmp_path: Path) -> None:
    graph = load([MINI, TOWN])
    g = nx.read_graphml(io.BytesIO(formats()["graphml"].write(graph).encode()), force_multigraph=True)
    assert {d["debate"] for _, d in g.nodes(data=True)} == {"mini", "town"}
    assert g.number_of_nodes() == expected_projection(graph)[0]


# ---------------------------------------------------------------- command


@pytest.mark.parametrize("fmt,suffix", [("aif", ".json"), ("graphml", ".graphml"), ("gexf", ".gexf"), ("csv", ".zip"), ("dot", ".dot"), ("jsonld", ".jsonld")])
def test_export_command_writes_each_format(tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["export", str(TOWN), "--to", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (lambda w: w if isinstance(w, bytes) else w.encode())(formats()[fmt].write(load(TOWN)))


def test_export_needs_files_or_a_store_and_writes_nothing_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "out.graphml"
    assert CliRunner().invoke(main, ["export", "--to", "graphml", "-o", str(out)]).exit_code == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [', encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(bad), "--to", "graphml", "-o", str(out)])
    assert result.exit_code == 1 and "truncated JSON" in result.output and not out.exists()


def test_export_and_speakers_read_a_store(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    runner = CliRunner()
    ingest = runner.invoke(main, ["ingest", str(TOWN), str(FIXTURES / "formats" / "panel-a.yaml"), "--store", str(store)])
    assert ingest.exit_code == 0, ingest.output
    out = tmp_path / "kg.graphml"
    assert runner.invoke(main, ["export", "--store", str(store), "--to", "graphml", "-o", str(out)]).exit_code == 0
    g = nx.read_graphml(out, force_multigraph=True)
    assert {d["debate"] for _, d in g.nodes(data=True)} == {"town", "panel-a"}
    people = json.loads(runner.invoke(main, ["speakers", "--store", str(store), "--format", "json"]).output)["people"]
    ana = next(p for p in people if p["name"] == "Ana Ruiz")
    assert sorted(ana["debates"]) == ["panel-a", "town"], "the AIF and the YAML Ana Ruiz are one person"
