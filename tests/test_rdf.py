"""Building RDF: deterministic IRIs and triples, shortcuts consistent with relation nodes, a
documented vocabulary, and every RDF serialisation reading back to the same graph."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from argmap import load
from argmap.graph.formats import formats
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import AM, RELATION_CLASSES, RELATION_SHORTCUTS, debate_to_rdf, item_iri, sorted_ntriples
from argmap.ontology import resource


def test_same_input_gives_byte_identical_sorted_ntriples(mini: Path) -> None:
    first, second = sorted_ntriples(load(mini)), sorted_ntriples(load(mini))
    assert first == second
    assert first.count("\n") == len(load(mini))


def test_building_twice_into_one_graph_adds_nothing(mini: Path) -> None:
    debate, _ = read_debate_yaml(mini)
    graph = debate_to_rdf(debate)
    size = len(graph)
    debate_to_rdf(debate, graph)
    assert len(graph) == size


def test_iris_are_made_from_debate_and_local_ids(mini: Path) -> None:
    graph = load(mini)
    claim = URIRef("https://w3id.org/argmap/id/mini/claim/ana-footfall")
    assert (claim, RDF.type, AM.Claim) in graph
    assert item_iri("mini", "claim", "ana-footfall") == claim
    assert item_iri("a b", "speaker", "x/y") == URIRef("https://w3id.org/argmap/id/a%20b/speaker/x%2Fy")


def test_relation_nodes_and_shortcuts_agree(flagship: Path) -> None:
    graph = load(flagship)
    debate, _ = read_debate_yaml(flagship)
    from_nodes = set()
    for rtype, cls in RELATION_CLASSES.items():
        for relation in graph.subjects(RDF.type, cls):
            assert (relation, RDF.type, AM.Relation) in graph
            from_nodes.add((graph.value(relation, AM["from"]), RELATION_SHORTCUTS[rtype], graph.value(relation, AM.to)))
    shortcuts = {t for p in RELATION_SHORTCUTS.values() for t in graph.triples((None, p, None))}
    assert from_nodes == shortcuts
    assert len(shortcuts) == len(debate.relations)


def test_asserts_shortcut_matches_locution_speakers(flagship: Path) -> None:
    graph = load(flagship)
    via_locutions = {(s, c) for c, loc in graph.subject_objects(AM.hasLocution) for s in graph.objects(loc, AM.speaker)}
    assert set(graph.subject_objects(AM.asserts)) == via_locutions
    debate, _ = read_debate_yaml(flagship)
    assert len(via_locutions) == len({(l.speaker, c.id) for c in debate.claims for l in c.locutions})


def test_every_term_used_is_declared_with_label_and_comment(mini: Path, flagship: Path) -> None:
    ontology = Graph().parse(data=resource("argmap.ttl"), format="turtle")
    used = set()
    for graph in (load(mini), load(flagship)):
        used |= {p for p in graph.predicates() if str(p).startswith(str(AM))}
        used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(AM))}
        used |= {o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(str(AM))}
    assert AM.Claim in used and AM.supports in used
    for term in sorted(used):
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "xml"])
def test_rdf_serialisations_read_back_to_the_same_graph(mini: Path, tmp_path: Path, fmt: str) -> None:
    graph = load(mini)
    out = tmp_path / f"debate{formats()[fmt].extension}"
    text = formats()[fmt].write(graph)
    out.write_text(text if isinstance(text, str) else text.decode(), encoding="utf-8")
    assert isomorphic(load(out), graph)
