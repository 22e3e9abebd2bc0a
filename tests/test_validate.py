"""SHACL validation: real debates validate clean, every shape catches a graph that breaks it, and the
report names the item at fault and the rule in words, for people (text) and programs (JSON)."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, SKOS

from argmap import load
from argmap.cli import main
from argmap.graph.formats import formats
from argmap.graph.rdf import AM, debate_iri, item_iri
from argmap.graph.validate import format_report, shapes_graph, validate

AMSH = "https://w3id.org/argmap/shapes#"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DEBATE = debate_iri("mini")


def I(kind: str, local: str) -> URIRef:  # noqa: E743 - an item of the mini debate
    return item_iri("mini", kind, local)


ATTACK = I("relation", "ben-deliveries.attacks.ana-footfall")
FOOTFALL, DELIVERIES, LOADING = I("claim", "ana-footfall"), I("claim", "ben-deliveries"), I("claim", "council-loading")
BEN, ANA = I("speaker", "ben"), I("speaker", "ana")
LOC = I("locution", "ana-footfall.1")
MAYBE = URIRef(str(AM) + "Maybe")  # an argmap IRI the vocabulary does not define


def replace(graph: Graph, s, p, o) -> None:
    graph.remove((s, p, None))
    graph.add((s, p, o))


def offsets(start: object, end: object) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for p, v in ((AM.startOffset, start), (AM.endOffset, end)):
            if v is not None:
                g.add((LOC, p, v))
    return mutate


NN = XSD.nonNegativeInteger
# shape (local name in shapes.ttl) -> a change to the valid mini graph that breaks exactly that rule
BREAKS: dict[str, Callable[[Graph], None]] = {
    "Item-inDebate": lambda g: g.remove((FOOTFALL, AM.inDebate, None)),
    "Item-localId": lambda g: replace(g, FOOTFALL, AM.localId, Literal("1-footfall")),
    "Item-order": lambda g: replace(g, FOOTFALL, AM.order, Literal(-1)),
    "Debate-label": lambda g: g.remove((DEBATE, RDFS.label, None)),
    "Debate-localId": lambda g: g.add((DEBATE, AM.localId, Literal("other"))),
    "Debate-description": lambda g: replace(g, DEBATE, AM.description, Literal(" padded ")),
    "Source-label": lambda g: g.remove((I("source", "minutes"), RDFS.label, None)),
    "Source-url": lambda g: replace(g, I("source", "minutes"), AM.url, Literal("https://example.org/minutes")),
    "Source-publisher": lambda g: g.add((I("source", "minutes"), AM.publisher, Literal("Another publisher"))),
    "Source-author": lambda g: g.add((I("source", "minutes"), AM.author, Literal(""))),
    "Source-date": lambda g: replace(g, I("source", "minutes"), AM.date, Literal("3 March 2025")),
    "Source-localPath": lambda g: g.add((I("source", "minutes"), AM.localPath, Literal(""))),
    "Speaker-label": lambda g: g.remove((BEN, RDFS.label, None)),
    "Speaker-description": lambda g: replace(g, BEN, AM.description, Literal(42)),
    "Speaker-alias": lambda g: g.add((BEN, AM.alias, Literal("  Okafor"))),
    "Issue-label": lambda g: g.add((I("issue", "trade"), RDFS.label, Literal("Shops?"))),
    "Issue-subIssueOf": lambda g: replace(g, I("issue", "trade"), AM.subIssueOf, FOOTFALL),
    "Issue-inScheme": lambda g: replace(g, I("issue", "trade"), SKOS.inScheme, I("source", "minutes")),
    "IssueAcyclic": lambda g: g.add((I("issue", "car-free"), AM.subIssueOf, I("issue", "trade"))),
    "Claim": lambda g: g.remove((FOOTFALL, AM.onIssue, None)),
    "Claim-text": lambda g: g.remove((FOOTFALL, AM.text, None)),
    "Claim-onIssue": lambda g: replace(g, FOOTFALL, AM.onIssue, BEN),
    "Claim-stance": lambda g: replace(g, FOOTFALL, AM.stance, MAYBE),
    "Claim-hasLocution": lambda g: g.remove((DELIVERIES, AM.hasLocution, None)),
    "Stance": lambda g: g.add((MAYBE, RDF.type, AM.Stance)),
    "Locution": offsets(Literal(0, datatype=NN), None),
    "Locution-claim": lambda g: g.add((DELIVERIES, AM.hasLocution, LOC)),
    "Locution-speaker": lambda g: g.remove((LOC, AM.speaker, None)),
    "Locution-source": lambda g: replace(g, LOC, AM.source, BEN),
    "Locution-quote": lambda g: replace(g, LOC, AM.quote, Literal("")),
    "Locution-startOffset": offsets(Literal(50, datatype=NN), Literal(2, datatype=NN)),
    "Locution-endOffset": offsets(Literal(0, datatype=NN), Literal(47)),
    "Locution-confidence": lambda g: g.add((LOC, AM.confidence, Literal("1.5", datatype=XSD.decimal))),
    "LocutionSpan": offsets(Literal(0, datatype=NN), Literal(3, datatype=NN)),
    "Speaker": lambda g: g.add((BEN, RDF.type, AM.Organisation)),
    "SpeakerKind": lambda g: g.remove((BEN, RDF.type, AM.Speaker)),
    "AssertsHasLocution": lambda g: g.add((BEN, AM.asserts, LOADING)),
    "LocutionHasAsserts": lambda g: g.remove((ANA, AM.asserts, FOOTFALL)),
    "Relation": lambda g: g.add((ATTACK, RDF.type, AM.Support)),
    "RelationKind": lambda g: g.remove((ATTACK, RDF.type, AM.Relation)),
    "Relation-from": lambda g: replace(g, ATTACK, AM["from"], FOOTFALL),
    "Relation-to": lambda g: g.remove((ATTACK, AM.to, None)),
    "Relation-drawnBy": lambda g: replace(g, ATTACK, AM.drawnBy, DELIVERIES),
    "Relation-note": lambda g: g.add((ATTACK, AM.note, Literal("A second note."))),
    "RelationHasShortcut": lambda g: g.remove((DELIVERIES, AM.attacks, FOOTFALL)),
    "ShortcutHasRelation": lambda g: g.add((FOOTFALL, AM.supports, LOADING)),
}

TRANSITION = I("transition", "ta.1")


def transition(change: Callable[[Graph], None] = lambda g: None) -> Callable[[Graph], None]:
    """Add a well-formed transition from Ben's locution to Ana's, then ``change`` it."""
    def mutate(g: Graph) -> None:
        g.add((TRANSITION, RDF.type, AM.Transition))
        g.add((TRANSITION, AM.inDebate, DEBATE))
        g.add((TRANSITION, AM.localId, Literal("ta.1")))
        g.add((TRANSITION, AM.order, Literal(0)))
        g.add((TRANSITION, AM.fromLocution, I("locution", "ben-deliveries.1")))
        g.add((TRANSITION, AM.toLocution, LOC))
        change(g)
    return mutate


def decimal(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


CAMP, PARTITION = URIRef("https://w3id.org/argmap/id/mini/camp/1"), URIRef("https://w3id.org/argmap/id/mini/camps")


def camps(change: Callable[[Graph], None]) -> Callable[[Graph], None]:
    """Add a well-formed camp partition with one camp holding Ana, then ``change`` it."""
    def mutate(g: Graph) -> None:
        g.add((PARTITION, RDF.type, AM.CampPartition))
        g.add((PARTITION, RDFS.label, Literal("Camps of mini")))
        g.add((PARTITION, AM.frustration, decimal("0")))
        g.add((PARTITION, AM.balanceIndex, decimal("1")))
        g.add((PARTITION, AM.hasCamp, CAMP))
        g.add((CAMP, RDF.type, AM.Camp))
        g.add((CAMP, RDFS.label, Literal("Camp 1")))
        g.add((ANA, AM.inCamp, CAMP))
        change(g)
    return mutate


BREAKS |= {
    "Claim-groundedStatus": lambda g: g.add((FOOTFALL, AM.groundedStatus, Literal("ACCEPTED"))),
    "Claim-preferredStatus": lambda g: g.add((FOOTFALL, AM.preferredStatus, Literal("in"))),
    "Claim-stableStatus": lambda g: (g.add((FOOTFALL, AM.stableStatus, Literal("IN"))), g.add((FOOTFALL, AM.stableStatus, Literal("OUT")))),
    "Claim-strength": lambda g: g.add((FOOTFALL, AM.strength, decimal("1.2"))),
    "Claim-pagerank": lambda g: g.add((FOOTFALL, AM.pagerank, Literal(0.2))),
    "Claim-betweenness": lambda g: g.add((FOOTFALL, AM.betweenness, decimal("-0.1"))),
    "Claim-controversy": lambda g: g.add((FOOTFALL, AM.controversy, Literal("high"))),
    "Speaker-inShare": lambda g: g.add((ANA, AM.inShare, decimal("2"))),
    "Speaker-inCamp": lambda g: g.add((ANA, AM.inCamp, BEN)),
    "Camp-label": camps(lambda g: g.remove((CAMP, RDFS.label, None))),
    "CampPartition-hasCamp": camps(lambda g: g.add((PARTITION, AM.hasCamp, ANA))),
    "CampPartition-frustration": camps(lambda g: g.remove((PARTITION, AM.frustration, None))),
    "CampPartition-balanceIndex": camps(lambda g: replace(g, PARTITION, AM.balanceIndex, decimal("1.5"))),
    "Transition-fromLocution": transition(lambda g: g.remove((TRANSITION, AM.fromLocution, None))),
    "Transition-toLocution": transition(lambda g: replace(g, TRANSITION, AM.toLocution, BEN)),
    "Transition-scheme": transition(lambda g: g.add((TRANSITION, AM.scheme, Literal("")))),
    "Locution-repliesTo": lambda g: g.add((LOC, AM.repliesTo, FOOTFALL)),
    "Locution-illocution": lambda g: g.add((LOC, AM.illocution, Literal(3))),
    "Relation-anchoredIn": lambda g: g.add((ATTACK, AM.anchoredIn, LOC)),
    "Relation-scheme": lambda g: (g.add((ATTACK, AM.scheme, Literal("Default Conflict"))), g.add((ATTACK, AM.scheme, Literal("Ad Hominem")))),
    "Relation-jointWith": lambda g: g.add((ATTACK, AM.jointWith, FOOTFALL)),
    "Argument": lambda g: g.add((I("claim", "arg"), RDF.type, AM.Argument)),
    "Contradiction": lambda g: (g.add((ATTACK, RDF.type, AM.Contradiction)), g.remove((ATTACK, RDF.type, AM.Attack))),
    "Claim-premiseOf": lambda g: g.add((FOOTFALL, AM.premiseOf, LOADING)),
    "Claim-conclusionOf": lambda g: g.add((FOOTFALL, AM.conclusionOf, LOADING)),
    "Claim-tag": lambda g: g.add((FOOTFALL, AM.tag, Literal(""))),
    "Claim-section": lambda g: (g.add((FOOTFALL, AM.section, Literal("Intro"))), g.add((FOOTFALL, AM.section, Literal("Body")))),
    "Claim-cites": lambda g: g.add((FOOTFALL, AM.cites, BEN)),
}

NODE_LEVEL = (SH.xone, SH["or"], SH["and"], SH["not"], SH["class"], SH["in"], SH.sparql, SH.node, SH.closed)


def rules_in_shapes() -> set[str]:
    """Each rule a violation can be traced to: property shapes, and node shapes with node-level constraints."""
    shapes = shapes_graph()
    rules = {s for s in shapes.objects(None, SH.property) if isinstance(s, URIRef)}
    rules |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if any((s, p, None) in shapes for p in NODE_LEVEL)}
    return {str(s).removeprefix(AMSH) for s in rules}


@pytest.fixture(scope="module")
def mini_graph() -> Graph:
    return load(Path(__file__).parent / "fixtures" / "mini.yaml")


def test_every_shape_has_a_breaking_graph_below() -> None:
    assert rules_in_shapes() == set(BREAKS)


def test_well_formed_additions_used_by_the_breaks_validate_clean(mini_graph: Graph) -> None:
    graph = Graph()
    graph += mini_graph
    transition()(graph)
    camps(lambda g: None)(graph)
    assert validate(graph).conforms, format_report(validate(graph))


def test_analysed_flagship_validates_clean(flagship: Path) -> None:
    from argmap import analysis

    graph = analysis.annotate(load(flagship), ("grounded", "preferred", "stable"))
    report = validate(graph)
    assert report.conforms, format_report(report)
    assert len(set(graph.subjects(RDF.type, AM.Camp))) >= 1


def test_flagship_and_mini_validate_clean(flagship: Path, mini: Path) -> None:
    for path in (flagship, mini):
        graph = load(path)
        report = validate(graph)
        assert report.violations == () and report.conforms, format_report(report)
        assert report.triples == len(graph)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_shape_catches_a_graph_that_breaks_it(mini_graph: Graph, rule: str) -> None:
    graph = Graph()
    graph += mini_graph
    BREAKS[rule](graph)
    report = validate(graph)
    assert not report.conforms
    assert f"amsh:{rule}" in {v.shape for v in report.violations}, format_report(report)


def test_report_names_the_item_by_kind_id_and_text_and_the_rule_in_words(mini_graph: Graph) -> None:
    graph = Graph()
    graph += mini_graph
    BREAKS["Claim-hasLocution"](graph)
    report = validate(graph)
    rule = shapes_graph().value(URIRef(AMSH + "Claim-hasLocution"), SH.message)
    mine = [v for v in report.violations if v.shape == "amsh:Claim-hasLocution"]
    assert len(mine) == 1
    line = str(mine[0])
    assert line.startswith("claim 'ben-deliveries' (\"Deliveries would take longer without street access.\")")
    assert "has locution (am:hasLocution)" in line and str(rule) in line and "a value is missing" in line
    orphan = [v for v in report.violations if v.shape == "amsh:Locution-claim"]
    assert orphan and "locution 'ben-deliveries.1' by Ben Okafor" in orphan[0].focus_label


def test_report_shows_the_offending_value_described(mini_graph: Graph) -> None:
    graph = Graph()
    graph += mini_graph
    BREAKS["AssertsHasLocution"](graph)
    (violation,) = [v for v in validate(graph).violations]
    assert violation.focus_label == "speaker 'ben' (\"Ben Okafor\")"
    assert violation.value == str(LOADING)
    assert violation.value_label.startswith("claim 'council-loading' (\"Loading bays")


def test_extra_triples_from_other_vocabularies_are_allowed(mini_graph: Graph) -> None:
    graph = Graph()
    graph += mini_graph
    graph.add((FOOTFALL, AM.pagerank, Literal("0.25", datatype=XSD.decimal)))
    graph.add((FOOTFALL, URIRef("http://example.org/tag"), Literal("shops")))
    assert validate(graph).conforms


def _write(graph: Graph, path: Path, fmt: str) -> Path:
    text = formats()[fmt].write(graph)
    path.write_text(text if isinstance(text, str) else text.decode(), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_validate_command_exits_1_and_explains_on_each_rdf_format(mini_graph: Graph, tmp_path: Path, fmt: str) -> None:
    graph = Graph()
    graph += mini_graph
    BREAKS["Locution-speaker"](graph)
    path = _write(graph, tmp_path / f"broken{formats()[fmt].extension}", fmt)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}: ")
    assert "locution 'ana-footfall.1' (\"People walk past" in result.stdout and "speaker (am:speaker)" in result.stdout


def test_validate_command_json_report_and_clean_exit(mini: Path, mini_graph: Graph, tmp_path: Path) -> None:
    ok = CliRunner().invoke(main, ["validate", str(mini)])
    assert ok.exit_code == 0 and "valid" in ok.stdout
    graph = Graph()
    graph += mini_graph
    BREAKS["Relation-to"](graph)
    BREAKS["Claim-text"](graph)
    path = _write(graph, tmp_path / "broken.ttl", "turtle")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["conforms"] is False and report["triples"] == len(graph)
    shapes = {v["shape"] for v in report["violations"]}
    assert {"amsh:Relation-to", "amsh:Claim-text"} <= shapes
    for v in report["violations"]:
        assert v["focus"].startswith("https://w3id.org/argmap/id/mini/") and v["message"] and v["focus_label"]


def test_validate_command_reports_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix am: <https://w3id.org/argmap/ns#> .\nam:x am:y", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and str(bad) in result.stderr and "cannot parse as turtle" in result.stderr


def test_validate_catches_two_relations_sharing_one_iri() -> None:
    """Relation ids join "from.type.to", so dotted claim ids can collide; the reader lets it pass, the shapes do not."""
    from argmap.graph.model import Claim, Debate, Locution, Relation, Source, Speaker
    from argmap.graph.rdf import debate_to_rdf

    said = [Locution("p", "s", "said so")]
    debate = Debate("d", "T", sources=[Source("s", "S")], speakers=[Speaker("p", "P")],
                    claims=[Claim(c, c.upper(), list(said)) for c in ("a", "a.supports.b", "c", "b.supports.c")],
                    relations=[Relation("a.supports.b", "c", "supports"), Relation("a", "b.supports.c", "supports")])
    report = validate(debate_to_rdf(debate))
    shapes = {v.shape for v in report.violations}
    assert {"amsh:Relation-from", "amsh:Relation-to"} <= shapes
    assert all(v.focus_label == "support 'a.supports.b.supports.c'" for v in report.violations)


def test_real_aif_map_without_locutions_is_reported_claim_by_claim(shared: Path) -> None:
    """AIFdb nodeset 6064 as reconstructed by arguebuf keeps I, RA and MA nodes but no L or YA nodes:
    every proposition is a claim nobody is recorded asserting, which the shapes report one by one."""
    path = shared / "data" / "aif-moral-maze-6064" / "data" / "6064-reconstructed.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    asserted = {e["toID"] for e in data["edges"] if kinds.get(e["fromID"]) == "YA"}
    unasserted = {n for n, k in kinds.items() if k == "I" and n not in asserted}
    assert unasserted
    report = validate(load(path))
    missing = [v for v in report.violations if v.shape == "amsh:Claim-hasLocution"]
    assert {v.focus_label.split("'")[1] for v in missing} == {f"i.{n}" for n in unasserted}
    assert {v.shape for v in report.violations} == {"amsh:Claim-hasLocution"}
