"""Store plans and store answers give what the plain paths give, compared as RDF terms.

* Store plans (derived from each named query by argmap.sparql.plan): the same rows in the same
  order as the named query itself, on three engines (rdflib, Oxigraph in memory, Oxigraph on disk),
  on the flagship debate, on one debate held twice (every triple in two graphs: multiplicities),
  and on generated debates with shared speaker names, claims said by several speakers, attacks
  and undercuts between the same claims.
* Store answers (SelectResult, written by pyoxigraph's serializers): the same variables and the
  same rows of terms as the rdflib terms formatted by rdflib, for every named query and format.
"""
from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES
from rdflib.query import Result, ResultRow

from argmap import sparql
from argmap.errors import QueryError
from argmap.graph.model import Claim, Debate, Issue, Locution, Relation, Source, Speaker
from argmap.graph.rdf import debate_to_rdf
from argmap.sparql.plan import derive_plan, store_plan
from argmap.store import SelectResult, ingest, load, open_store

FLAGSHIP = EXAMPLES / "hollywood-ai.yaml"
MINI = FIXTURES / "mini.yaml"
NAMES = sorted(sparql.named_queries())
#: Named queries that find nothing in curated debates by design, and need no store plan: their most
#: selective pattern matches only the items they list (unreviewed-suggestions starts from
#: prov:wasGeneratedBy, which only drafted items carry; tests/test_draft.py runs it on a draft).
EMPTY_ON_CURATED = {"unreviewed-suggestions"}
FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Columns built with GROUP_CONCAT, whose order SPARQL 1.1 leaves to the engine (§18.5.1.7).
CONCATENATED = {"asserted_by", "speakers"}


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
def datasets(tmp_path_factory) -> dict[str, list[tuple[Path, str | None]]]:
    """Each data set as (file, graph name or None) pairs."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(7)
    generated: list[tuple[Path, str | None]] = []
    for i in range(4):
        path = folder / f"gen-{i}.ttl"
        debate_to_rdf(generated_debate(i, 60, rng)).serialize(path, format="turtle", encoding="utf-8")
        generated.append((path, None))
    return {"flagship": [(FLAGSHIP, None), (MINI, None)],
            "doubled": [(FLAGSHIP, None), (MINI, None), (FLAGSHIP, "urn:argmap:test:flagship-again")],
            "generated": generated}


@pytest.fixture(scope="module")
def engines(datasets, tmp_path_factory):
    """For each data set: an rdflib graph of the files, an in-memory store, a store on disk."""
    opened = {}
    for name, items in datasets.items():
        folder = tmp_path_factory.mktemp(name)
        memory, disk = open_store(None), open_store(folder / "kg")
        for store in (memory, disk):
            for path, graph in items:
                ingest(store, [path], graph=graph)
        disk.close()
        disk = open_store(folder / "kg", read_only=True)
        # rdflib's union of named graphs is a set: it cannot hold one triple twice, so "doubled" has no
        # rdflib engine; on the generated debates rdflib's joins take minutes (tests/test_queries.py
        # checks rdflib against Oxigraph on the flagship and mini debates as well)
        opened[name] = (load([p for p, _ in items]) if name == "flagship" else None, memory, disk)
    yield opened
    for _, memory, disk in opened.values():
        memory.close()
        disk.close()


def terms(result) -> tuple[list[str], list[tuple]]:
    """The variables and the rows of rdflib terms of a SELECT answer, GROUP_CONCAT lists sorted."""
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        cells = list(row)
        for i, name in enumerate(names):
            if name in CONCATENATED and cells[i] is not None:
                cells[i] = type(cells[i])(", ".join(sorted(str(cells[i]).split(", "))))
        rows.append(tuple(cells))
    return names, rows


@pytest.mark.parametrize("name", sorted(set(NAMES) - EMPTY_ON_CURATED))
@pytest.mark.parametrize("data", ["flagship", "doubled", "generated"])
def test_store_plans_give_the_rows_of_the_named_query_on_three_engines(engines, data, name):
    graph, memory, disk = engines[data]
    text = sparql.named_queries()[name].text
    plan = derive_plan(text)
    assert plan != text and "{ SELECT" in plan, f"{name} has no store plan"
    expected = terms(memory.query(text))  # the named query on Oxigraph in memory
    assert expected[1], f"{name} finds nothing in {data}"
    if graph is not None:
        assert terms(sparql.run_query(graph, name)) == expected  # on rdflib
    assert terms(memory.query(plan)) == expected  # its plan in memory
    assert terms(sparql.run_query(disk, name)) == expected  # on disk run_query runs the plan


def test_a_store_on_disk_runs_named_queries_as_their_plans(engines, monkeypatch):
    _, memory, disk = engines["generated"]
    named = sparql.named_queries()["who-attacks-whom"].text
    ran: dict[str, list[str]] = {}
    for label, store in (("disk", disk), ("memory", memory)):
        seen = ran[label] = []
        monkeypatch.setattr(store, "query", lambda text, bindings=None, where=None, max_rows=None, run=store.query, seen=seen:
                            seen.append(text) or run(text, bindings, where, max_rows))
        sparql.run_query(store, "who-attacks-whom")
        sparql.run_query(store, named.replace("\n", "\r\n"))  # as a browser's form sends it
        sparql.run_query(store, "claims-by-speaker", sparql.parse_bindings(["name=Speaker 1"]))
    monkeypatch.undo()
    plan = store_plan(named.strip())
    assert ran["disk"][:2] == [plan, plan]  # on disk, no bindings: the plan
    assert ran["disk"][2] == sparql.named_queries()["claims-by-speaker"].text  # bound: the query (bindings go as VALUES)
    assert ran["memory"] == [named, named.replace("\n", "\r\n"), ran["disk"][2]]  # in memory: the query itself


def test_plans_cover_only_what_their_rules_cover():
    assert store_plan("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }") == "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert store_plan("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(QueryError, match="not covered"):
        derive_plan("SELECT ?s WHERE { ?s ?p [ a am:Claim ] }")
    # FILTER NOT EXISTS stays a filter when a shared variable may be unbound
    kept = derive_plan("SELECT ?c WHERE { ?c a am:Claim . OPTIONAL { ?c am:onIssue ?i } FILTER NOT EXISTS { ?x am:onIssue ?i } }")
    assert "NOT EXISTS" in kept and "MINUS" not in kept
    # != between literals stays !=
    assert "!=" in derive_plan("SELECT ?a WHERE { ?x am:text ?a . ?y am:text ?b . FILTER (?a != ?b) }")


def test_bound_named_queries_run_as_they_are(engines):
    _, _, disk = engines["flagship"]
    bound = sparql.run_query(disk, "claims-by-speaker", sparql.parse_bindings(["name=James Cameron"]))
    assert {row[0] for row in sparql.result_rows(bound)[1]} == {"James Cameron"}


def rdflib_copy(result: SelectResult) -> Result:
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
    """(label, a store answer) for every named query, a literal zoo and blank nodes."""
    for name in NAMES:
        yield name, sparql.run_query(store, name)
    yield "literals", store.query(LITERALS)
    yield "blank nodes", store.query("SELECT ?b ?o WHERE { ?s ?p ?o BIND (BNODE(STR(?s)) AS ?b) } LIMIT 3")


def parsed(document: str, fmt: str) -> tuple[list[str], list[dict]]:
    """A SPARQL results document read back by rdflib: variables and bindings (blank nodes by position)."""
    result = Result.parse(io.StringIO(document), format=fmt)
    return [str(v) for v in result.vars or []], [{str(k): v for k, v in b.items()} for b in result.bindings]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("data", ["flagship", "generated"])
def test_store_answers_format_as_their_rdflib_terms_do(engines, data, fmt):
    for label, answer in answers(engines[data][2]):
        assert isinstance(answer, SelectResult), label
        ours = sparql.format_result(answer, fmt)
        if fmt in ("json", "xml"):  # SPARQL results documents: read back, the same variables and rows of terms
            names, rows = parsed(ours, fmt)
            assert names == [str(v) for v in answer.vars], (label, fmt)
            expected = [{str(k): v for k, v in b.items()} for b in answer.bindings]
            if label == "blank nodes":  # blank node labels are the writer's own
                assert [sorted(row) for row in rows] == [sorted(row) for row in expected]
            else:
                assert rows == expected, (label, fmt)
        else:  # argmap's own tables, from the store's terms and from rdflib's terms
            assert ours == sparql.format_result(rdflib_copy(answer), fmt), (label, fmt)


def test_store_answers_behave_as_rdflib_results(engines):
    for label, answer in answers(engines["flagship"][1]):
        plain = rdflib_copy(answer)
        assert len(answer) == len(plain), label
        assert sparql.result_rows(answer) == sparql.result_rows(plain), label
        assert list(answer) == [tuple(row) for row in plain if isinstance(row, ResultRow)], label
        assert answer.bindings == plain.bindings, label
    empty = engines["flagship"][1].query("SELECT ?x WHERE { ?x a <http://example.org/Nothing> }")
    assert len(empty) == 0 and not empty and sparql.result_rows(empty) == (["x"], [])
