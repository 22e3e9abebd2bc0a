"""The flagship debate, curated from the Los Angeles Times feature on AI in Hollywood."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap import load
from argmap.analysis import analyze, argument_graph, summary
from argmap.graph.formats.yaml import read_debate_yaml

QUOTED_PEOPLE = [
    "Eliot Mack", "Adam Curtis", "Diego Mariscal", "Mike Marino", "Daniela Rus", "James Cameron",
    "Rick Carter", "Sam Tung", "Verena Puhm", "Ángel Manuel Soto", "Hal Watmough",
]
SUB_ISSUE_WORDS = ["job", "taste", "access", "copyright", "efficien"]


@pytest.fixture(scope="module")
def debate():
    return read_debate_yaml(Path(__file__).parents[1] / "examples" / "hollywood-ai.yaml")[0]


def _claims_of(debate, name: str) -> set[str]:
    ids = {s.id for s in debate.speakers if s.name == name}
    return {c.id for c in debate.claims if any(l.speaker in ids for l in c.locutions)}


def _relations_between(debate, a: str, b: str, types=("attacks", "undercuts")) -> list:
    from_a, to_b = _claims_of(debate, a), _claims_of(debate, b)
    return [r for r in debate.relations if r.type in types and r.source in from_a and r.target in to_b]


def test_every_quoted_person_is_a_speaker_with_claims(debate) -> None:
    people = {s.name: s for s in debate.speakers if s.kind == "person"}
    for name in QUOTED_PEOPLE:
        assert name in people, name
        assert people[name].description, f"{name} has no description"
        assert _claims_of(debate, name), f"{name} asserts nothing"
    assert any(s.kind == "organisation" for s in debate.speakers)


def test_size_of_the_map(debate) -> None:
    assert len(debate.claims) >= 40
    assert sum(1 for r in debate.relations if r.type in ("supports", "attacks")) >= 25
    assert all(r.note for r in debate.relations), "every relation says why it is defensible"


def test_issues_cover_the_sub_debates_the_article_argues(debate) -> None:
    roots = [i for i in debate.issues if i.parent is None]
    assert len(roots) == 1 and "AI" in roots[0].title
    subs = [i for i in debate.issues if i.parent == roots[0].id]
    for word in SUB_ISSUE_WORDS:
        assert any(word in (i.id + " " + i.title).lower() for i in subs), word
    assert sum(1 for c in debate.claims if c.stance) >= 40


def test_quotes_are_short_verbatim_and_located(debate, article: str) -> None:
    assert debate.sources[0].publisher == "Los Angeles Times"
    total = 0
    for claim in debate.claims:
        for loc in claim.locutions:
            assert loc.start is not None, claim.id
            assert article[loc.start : loc.end] == loc.quote, claim.id
            assert len(loc.quote) <= 300, claim.id
            total += len(loc.quote)
    assert total < len(article) / 2, "the map quotes passages, it does not copy the article"


def test_the_clashes_the_article_stages(debate) -> None:
    critics = next(s.name for s in debate.speakers if s.kind == "group")
    assert _relations_between(debate, "Verena Puhm", critics), "Puhm answers the 'prompt and pray' critics"
    assert _relations_between(debate, "Hal Watmough", "Adam Curtis") or _relations_between(debate, "Adam Curtis", "Hal Watmough")
    assert _relations_between(debate, "Sam Tung", "James Cameron"), "Tung's shrinking crews against Cameron's 'free them'"
    assert _relations_between(debate, "Daniela Rus", "James Cameron", types=("supports",)), "Rus's partnership backs Cameron"


def test_the_map_is_connected_enough_to_read(flagship: Path) -> None:
    graph = load(flagship)
    argument = argument_graph(graph)
    isolated = [n for n in argument.nodes if argument.degree(n) == 0]
    assert not isolated, f"claims in no relation: {isolated}"
    counts = summary(graph)
    assert counts["speakers"] >= 12 and counts["claims"] == len(argument)


def test_analysis_of_the_flagship_agrees_with_the_model(flagship: Path, debate) -> None:
    report = analyze(load(flagship))
    assert abs(sum(c.pagerank for c in report.claims) - 1.0) < 1e-6
    attacked = {r.target for r in debate.relations if r.type in ("attacks", "undercuts")}
    by_iri = {c.iri.rsplit("/", 1)[1]: c for c in report.claims}
    for cid, stats in by_iri.items():
        assert bool(stats.attackers) == (cid in attacked)
    cameron = next(s for s in report.speakers if s.name == "James Cameron")
    assert cameron.claims == len(_claims_of(debate, "James Cameron"))
    assert cameron.attacks_received == sum(
        1 for r in debate.relations if r.type in ("attacks", "undercuts") and r.target in _claims_of(debate, "James Cameron")
    )
