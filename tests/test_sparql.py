"""The spine's named queries, checked against answers derived independently from the debate model."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from argmap import load
from argmap.errors import QueryError
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.sparql import format_result, named_queries, result_rows, run_query

DEBATES = ["mini", "flagship"]


@pytest.fixture(params=DEBATES)
def debate_path(request, mini: Path, flagship: Path) -> Path:
    return {"mini": mini, "flagship": flagship}[request.param]


def _model(path: Path):
    debate, _ = read_debate_yaml(path)
    names = {s.id: s.name for s in debate.speakers}
    speakers = {c.id: {names[l.speaker] for l in c.locutions} for c in debate.claims}
    texts = {c.id: c.text for c in debate.claims}
    return debate, names, speakers, texts


def _rows(path: Path, query: str) -> list[list[str]]:
    return result_rows(run_query(load(path), query))[1]


def test_the_spine_ships_five_documented_named_queries() -> None:
    queries = named_queries()
    for name in ("who-attacks-whom", "claims-by-speaker", "unanswered-claims", "speakers-who-agree", "most-contested-claims"):
        assert name in queries, name
        assert queries[name].title and queries[name].description


def test_who_attacks_whom(debate_path: Path) -> None:
    debate, _, speakers, _ = _model(debate_path)
    expected: Counter = Counter()
    for rel in debate.relations:
        if rel.type in ("attacks", "undercuts"):
            for a in speakers[rel.source]:
                for b in speakers[rel.target]:
                    if a != b:
                        expected[(a, b)] += 1
    got = {(a, b): int(n) for a, b, n in _rows(debate_path, "who-attacks-whom")}
    assert got == dict(expected)
    assert expected, "the debate has cross-speaker attacks"


def test_claims_by_speaker_lists_every_locution(debate_path: Path) -> None:
    debate, names, _, texts = _model(debate_path)
    expected = sorted((names[l.speaker], c.text, l.quote) for c in debate.claims for l in c.locutions)
    assert sorted(tuple(r) for r in _rows(debate_path, "claims-by-speaker")) == expected


def test_claims_by_speaker_binds_a_name(flagship: Path) -> None:
    debate, names, _, _ = _model(flagship)
    rows = result_rows(run_query(load(flagship), "claims-by-speaker", {"name": "James Cameron"}))[1]
    expected = sum(1 for c in debate.claims for l in c.locutions if names[l.speaker] == "James Cameron")
    assert len(rows) == expected > 0
    assert {r[0] for r in rows} == {"James Cameron"}


def test_unanswered_claims(debate_path: Path) -> None:
    debate, _, speakers, texts = _model(debate_path)
    attacked = {r.target for r in debate.relations if r.type in ("attacks", "undercuts")}
    expected = {texts[c.id]: ", ".join(sorted(speakers[c.id])) for c in debate.claims if c.id not in attacked}
    got = {claim: ", ".join(sorted(s.split(", "))) for claim, s in _rows(debate_path, "unanswered-claims")}
    assert got == expected


def test_most_contested_claims(debate_path: Path) -> None:
    debate, _, _, texts = _model(debate_path)
    attackers = Counter(r.target for r in debate.relations if r.type in ("attacks", "undercuts"))
    supporters = Counter(r.target for r in debate.relations if r.type == "supports")
    expected = {texts[c]: (n, supporters[c]) for c, n in attackers.items()}
    rows = _rows(debate_path, "most-contested-claims")
    assert {claim: (int(a), int(s)) for claim, _, a, s in rows} == expected
    assert [int(r[2]) for r in rows] == sorted((int(r[2]) for r in rows), reverse=True)


def test_speakers_who_agree(debate_path: Path) -> None:
    debate, _, speakers, _ = _model(debate_path)
    pairs: set[tuple[str, str]] = set()
    for rel in debate.relations:
        if rel.type in ("supports", "rephrases"):
            pairs |= {tuple(sorted((a, b))) for a in speakers[rel.source] for b in speakers[rel.target] if a != b}
    for names in speakers.values():
        pairs |= {tuple(sorted((a, b))) for a in names for b in names if a != b}
    got = {(a, b) for a, b, _ in _rows(debate_path, "speakers-who-agree")}
    assert got == pairs


def test_prefixes_are_pre_bound_and_raw_sparql_runs(mini: Path) -> None:
    rows = _rows(mini, "SELECT ?name WHERE { ?s a am:Speaker ; rdfs:label ?name } ORDER BY ?name")
    debate, _ = read_debate_yaml(mini)
    assert [r[0] for r in rows] == sorted(s.name for s in debate.speakers)


def test_malformed_query_reports_line_and_column(mini: Path) -> None:
    with pytest.raises(QueryError, match=r"line:\s*1, col:\s*\d+") as caught:
        run_query(load(mini), "SELECT ?x WHERE { ?x a am:Speaker ")
    assert caught.value.exit_code == 2
    with pytest.raises(QueryError, match="no named query 'who-attacks'"):
        run_query(load(mini), "who-attacks")


def test_a_binding_of_a_variable_the_query_does_not_have_is_refused(mini: Path) -> None:
    from click.testing import CliRunner

    from argmap.cli import main
    from argmap.store import open_store

    with open_store(None) as store:
        for graph in (load(mini), store):
            with pytest.raises(QueryError, match=r"--bind nmae: the query has no variable \?nmae \(its variables: \?name, \?claim, \?quote"):
                run_query(graph, "claims-by-speaker", {"nmae": "Ben Okafor"})
    result = CliRunner().invoke(main, ["query", str(mini), "claims-by-speaker", "--bind", "nmae=Ben Okafor"])
    assert result.exit_code == 2 and "no variable ?nmae" in result.output and "?name" in result.output


def test_result_formats_agree(mini: Path) -> None:
    graph = load(mini)
    columns, rows = result_rows(run_query(graph, "who-attacks-whom"))
    parsed = list(csv.reader(io.StringIO(format_result(run_query(graph, "who-attacks-whom"), "csv"))))
    assert parsed == [columns] + rows
    tsv = [line.split("\t") for line in format_result(run_query(graph, "who-attacks-whom"), "tsv").splitlines()]
    assert tsv == [columns] + rows
    data = json.loads(format_result(run_query(graph, "who-attacks-whom"), "json"))
    assert data["head"]["vars"] == columns
    assert [[b[c]["value"] for c in columns] for b in data["results"]["bindings"]] == rows
    table = format_result(run_query(graph, "who-attacks-whom"), "table").splitlines()
    assert table[0].split() == columns and table[-1] == f"({len(rows)} rows)"
