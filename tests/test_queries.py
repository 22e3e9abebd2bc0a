"""The named queries: documented, and giving the same answers on rdflib and on Oxigraph (the
store's engine), checked against counts taken straight from the debate files' model."""
from __future__ import annotations

from collections import Counter

import pytest
from conftest import EXAMPLES, FIXTURES

from argmap import load, sparql
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.store import SelectResult, ingest, open_store

FILES = [EXAMPLES / "hollywood-ai.yaml", FIXTURES / "mini.yaml"]
#: A draft made by `argmap draft` from the fixture article (``argmap draft tests/fixtures/draft-article.txt
#: --pro "Ana Ruiz" --con Okafor``): its stances and relations are unreviewed suggestions.
DRAFTED = FIXTURES / "drafted.yaml"
#: Queries about drafts, which find nothing in curated debates.
ABOUT_DRAFTS = {"unreviewed-suggestions"}
#: Columns built with GROUP_CONCAT, whose order SPARQL 1.1 leaves to the engine (§18.5.1.7).
CONCATENATED = {"asserted_by", "speakers"}


@pytest.fixture(scope="module")
def graph():
    return load(FILES)


@pytest.fixture(scope="module")
def store():
    with open_store(None) as s:
        ingest(s, FILES)
        yield s


@pytest.fixture(scope="module")
def debates():
    return [read_debate_yaml(p)[0] for p in FILES]


def _normalised(result) -> tuple[list[str], list[list[str]]]:
    columns, rows = sparql.result_rows(result)
    concatenated = [i for i, c in enumerate(columns) if c in CONCATENATED]
    return columns, [[", ".join(sorted(cell.split(", "))) if i in concatenated else cell for i, cell in enumerate(row)] for row in rows]


def test_at_least_ten_documented_named_queries():
    queries = sparql.named_queries()
    assert len(queries) >= 10
    for name in ("who-attacks-whom", "claims-by-speaker", "most-contested-claims", "speakers-who-agree", "unanswered-claims"):
        assert name in queries
    for q in queries.values():
        assert q.title != q.name and len(q.description) > 20, q.name


@pytest.mark.parametrize("name", sorted(sparql.named_queries()))
def test_rdflib_and_oxigraph_agree(graph, store, name):
    """Same columns, same rows in the same order (the queries order every row fully)."""
    on_rdflib = _normalised(sparql.run_query(graph, name))
    on_oxigraph = _normalised(sparql.run_query(store, name))
    assert on_rdflib[0] == on_oxigraph[0]
    assert on_rdflib[1] == on_oxigraph[1]
    assert on_rdflib[1] or name in ABOUT_DRAFTS, f"{name} finds nothing in the flagship debate"


def test_unreviewed_suggestions_lists_every_suggestion_of_a_draft_on_both_engines():
    drafted = load([DRAFTED])
    with open_store(None) as store:
        ingest(store, [DRAFTED])
        results = [sparql.result_rows(sparql.run_query(source, "unreviewed-suggestions")) for source in (drafted, store)]
    debate = read_debate_yaml(DRAFTED)[0]
    expected = sorted([("claim", c.id) for c in debate.claims if c.suggested] + [("relation", r.id) for r in debate.relations if r.suggested])
    for columns, rows in results:
        items = sorted((row[columns.index("kind")], row[columns.index("item")]) for row in rows)
        assert items == expected and len(items) > 20
        assert all(0 <= float(row[columns.index("confidence")]) <= 1 for row in rows)


@pytest.mark.parametrize("name", sorted(sparql.named_queries()))
def test_queries_on_files_run_on_oxigraph_with_the_rows_of_rdflib(graph, name):
    """`argmap query FILES NAME` reads the files into one graph and queries it with Oxigraph in memory."""
    answer = sparql.query_files(FILES, name)
    assert isinstance(answer, SelectResult)
    assert _normalised(answer) == _normalised(sparql.run_query(graph, name))


@pytest.mark.parametrize("name, variable, value", [
    ("claims-by-speaker", "name", "James Cameron"),
    ("attacks", "attacker", "Sam Tung"),
    ("claims-on-issue", "issue", "Is AI good for film jobs and the crews who do them?"),
])
def test_bindings_agree_and_filter(graph, store, name, variable, value):
    bindings = sparql.parse_bindings([f"{variable}={value}"])
    on_rdflib = _normalised(sparql.run_query(graph, name, bindings))
    on_oxigraph = _normalised(sparql.run_query(store, name, bindings))
    assert on_rdflib == on_oxigraph
    column = on_rdflib[0].index(variable)
    assert on_rdflib[1] and {row[column] for row in on_rdflib[1]} == {value}


def test_debates_counts_match_the_files(graph, debates):
    _, rows = sparql.result_rows(sparql.run_query(graph, "debates"))
    expected = sorted([d.id, d.title, str(len(d.speakers)), str(len(d.claims)), str(len(d.relations))] for d in debates)
    assert rows == expected


def test_issue_balance_and_sources_match_the_files(graph, debates):
    _, rows = sparql.result_rows(sparql.run_query(graph, "issue-balance"))
    found = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in rows}
    for d in debates:
        for issue in d.issues:
            claims = [c for c in d.claims if c.issue == issue.id]
            if claims:
                speakers = {loc.speaker for c in claims for loc in c.locutions}
                assert found[issue.title] == (sum(c.stance == "pro" for c in claims), sum(c.stance == "con" for c in claims), len(speakers))
    _, rows = sparql.result_rows(sparql.run_query(graph, "sources-cited"))
    quotes = Counter((d.id, loc.source) for d in debates for c in d.claims for loc in c.locutions)
    titles = {(d.id, s.id): s.title for d in debates for s in d.sources}
    assert sorted((r[0], int(r[1])) for r in rows) == sorted((titles[k], n) for k, n in quotes.items())


def test_speaker_activity_and_attacks_match_the_files(graph, debates):
    _, rows = sparql.result_rows(sparql.run_query(graph, "speaker-activity"))
    claims: Counter[str] = Counter()
    for d in debates:
        names = {s.id: s.name for s in d.speakers}
        for c in d.claims:
            for speaker in {loc.speaker for loc in c.locutions}:
                claims[names[speaker]] += 1
        for s in d.speakers:
            claims.setdefault(s.name, 0)
    assert {r[0]: int(r[1]) for r in rows} == dict(claims)
    _, rows = sparql.result_rows(sparql.run_query(graph, "attacks"))
    expected = set()
    for d in debates:
        names = {s.id: s.name for s in d.speakers}
        text = {c.id: c for c in d.claims}
        for r in d.relations:
            if r.type in ("attacks", "undercuts"):
                for a in {loc.speaker for loc in text[r.source].locutions}:
                    for b in {loc.speaker for loc in text[r.target].locutions}:
                        expected.add((names[a], text[r.source].text, r.type, names[b], text[r.target].text))
    assert {tuple(r) for r in rows} == expected and len(rows) == len(expected)
