"""The vocabulary: a permanent, versioned OWL ontology that parses on its own, aligned by axioms to AIF,
schema.org, PROV-O, FOAF, SKOS and Dublin Core, and those axioms doing what they claim under RDFS and
OWL RL reasoning over real debates; the generated vocabulary pages list every term."""
from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

import owlrl
import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, PROV, SKOS

from argmap import analysis, load
from argmap.cli import main
from argmap.exports import vocabulary
from argmap.graph import terms
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import AM, RELATION_CLASSES, RELATION_SHORTCUTS, SPEAKER_CLASSES, STANCE_TERMS, debate_iri, item_iri
from argmap.ontology import curie, generate, resource

AIF = Namespace("http://www.arg.tech/aif#")
SCHEMA = Namespace("http://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DC = Namespace("http://purl.org/dc/elements/1.1/")
ROOT = Path(__file__).resolve().parents[1]


def ontology() -> Graph:
    return Graph().parse(data=resource("argmap.ttl"), format="turtle")


def closure(path: Path, semantics=owlrl.RDFS_Semantics) -> Graph:
    graph = load(path) + ontology()
    owlrl.DeductiveClosure(semantics).expand(graph)
    return graph


@pytest.fixture(scope="module")
def flagship_rdfs() -> Graph:
    return closure(ROOT / "examples" / "hollywood-ai.yaml")


def test_ontology_parses_alone_with_a_permanent_namespace_and_a_version() -> None:
    graph = ontology()
    node = URIRef("https://w3id.org/argmap/ns")
    assert (node, RDF.type, OWL.Ontology) in graph
    assert not list(graph.objects(None, OWL.imports)), "the ontology must stand alone (no owl:imports)"
    assert str(AM) == "https://w3id.org/argmap/ns#"
    version = str(graph.value(node, OWL.versionInfo))
    assert version.count(".") == 2 and all(part.isdigit() for part in version.split("."))
    assert str(graph.value(node, OWL.versionIRI)).endswith("/" + version)
    assert graph.value(node, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")).toPython() == str(AM)


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = ontology()
    defined = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(AM))}
    assert len(defined) >= 40
    for term in sorted(defined):
        assert graph.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert graph.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


# The alignments the issue asks for, written out from its text (not read from the ontology).
REQUIRED_AXIOMS = [
    (AM.Claim, RDFS.subClassOf, AIF["I-node"]), (AM.Locution, RDFS.subClassOf, AIF["L-node"]),
    (AM.Support, RDFS.subClassOf, AIF["RA-node"]), (AM.Attack, RDFS.subClassOf, AIF["CA-node"]),
    (AM.Rephrase, RDFS.subClassOf, AIF["MA-node"]), (AM.Claim, RDFS.subClassOf, SCHEMA.Claim),
    (AM.Person, RDFS.subClassOf, SCHEMA.Person), (AM.Person, RDFS.subClassOf, FOAF.Person),
    (AM.Organisation, RDFS.subClassOf, SCHEMA.Organization), (AM.Source, RDFS.subClassOf, SCHEMA.CreativeWork),
    (AM.author, RDFS.subPropertyOf, SCHEMA.author), (AM.text, RDFS.subPropertyOf, SCHEMA.text),
    (AM.url, RDFS.subPropertyOf, SCHEMA.url), (AM.date, RDFS.subPropertyOf, SCHEMA.datePublished),
    (AM.source, RDFS.subPropertyOf, PROV.wasDerivedFrom), (AM.drawnBy, RDFS.subPropertyOf, PROV.wasAttributedTo),
    (AM.Issue, RDFS.subClassOf, SKOS.Concept), (AM.subIssueOf, RDFS.subPropertyOf, SKOS.broader),
]


@pytest.mark.parametrize("axiom", REQUIRED_AXIOMS, ids=lambda a: f"{a[0].fragment}-{a[2].split('/')[-1]}")
def test_required_alignment_axiom_is_stated(axiom) -> None:
    assert axiom in ontology()


def test_each_aligned_vocabulary_is_used_by_axioms() -> None:
    graph = ontology()
    axioms = [(s, o) for p in vocabulary.ALIGNMENT_AXIOMS for s, o in graph.subject_objects(p) if str(s).startswith(str(AM))]
    for namespace in (AIF, SCHEMA, PROV, FOAF, SKOS, DCTERMS, DC):
        assert any(str(o).startswith(str(namespace)) for _, o in axioms), f"no alignment axiom to {namespace}"
    assert all(isinstance(o, URIRef) for _, o in axioms), "alignments point at named terms"


def test_rdfs_reasoning_makes_every_claim_an_aif_i_node_and_schema_claim(flagship_rdfs: Graph) -> None:
    debate, _ = read_debate_yaml(ROOT / "examples" / "hollywood-ai.yaml")
    claims = {item_iri(debate.id, "claim", c.id) for c in debate.claims}
    assert claims == set(flagship_rdfs.subjects(RDF.type, AIF["I-node"]))
    assert claims <= set(flagship_rdfs.subjects(RDF.type, SCHEMA.Claim))
    for claim in debate.claims:
        assert (item_iri(debate.id, "claim", claim.id), AIF.claimText, None) in flagship_rdfs


def test_rdfs_reasoning_gives_aif_node_types_to_locutions_and_relations(flagship_rdfs: Graph) -> None:
    debate, _ = read_debate_yaml(ROOT / "examples" / "hollywood-ai.yaml")
    locutions = sum(len(c.locutions) for c in debate.claims)
    assert len(set(flagship_rdfs.subjects(RDF.type, AIF["L-node"]))) == locutions
    expected = {"RA-node": {"supports"}, "CA-node": {"attacks", "undercuts"}, "MA-node": {"rephrases"}}
    for node_type, kinds in expected.items():
        relations = {item_iri(debate.id, "relation", r.id) for r in debate.relations if r.type in kinds}
        assert set(flagship_rdfs.subjects(RDF.type, AIF[node_type])) == relations, node_type
    all_relations = {item_iri(debate.id, "relation", r.id) for r in debate.relations}
    assert set(flagship_rdfs.subjects(RDF.type, AIF["S-node"])) == all_relations
    for r in debate.relations:
        assert (item_iri(debate.id, "relation", r.id), AIF.Conclusion, item_iri(debate.id, "claim", r.target)) in flagship_rdfs


def test_rdfs_reasoning_gives_provenance_of_locutions_and_relations(flagship_rdfs: Graph) -> None:
    debate, _ = read_debate_yaml(ROOT / "examples" / "hollywood-ai.yaml")
    for claim in debate.claims:
        for k, loc in enumerate(claim.locutions, start=1):
            node = item_iri(debate.id, "locution", f"{claim.id}.{k}")
            assert (node, PROV.wasDerivedFrom, item_iri(debate.id, "source", loc.source)) in flagship_rdfs
            assert (node, PROV.wasAttributedTo, item_iri(debate.id, "speaker", loc.speaker)) in flagship_rdfs
            assert (node, RDF.type, PROV.Entity) in flagship_rdfs
    drawn = {(item_iri(debate.id, "relation", r.id), item_iri(debate.id, "speaker", r.by)) for r in debate.relations if r.by}
    assert drawn and drawn <= set(flagship_rdfs.subject_objects(PROV.wasAttributedTo))
    speakers = {item_iri(debate.id, "speaker", s.id) for s in debate.speakers}
    assert speakers <= set(flagship_rdfs.subjects(RDF.type, PROV.Agent))


def test_rdfs_reasoning_maps_speakers_to_foaf_and_schema(mini: Path) -> None:
    graph = closure(mini)
    debate, _ = read_debate_yaml(mini)
    for speaker in debate.speakers:
        node = item_iri(debate.id, "speaker", speaker.id)
        foaf_class = {"person": FOAF.Person, "organisation": FOAF.Organization, "group": FOAF.Group}[speaker.kind]
        assert (node, RDF.type, foaf_class) in graph and (node, RDF.type, FOAF.Agent) in graph
        assert (node, FOAF.name, None) in graph and str(graph.value(node, FOAF.name)) == speaker.name
        for alias in speaker.aliases:
            assert (node, SCHEMA.alternateName, None) in graph and alias in {str(a) for a in graph.objects(node, SKOS.altLabel)}
    people = {item_iri(debate.id, "speaker", s.id) for s in debate.speakers if s.kind == "person"}
    assert set(graph.subjects(RDF.type, SCHEMA.Person)) == people


def test_rdfs_reasoning_makes_issues_a_skos_scheme_and_sources_creative_works(mini: Path) -> None:
    graph = closure(mini)
    debate, _ = read_debate_yaml(mini)
    scheme = debate_iri(debate.id)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for issue in debate.issues:
        node = item_iri(debate.id, "issue", issue.id)
        assert (node, RDF.type, SKOS.Concept) in graph and (node, SKOS.inScheme, scheme) in graph
        if issue.parent:
            assert (node, SKOS.broader, item_iri(debate.id, "issue", issue.parent)) in graph
    source = debate.sources[0]
    node = item_iri(debate.id, "source", source.id)
    assert (node, RDF.type, SCHEMA.CreativeWork) in graph
    assert str(graph.value(node, SCHEMA.datePublished)) == source.date.isoformat()
    assert str(graph.value(node, DCTERMS.issued)) == source.date.isoformat()
    assert str(graph.value(node, SCHEMA.url)) == source.url
    assert str(graph.value(node, DC.publisher)) == source.publisher
    for claim in debate.claims:
        if claim.issue:
            assert (item_iri(debate.id, "claim", claim.id), DCTERMS.subject, item_iri(debate.id, "issue", claim.issue)) in graph


def test_owl_rl_reasoning_reads_relation_premises_as_aif_premise_edges(mini: Path) -> None:
    graph = closure(mini, owlrl.OWLRL_Semantics)
    debate, _ = read_debate_yaml(mini)
    premises = {(item_iri(debate.id, "claim", r.source), item_iri(debate.id, "relation", r.id)) for r in debate.relations}
    assert set(graph.subject_objects(AIF.Premise)) == premises


def test_terms_lists_every_defined_term_with_its_axioms() -> None:
    graph = ontology()
    terms = {t.name: t for t in vocabulary.terms()}
    defined = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(AM))}
    assert {t.iri for t in terms.values()} == {str(s) for s in defined}
    claim = terms["am:Claim"]
    assert claim.kind == "Classes" and claim.label == "Claim"
    assert {(a.relation, a.target) for a in claim.alignments} >= {("subclass of", "aif:I-node"), ("subclass of", "schema:Claim")}
    text = terms["am:text"]
    assert text.domain == ("am:Claim",) and text.range == ("xsd:string",)
    assert terms["am:Person"].parents == ("am:Speaker",)
    assert terms["am:from"].alignments == (vocabulary.Alignment("inverse of", "aif:Premise"),)
    assert terms["am:Pro"].kind == "Individuals" and terms["am:Pro"].types == ("am:Stance",)
    assert "functional" in terms["am:speaker"].characteristics


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])


def test_html_page_has_a_section_per_term_and_no_broken_internal_link() -> None:
    page = _Page()
    text = vocabulary.render("html")
    page.feed(text)
    terms = vocabulary.terms()
    assert {t.name.split(":")[1] for t in terms} <= page.ids
    internal = [link[1:] for link in page.links if link.startswith("#")]
    assert internal and set(internal) <= page.ids
    assert all(link.startswith(("#", "http://", "https://")) for link in page.links)
    for t in terms:
        assert html.escape(t.comment) in text
    assert 'href="http://www.arg.tech/aif#I-node"' in text


def test_markdown_page_lists_label_comment_domain_range_and_alignments() -> None:
    text = vocabulary.render("md")
    for t in vocabulary.terms():
        section = text.split(f"### {t.name}\n", 1)[1].split("\n### ", 1)[0]
        assert t.label in section and t.comment in section
        for value in (*t.domain, *t.range, *(a.target for a in t.alignments)):
            assert f"`{value}`" in section, (t.name, value)
        if not t.alignments:
            assert "alignments: none" in section


def test_jsonld_ontology_is_the_same_graph_as_the_turtle() -> None:
    again = Graph().parse(data=vocabulary.render("jsonld"), format="json-ld")
    assert isomorphic(again, ontology())
    assert vocabulary.render("turtle") == resource("argmap.ttl")


@pytest.mark.parametrize("fmt, name", [("html", "o.html"), ("md", "o.md"), ("jsonld", "o.jsonld"), ("turtle", "o.ttl")])
def test_ontology_command_writes_each_format_by_extension(tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["ontology", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == vocabulary.render(fmt)
    assert f"wrote {out}" in result.stderr


def test_ontology_command_rejects_an_unknown_extension(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ontology", "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 2 and "--format" in result.output
    assert not (tmp_path / "o.pdf").exists()


def test_committed_vocabulary_pages_exist_and_describe_the_core_terms() -> None:
    for name in ("ontology.md", "ontology.html"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        for term in ("am:Claim", "am:Locution", "am:supports", "aif:I-node", "prov:wasDerivedFrom"):
            assert term in text, (name, term)


def test_published_context_names_every_core_term() -> None:
    context = json.loads(resource("context.jsonld"))["@context"]
    used = set()
    for path in (ROOT / "tests" / "fixtures" / "mini.yaml", ROOT / "examples" / "hollywood-ai.yaml"):
        graph = analysis.annotate(load(path), ("grounded", "preferred", "stable"))
        used |= set(graph.predicates()) | set(graph.objects(None, RDF.type)) | {o for o in graph.objects(None, AM.stance)}
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.startswith("http")}

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    named = {expand(d if isinstance(d, str) else d["@id"]) for k, d in context.items() if not k.startswith("@") and k not in prefixes}
    assert {str(u) for u in used - {RDF.type}} <= named


def test_real_aif_dialogue_reads_back_as_aif_under_reasoning(shared: Path) -> None:
    """A QT30 nodeset (BBC Question Time, via the aif reader): every TA node comes back an aif:TA-node and
    every L -> TA -> L edge pair as aif:StartLocution / aif:EndLocution, counted from the JSON itself."""
    path = shared / "data" / "aif-qt30" / "knowcomp" / "data" / "train" / "my_train" / "nodeset17921.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    transitions = {n for n, k in kinds.items() if k == "TA"}
    starts = {(e["fromID"], e["toID"]) for e in data["edges"] if kinds.get(e["fromID"]) == "L" and e["toID"] in transitions}
    ends = {(e["fromID"], e["toID"]) for e in data["edges"] if e["fromID"] in transitions and kinds.get(e["toID"]) == "L"}
    assert transitions and starts and ends
    graph = closure(path, owlrl.OWLRL_Semantics)
    local = lambda node: str(graph.value(node, AM.localId)).split(".", 1)[1]  # noqa: E731  ("ta.<nodeID>")
    assert {local(t) for t in graph.subjects(RDF.type, AIF["TA-node"])} == transitions
    assert {(local(s), local(o)) for s, o in graph.subject_objects(AIF.StartLocution)} == starts
    assert {(local(s), local(o)) for s, o in graph.subject_objects(AIF.EndLocution)} == ends


# ---------------------------------------------------------------- one source: argmap.ttl and its generated files


def test_generated_files_are_current() -> None:
    """context.jsonld and argmap/graph/terms.py are what the generator makes of argmap.ttl today."""
    for path, text in generate.generated_files().items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path} is out of date with argmap.ttl: run `{generate.COMMAND}`"


def test_committed_vocabulary_pages_are_current() -> None:
    for name, fmt in (("ontology.md", "md"), ("ontology.html", "html")):
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == vocabulary.render(fmt), f"run `argmap ontology -o docs/{name}`"


def test_term_module_has_every_term_of_the_ontology_and_no_other() -> None:
    graph = ontology()
    defined = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(AM))}
    assert {AM[name] for name in [*terms.AM.__annotations__, *terms.AM._extras] if not name.startswith("_")} == defined
    assert set(terms.LABELS) == defined and all(terms.LABELS[t] == str(graph.value(t, RDFS.label)) for t in defined)
    assert AM is terms.AM and AM.Claim == URIRef(str(AM) + "Claim")
    with pytest.raises(AttributeError):
        AM.Clam  # a closed namespace: a misspelt term fails at once


def test_term_module_tables_follow_the_ontology() -> None:
    graph = ontology()
    for cls, subclasses in terms.SUBCLASSES.items():
        assert set(subclasses) == set(graph.subjects(RDFS.subClassOf, cls))
    assert set(terms.INSTANCES[AM.Stance]) == set(graph.subjects(RDF.type, AM.Stance)) == {AM.Pro, AM.Con}


def test_debate_file_words_map_to_terms_of_the_ontology() -> None:
    graph = ontology()
    assert SPEAKER_CLASSES == {"person": AM.Person, "organisation": AM.Organisation, "group": AM.Group}
    assert STANCE_TERMS == {"pro": AM.Pro, "con": AM.Con}
    assert set(RELATION_CLASSES.values()) == set(graph.subjects(RDFS.subClassOf, AM.Relation))
    for name, shortcut in RELATION_SHORTCUTS.items():
        assert (shortcut, RDF.type, OWL.ObjectProperty) in graph and str(graph.value(shortcut, RDFS.label)) == name
        assert f"an {curie(graph, RELATION_CLASSES[name])} relation node" in str(graph.value(shortcut, RDFS.comment))


def test_shapes_use_only_terms_the_ontology_defines() -> None:
    graph, shapes = ontology(), generate.shapes()
    defined = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(AM))}
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AM))}
    assert used, "shapes.ttl names no argmap term"
    assert used <= defined, f"shapes.ttl uses terms argmap.ttl does not define: {sorted(used - defined)}"


def test_context_sets_are_the_properties_shapes_allow_several_times() -> None:
    context = json.loads(resource("context.jsonld"))["@context"]
    once = generate.single_valued(generate.shapes())
    for key, definition in context.items():
        if isinstance(definition, dict) and definition["@id"].startswith("am:"):
            assert (definition.get("@container") == "@set") == (AM[definition["@id"][3:]] not in once), key


def test_generator_writes_both_files_and_then_finds_them_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in generate.generated_files():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    assert generate.main(tmp_path) == 0
    assert capsys.readouterr().out.count(": written") == 2
    for path, text in generate.generated_files().items():
        assert (tmp_path / path).read_text(encoding="utf-8") == text
    assert generate.main(tmp_path) == 0
    assert capsys.readouterr().out.count(": current") == 2
