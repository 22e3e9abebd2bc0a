"""Analysis of claims and speakers, and its write-back into RDF, on debates whose answers are
derived by hand (tests/fixtures/mini.yaml) and on the flagship debate."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from argmap import load, sparql
from argmap.analysis import (
    analyze,
    annotate,
    argument_graph,
    claim_betweenness,
    claim_controversy,
    claim_pagerank,
    summary,
)
from argmap.exports.report import render_text as report_text
from argmap.graph.rdf import AM
from argmap.ontology import resource

MINI = "https://w3id.org/argmap/id/mini/"

# tests/fixtures/mini.yaml, worked by hand:
#   ben-deliveries  --attacks-->   ana-footfall      (Ben against Ana)
#   council-loading --attacks-->   ben-deliveries    (Council against Ben)
#   residents-quiet --supports-->  ana-footfall      (asserted by Residents and Ana)
#   ben-noise-moves --undercuts--> residents-quiet   (Ben against Residents and Ana)
# Grounded: council-loading and ben-noise-moves are unattacked (IN); they defeat ben-deliveries and
# residents-quiet (OUT); ana-footfall's only attacker is OUT, so it is IN.
GROUNDED = {
    "council-loading": "IN", "ben-noise-moves": "IN", "ana-footfall": "IN",
    "ben-deliveries": "OUT", "residents-quiet": "OUT",
}


def claim(local: str) -> str:
    return f"{MINI}claim/{local}"


@pytest.fixture
def mini_report(mini: Path):
    return analyze(load(mini), ("grounded", "preferred", "stable"))


def test_labels_of_mini_under_every_semantics(mini_report) -> None:
    # The framework is acyclic, so it has one complete extension: all three semantics agree.
    for c in mini_report.claims:
        local = c.iri.rsplit("/", 1)[1]
        assert c.labels == {"grounded": GROUNDED[local], "preferred": GROUNDED[local], "stable": GROUNDED[local]}
    assert mini_report.extensions == {"preferred": 1, "stable": 1}


def test_dfquad_strength_of_mini(mini_report) -> None:
    # Leaves 0.5; each attacked-once claim 0.5 - 0.5 * 0.5 = 0.25; ana-footfall is supported by
    # 0.25 and attacked by 0.25, so va >= vs with difference 0: it keeps 0.5.
    strength = {c.iri.rsplit("/", 1)[1]: c.strength for c in mini_report.claims}
    assert strength == pytest.approx({"council-loading": 0.5, "ben-noise-moves": 0.5, "ben-deliveries": 0.25,
                                      "residents-quiet": 0.25, "ana-footfall": 0.5})


def test_controversy_and_betweenness_of_mini(mini: Path) -> None:
    argument = argument_graph(load(mini))
    # ana-footfall: for = Ana, plus Residents and Ana through residents-quiet; against = Ben: 2 pairs.
    # residents-quiet: for = Residents, Ana; against = Ben: 2. ben-deliveries: Ben vs Council: 1.
    assert claim_controversy(argument) == {
        claim("ana-footfall"): 2, claim("residents-quiet"): 2, claim("ben-deliveries"): 1,
        claim("council-loading"): 0, claim("ben-noise-moves"): 0,
    }
    # Undirected, the relations form the path council - deliveries - footfall - quiet - noise.
    # Of the 6 pairs of other claims, 3 pass through deliveries, 4 through footfall, 3 through quiet.
    assert claim_betweenness(argument) == pytest.approx({
        claim("council-loading"): 0.0, claim("ben-deliveries"): 3 / 6, claim("ana-footfall"): 4 / 6,
        claim("residents-quiet"): 3 / 6, claim("ben-noise-moves"): 0.0,
    })


def test_speakers_of_mini(mini_report) -> None:
    by_name = {s.name: s for s in mini_report.speakers}
    ana, ben, council, residents = (by_name[n] for n in ("Ana Ruiz", "Ben Okafor", "Town Council", "Some residents"))
    # Ana asserts ana-footfall (IN) and residents-quiet (OUT); Ben ben-deliveries (OUT) and
    # ben-noise-moves (IN); the Council one IN claim; the Residents one OUT claim.
    assert (ana.in_share, ben.in_share, council.in_share, residents.in_share) == (0.5, 0.5, 1.0, 0.0)
    assert (ben.attacks_made, ben.attacks_received, ana.attacks_received, ana.supports_received) == (2, 1, 2, 1)
    assert ben.attacks_on == {"Ana Ruiz": 2, "Some residents": 1}
    assert residents.supports_on == {"Ana Ruiz": 1}
    # Ben attacks everyone and everyone else agrees: two camps, no frustrated tie.
    assert mini_report.camps == [["Ana Ruiz", "Some residents", "Town Council"], ["Ben Okafor"]]
    assert (ben.camp, ana.camp) == (2, 1) and mini_report.frustration == 0 and mini_report.balance == 1.0


def test_annotate_writes_scores_that_sparql_can_ask_for(mini: Path) -> None:
    graph = load(mini)
    before = len(graph)
    assert annotate(graph, ("grounded", "stable")) is graph
    # IN claims by speakers of camp 2: Ben's camp; of his claims only ben-noise-moves is IN.
    rows = sparql.run_query(graph, """
        SELECT ?claim WHERE {
          ?speaker am:inCamp ?camp . ?camp rdfs:label "Camp 2" .
          ?speaker am:asserts ?claim . ?claim am:groundedStatus "IN" .
        }""")
    assert [str(r[0]) for r in rows] == [claim("ben-noise-moves")]
    node = URIRef(claim("ana-footfall"))
    assert str(graph.value(node, AM.stableStatus)) == "IN" and graph.value(node, AM.preferredStatus) is None
    assert graph.value(node, AM.strength).datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal") and float(graph.value(node, AM.strength)) == 0.5
    assert float(graph.value(node, AM.controversy)) == 2
    camp = graph.value(URIRef(f"{MINI}speaker/ben"), AM.inCamp)
    assert str(camp) == f"{MINI}camp/2" and (camp, RDF.type, AM.Camp) in graph and graph.value(camp, RDFS.label) is not None
    partition = URIRef(f"{MINI}camps")
    assert float(graph.value(partition, AM.balanceIndex)) == 1.0 and len(list(graph.objects(partition, AM.hasCamp))) == 2
    # Annotating again replaces, it does not pile up; a narrower call drops the other semantics.
    size = len(graph)
    annotate(graph, ("grounded", "stable"))
    assert len(graph) == size
    annotate(graph)
    assert graph.value(node, AM.stableStatus) is None and len(graph) == size - 5
    assert len(graph) > before


def test_every_analysis_term_is_declared_in_the_ontology(mini: Path) -> None:
    ontology = Graph().parse(data=resource("argmap.ttl"), format="turtle")
    graph = annotate(load(mini), ("grounded", "preferred", "stable"))
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AM))}
    for term in sorted(used):
        assert ontology.value(term, RDFS.label) is not None and ontology.value(term, RDFS.comment) is not None, term


def test_merged_debates_get_merged_camps(mini: Path, flagship: Path) -> None:
    graph = annotate(load([mini, flagship]))
    camps = sorted(str(c) for c in graph.subjects(RDF.type, AM.Camp))
    assert camps and all(c.startswith("https://w3id.org/argmap/id/merged/camp/") for c in camps)


def test_flagship_analysis_is_consistent(flagship: Path) -> None:
    graph = load(flagship)
    report = analyze(graph, ("grounded", "preferred", "stable"))
    argument = argument_graph(graph)
    assert len(report.claims) == summary(graph)["claims"] == argument.number_of_nodes()
    # Every claim attacked by an IN claim is OUT, and every claim whose attackers are all OUT is
    # IN: the grounded labelling is complete (Caminada 2006).
    label = {c.iri: c.labels["grounded"] for c in report.claims}
    for c in report.claims:
        attackers = [label[a] for a in c.attackers]
        if "IN" in attackers:
            assert label[c.iri] == "OUT"
        elif all(a == "OUT" for a in attackers):
            assert label[c.iri] == "IN"
    # "AI will free people" (Cameron) is the claim the debate turns on: attacked by the feature,
    # Tung and Mariscal, supported by Rus and Watmough, it is the most contested and most central.
    top = report.claims[0]
    assert top.iri.endswith("/cameron-frees-artists")
    assert max(report.claims, key=lambda c: c.controversy) is top
    assert max(report.claims, key=lambda c: c.betweenness) is top
    assert top.labels["grounded"] == "OUT"  # its attackers are unattacked
    assert claim_pagerank(argument)[top.iri] == top.pagerank
    assert "Speakers" in report_text(report)


def test_sampled_betweenness_estimates_the_exact_one(flagship: Path) -> None:
    argument = argument_graph(load(flagship))
    exact = claim_betweenness(argument)
    estimate = claim_betweenness(argument, k=40, seed=1)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:3]
    top_estimate = sorted(estimate, key=estimate.get, reverse=True)[:5]
    assert set(top_exact) <= set(top_estimate)
    assert claim_betweenness(argument, k=10_000) == exact


def test_speakers_linked_by_same_as_count_as_one(mini: Path, tmp_path: Path) -> None:
    # Two copies of mini under different debate ids: Ana and Ben appear twice. Linking the copies
    # with owl:sameAs must make one Ana and one Ben, with twice the claims, in one camp each.
    copy = tmp_path / "mini2.yaml"
    copy.write_text(mini.read_text(encoding="utf-8").replace("id: mini\n", "id: mini2\n"), encoding="utf-8")
    graph = load([mini, copy])
    separate = analyze(graph, merge_people=False)
    assert sum(s.name == "Ana Ruiz" for s in separate.speakers) == 2
    for local in ("ana", "ben", "council", "residents"):
        graph.add((URIRef(f"{MINI}speaker/{local}"), OWL.sameAs, URIRef(f"https://w3id.org/argmap/id/mini2/speaker/{local}")))
    merged = analyze(graph, merge_people=False)
    ana = [s for s in merged.speakers if s.name == "Ana Ruiz"]
    assert len(ana) == 1 and ana[0].claims == 4 and ana[0].in_share == 0.5
    assert merged.camps == [["Ana Ruiz", "Some residents", "Town Council"], ["Ben Okafor"]]
    annotate(graph, report=merged)
    camps = {str(graph.value(URIRef(f"https://w3id.org/argmap/id/{d}/speaker/ben"), AM.inCamp)) for d in ("mini", "mini2")}
    assert camps == {"https://w3id.org/argmap/id/merged/camp/2"}


def test_the_same_person_in_several_documents_is_one_speaker_by_default(mini: Path, tmp_path: Path) -> None:
    # The same two copies of mini, with no owl:sameAs: read together, each person is one speaker
    # (the rules of `argmap speakers`). A group ("Some residents") is not one body across documents
    # by those rules, so each copy keeps its own.
    copy = tmp_path / "mini2.yaml"
    copy.write_text(mini.read_text(encoding="utf-8").replace("id: mini\n", "id: mini2\n"), encoding="utf-8")
    graph = load([mini, copy])
    merged = analyze(graph)
    ana = [s for s in merged.speakers if s.name == "Ana Ruiz"]
    assert len(ana) == 1 and ana[0].claims == 4 and ana[0].in_share == 0.5
    assert merged.camps == [["Ana Ruiz", "Some residents", "Some residents", "Town Council"], ["Ben Okafor"]]
    assert len(merged.speakers) == len(analyze(load([mini])).speakers) + 1
    annotate(graph, report=merged)
    camps = {str(graph.value(URIRef(f"https://w3id.org/argmap/id/{d}/speaker/ben"), AM.inCamp)) for d in ("mini", "mini2")}
    assert camps == {"https://w3id.org/argmap/id/merged/camp/2"}
    assert not list(graph.subject_objects(OWL.sameAs)), "merging for the analysis adds no sameAs triples"


def qt30_sample(shared: Path, count: int = 40) -> list[Path]:
    folder = shared / "data" / "aif-qt30" / "knowcomp" / "data" / "train"
    paths = sorted(folder.glob("**/*.json"))[:count]
    if not paths:
        pytest.skip(f"no QT30 maps under {folder}")
    return paths


def test_real_qt30_maps_agree_with_py_arg_and_get_every_score(shared: Path) -> None:
    pytest.importorskip("argmap.graph.formats.aif", reason="the AIF reader is not in this checkout")
    py_arg = pytest.importorskip("py_arg.abstract_argumentation_classes.abstract_argumentation_framework")
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    from argmap.analysis.semantics import attack_framework, grounded_extension, preferred_extensions, stable_extensions
    from argmap.analysis.speakers import merge_speakers

    graph = load(qt30_sample(shared), "aif")
    merge_speakers(graph)
    af = attack_framework(argument_graph(graph))
    assert af.number_of_edges() >= 10  # the sample has real conflicts to judge (18 attacks in these 40 maps)

    def theirs(sub):
        args = {a: Argument(a) for a in sub}
        return py_arg.AbstractArgumentationFramework("qt30", list(args.values()), [Defeat(args[u], args[v]) for u, v in sub.edges])

    assert grounded_extension(af) == frozenset(a.name for a in get_grounded_extension(theirs(af)))
    # Preferred and stable, part by part (py_arg's search is exponential in the whole framework).
    for part in (af.subgraph(c).copy() for c in nx.weakly_connected_components(af) if len(c) > 1):
        assert set(preferred_extensions(part)) == {frozenset(a.name for a in e) for e in get_preferred_extensions(theirs(part))}
        assert set(stable_extensions(part)) == {frozenset(a.name for a in e) for e in get_stable_extensions(theirs(part))}

    report = analyze(graph, ("grounded", "preferred", "stable"))
    annotate(graph, ("grounded", "preferred", "stable"), report=report)
    claims = set(graph.subjects(RDF.type, AM.Claim))
    for term in (AM.groundedStatus, AM.preferredStatus, AM.stableStatus, AM.strength, AM.betweenness, AM.controversy):
        assert set(graph.subjects(term, None)) == claims, term
    assert 0 <= report.frustration <= report.ties and len(report.camps) >= 1
    # Speakers were linked across maps: fewer people than per-map speakers, each in one camp.
    per_map = len(set(graph.subjects(RDF.type, AM.Speaker)))
    assert len(report.speakers) < per_map
    assert all(len(set(graph.objects(s, AM.inCamp))) <= 1 for s in graph.subjects(RDF.type, AM.Speaker))


def _store_and_files_agree(files: list[Path], folder: Path) -> None:
    """`argmap analyze STORE` asks the store for the projections it needs (analysis.triples) instead
    of reading every triple back into rdflib: the report must be the one the files give."""
    from argmap.exports.report import render_json
    from argmap.store import ingest, open_store

    with open_store(folder) as store:
        ingest(store, files)
    with open_store(folder, read_only=True) as store:
        from_store = analyze(store, ("grounded", "preferred"))
    from_files = analyze(load(files), ("grounded", "preferred"))
    assert len(from_files.camps) >= 2 and from_files.title
    assert render_json(from_store, top=100_000) == render_json(from_files, top=100_000)


def test_a_store_is_analysed_through_sparql_exactly_as_its_files(mini: Path, flagship: Path, tmp_path: Path) -> None:
    _store_and_files_agree([mini, flagship], tmp_path / "kg")


def test_a_store_of_real_maps_is_analysed_exactly_as_its_files(mini: Path, shared: Path, tmp_path: Path) -> None:
    # QT30 maps: speakers of several episodes merged into people, AIF relations and transitions.
    _store_and_files_agree([mini, *qt30_sample(shared, 20)], tmp_path / "kg")
