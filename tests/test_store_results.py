"""The store's fast paths give exactly what the plain paths give.

* Store plans (argmap/ontology/queries/oxigraph/NAME.rq): the same rows in the same order as the
  named query itself, on the flagship store, on a store holding one debate twice (every triple in
  two graphs: multiplicities), and on generated debates with shared speaker names, claims said by
  several speakers, attacks and undercuts between the same claims.
* Store answers (OxigraphSelect) formatted straight from pyoxigraph terms: the same text as the
  rdflib terms formatted by rdflib, for every named query and every result format.
"""
from __future__ import annotations

import random

import pytest
from conftest import EXAMPLES, FIXTURES
from rdflib.query import Result

from argmap import sparql
from argmap.graph.model import Claim, Debate, Issue, Locution, Relation, Source, Speaker
from argmap.graph.rdf import debate_to_rdf
from argmap.store import _PREFIXES, OxigraphSelect, ingest, open_store, oxigraph_result, store_plan

FLAGSHIP = EXAMPLES / "hollywood-ai.yaml"
MINI = FIXTURES / "mini.yaml"
NAMES = sorted(sparql.named_queries())
#: Named queries that find nothing in curated debates by design, and need no store plan: their most
#: selective pattern matches only the items they list (unreviewed-suggestions starts from
#: prov:wasGeneratedBy, which only drafted items carry; tests/test_draft.py runs it on a draft).
EMPTY_ON_CURATED = {"unreviewed-suggestions"}
FORMATS = ("table", "csv", "tsv", "json", "xml")


def generated_debate(index: int, claims: int, rng: random.Random) -> Debate:
    """A debate with what makes ties and multiplicities: speaker names shared by every debate,
    claims said by one to three speakers, texts repeated across debates, claims without stance,
    both an attack and an undercut from one claim to another, quotes with commas and quotes."""
    debate = Debate(id=f"gen-{index}", title=f"Generated debate {index % 2}")
    debate.sources = [Source(id="t", title="Transcript, part \"A\""), Source(id="u", title="Transcript B")]
    debate.speakers = [Speaker(id=f"s{i}", name=f"Speaker {i}") for i in range(6)]
    debate.issues = [Issue(id=f"i{i}", title=f"Issue {i}") for i in range(3)]
    for c in range(claims):
        speakers = rng.sample(range(6), rng.choice([1, 1, 2, 3]))
        debate.claims.append(Claim(
            id=f"c{c}", text=f"Claim {c % 7}, which is said at some length" + ("" if c % 3 else f" (and more {c})"),
            issue=rng.choice([None, "i0", "i1", "i2"]), stance=rng.choice([None, "pro", "con"]),
            locutions=[Locution(speaker=f"s{s}", source=rng.choice("tu"), quote=f"\"words\", of claim {c}\tby {s}") for s in speakers]))
    seen = set()
    for _ in range(claims):
        a, b = rng.randrange(claims), rng.randrange(claims)
        for kind in rng.sample(["supports", "attacks", "undercuts", "rephrases"], rng.choice([1, 1, 2])):
            if a != b and (a, b, kind) not in seen:
                seen.add((a, b, kind))
                debate.relations.append(Relation(source=f"c{a}", target=f"c{b}", type=kind))
    return debate


@pytest.fixture(scope="module")
def flagship_store():
    with open_store(None) as store:
        ingest(store, [FLAGSHIP, MINI])
        yield store


@pytest.fixture(scope="module")
def doubled_store():
    with open_store(None) as store:
        ingest(store, [FLAGSHIP, MINI])
        ingest(store, [FLAGSHIP], graph="urn:argmap:test:flagship-again")
        yield store


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory):
    """Generated debates in a store on disk (where named queries run as their store plans)."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(7)
    paths = []
    for i in range(4):
        path = folder / f"gen-{i}.ttl"
        debate_to_rdf(generated_debate(i, 60, rng)).serialize(path, format="turtle", encoding="utf-8")
        paths.append(path)
    with open_store(folder / "kg") as store:
        ingest(store, paths)
    with open_store(folder / "kg", read_only=True) as store:
        yield store


def run(store, text: str) -> OxigraphSelect:
    """``text`` run by Oxigraph as it is (no store plan, no conversion)."""
    return oxigraph_result(store.engine.query(text, prefixes=_PREFIXES, use_default_graph_as_union=True), "SELECT")


@pytest.mark.parametrize("name", sorted(set(NAMES) - EMPTY_ON_CURATED))
@pytest.mark.parametrize("which", ["flagship_store", "doubled_store", "generated_store"])
def test_store_plans_give_the_rows_of_the_named_query_in_its_order(request, which, name):
    store = request.getfixturevalue(which)
    text = sparql.named_queries()[name].text
    assert store_plan(text) != text, f"{name} has no store plan"
    planned, expected = run(store, store_plan(text)), run(store, text)
    assert [str(v) for v in planned.vars] == [str(v) for v in expected.vars]
    assert planned.rows == expected.rows
    assert planned.rows, f"{name} finds nothing in {which}"


def test_a_store_on_disk_runs_named_queries_as_their_plans(generated_store, flagship_store, monkeypatch):
    ran = []
    for store in (generated_store, flagship_store):
        engine = store.engine
        monkeypatch.setattr(store, "_store", type("Spy", (), {"query": lambda self, text, **kw: ran.append(text) or engine.query(text, **kw)})())
        sparql.run_query(store, "who-attacks-whom")
        sparql.run_query(store, "claims-by-speaker", sparql.parse_bindings(["name=Speaker 1"]))
        monkeypatch.undo()
    plan, named = store_plan(sparql.named_queries()["who-attacks-whom"].text), sparql.named_queries()["who-attacks-whom"].text
    assert ran[0] == plan  # on disk, no bindings: the plan
    assert ran[1].startswith(sparql.named_queries()["claims-by-speaker"].text) and "VALUES" in ran[1]  # bound: the query itself
    assert ran[2] == named and ran[3].startswith(sparql.named_queries()["claims-by-speaker"].text)  # in memory: the query itself


def test_store_plans_are_found_by_text_and_kept_out_of_bound_queries(flagship_store):
    text = sparql.named_queries()["who-attacks-whom"].text
    assert store_plan(text) != text
    assert store_plan(text.replace("\n", "\r\n") + "\n") == store_plan(text)  # as a browser's form sends it
    assert store_plan("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    bound = sparql.run_query(flagship_store, "claims-by-speaker", sparql.parse_bindings(["name=James Cameron"]))
    assert {row[0] for row in sparql.result_rows(bound)[1]} == {"James Cameron"}


def rdflib_copy(result: Result) -> Result:
    """A plain rdflib Result holding the same rdflib terms (so rdflib's own paths format it)."""
    plain = Result("SELECT")
    plain.vars = list(result.vars)
    plain.bindings = [dict(b) for b in result.bindings]
    return plain


LITERALS = """SELECT ?a ?b ?c ?d WHERE {
  VALUES (?a ?b ?c ?d) {
    (1 1.50 1.5e3 true)
    ("0042"^^xsd:integer "2024-02-29"^^xsd:date "3"^^xsd:nonNegativeInteger "x"^^<http://example.org/dt>)
    ("tab\\there, \\"quoted\\"\\nnext line" "café"@fr "Ünïcode ✓" <http://example.org/a,b>)
    (UNDEF "only b" UNDEF UNDEF)
    (UNDEF UNDEF UNDEF UNDEF)
    ("" ""@en "false"^^xsd:boolean "1"^^xsd:double)
  }
}"""


def answers(store):
    """(label, a store answer, the same answer again) for every named query and a literal zoo."""
    for name in NAMES:
        yield name, sparql.run_query(store, name), sparql.run_query(store, name)
    yield "literals", store.query(LITERALS), store.query(LITERALS)
    bnodes = "SELECT ?b ?o WHERE { ?s ?p ?o BIND (BNODE(STR(?s)) AS ?b) } LIMIT 3"
    yield "blank nodes", store.query(bnodes), store.query(bnodes)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["flagship_store", "generated_store"])
def test_store_answers_format_as_their_rdflib_terms_do(request, which, fmt):
    for label, fast, again in answers(request.getfixturevalue(which)):
        assert isinstance(fast, OxigraphSelect), label
        expected = sparql.format_result(rdflib_copy(again), fmt)
        assert sparql.format_result(fast, fmt) == expected, (label, fmt)


def test_store_answers_behave_as_rdflib_results(flagship_store):
    for label, fast, again in answers(flagship_store):
        plain = rdflib_copy(again)
        assert len(fast) == len(plain), label
        assert sparql.result_rows(fast) == sparql.result_rows(plain), label
        assert [tuple(row) for row in fast] == [tuple(row) for row in plain], label
        assert fast.bindings == plain.bindings, label
        # once converted (or changed) through the rdflib interface, the fast paths read the rdflib terms
        assert sparql.result_rows(fast) == sparql.result_rows(plain), label
        assert sparql.format_result(fast, "json") == sparql.format_result(plain, "json"), label
    empty = flagship_store.query("SELECT ?x WHERE { ?x a <http://example.org/Nothing> }")
    assert len(empty) == 0 and not empty and sparql.result_rows(empty) == (["x"], [])
