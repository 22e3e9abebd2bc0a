"""Lossless round trips: YAML → RDF → YAML gives the same debate and RDF → YAML → RDF the same graph,
for random debates (hypothesis) through every RDF serialisation, and for the flagship debate, both
through the library and through `argmap convert`."""
from __future__ import annotations

import datetime as dt
import string
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from argmap import load
from argmap.cli import main
from argmap.graph.formats import formats
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml
from argmap.graph.model import RELATION_TYPES, Claim, Debate, Issue, Locution, Relation, Source, Speaker
from argmap.graph.rdf import debate_to_rdf, rdf_to_debate
from argmap.graph.validate import format_report, validate

RDF_FORMATS = ("turtle", "nt", "jsonld", "xml")

# Text as a debate file holds it: any printable characters (newlines and tabs inside too), trimmed.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85") | st.sampled_from("\n\t"),
    min_size=1, max_size=40,
).map(str.strip).filter(bool)
IDS = st.text(string.ascii_letters, min_size=1, max_size=1).flatmap(
    lambda first: st.text(string.ascii_letters + string.digits + "_.-", max_size=8).map(lambda rest: first + rest)
)


def _unique_ids(n: int):
    return st.lists(IDS, min_size=n, max_size=n, unique=True)


@st.composite
def debates(draw) -> Debate:
    """A random debate that the debate-file reader accepts, with every optional field sometimes set."""
    opt = lambda strategy: draw(st.none() | strategy)  # noqa: E731
    n_sources, n_speakers = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    n_issues, n_claims = draw(st.integers(0, 3)), draw(st.integers(1, 6))
    debate = Debate(id=draw(IDS), title=draw(TEXT), description=opt(TEXT))
    for sid in draw(_unique_ids(n_sources)):
        debate.sources.append(Source(sid, draw(TEXT), url=opt(st.just("https://example.org/") .map(lambda u: u + sid)),
                                     publisher=opt(TEXT), author=opt(TEXT), date=opt(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
                                     path=opt(st.just(f"texts/{sid}.txt"))))
    for sid in draw(_unique_ids(n_speakers)):
        debate.speakers.append(Speaker(sid, draw(TEXT), kind=draw(st.sampled_from(["person", "organisation", "group"])),
                                       description=opt(TEXT), aliases=sorted(draw(st.sets(TEXT, max_size=3)))))
    for k, iid in enumerate(draw(_unique_ids(n_issues))):
        parent = draw(st.sampled_from([None] + [i.id for i in debate.issues])) if k else None
        debate.issues.append(Issue(iid, draw(TEXT), parent=parent))
    for cid in draw(_unique_ids(n_claims)):
        issue = draw(st.sampled_from([None] + [i.id for i in debate.issues]))
        claim = Claim(cid, draw(TEXT), issue=issue, stance=draw(st.sampled_from([None, "pro", "con"])) if issue else None)
        for speaker in draw(st.lists(st.sampled_from([s.id for s in debate.speakers]), min_size=1, max_size=3)):
            quote = draw(TEXT)
            start = opt(st.integers(0, 10_000))
            claim.locutions.append(Locution(speaker, draw(st.sampled_from([s.id for s in debate.sources])), quote,
                                            start=start, end=None if start is None else start + len(quote),
                                            confidence=opt(st.floats(0, 1))))
        debate.claims.append(claim)
    ids = [c.id for c in debate.claims]
    seen = set()
    for _ in range(draw(st.integers(0, 8)) if len(ids) > 1 else 0):
        source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        relation = Relation(source, target, draw(st.sampled_from(RELATION_TYPES)))
        # Known limit: relation ids join "from.type.to", so dotted claim ids can make two relations
        # share one IRI (a.supports.b -> c and a -> b.supports.c); `argmap validate` reports it.
        if source == target or relation.id in seen:
            continue
        seen.add(relation.id)
        relation.by, relation.note = opt(st.sampled_from([s.id for s in debate.speakers])), opt(TEXT)
        debate.relations.append(relation)
    return debate


def aliases_as_sets(debate: Debate) -> Debate:
    """The debate with each speaker's aliases sorted and deduplicated: RDF keeps aliases as a set."""
    return replace(debate, speakers=[replace(s, aliases=sorted(set(s.aliases))) for s in debate.speakers])


def _read_yaml_text(text: str) -> Debate:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "debate.yaml"
        path.write_text(text, encoding="utf-8")
        return read_debate_yaml(path)[0]


def _reparse(graph: Graph, fmt: str) -> Graph:
    text = formats()[fmt].write(graph)
    parser = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}[fmt]
    return Graph().parse(data=text, format=parser)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(debates())
def test_yaml_to_rdf_to_yaml_gives_the_same_debate(debate: Debate) -> None:
    from_file = _read_yaml_text(debate_to_yaml(debate))
    assert from_file == debate, "the debate file itself must round-trip first"
    graph = debate_to_rdf(debate)
    assert rdf_to_debate(graph) == debate
    assert _read_yaml_text(formats()["yaml"].write(graph)) == debate


@SETTINGS
@given(debates(), st.sampled_from(RDF_FORMATS))
def test_rdf_to_yaml_to_rdf_gives_the_same_graph_through_every_serialisation(debate: Debate, fmt: str) -> None:
    graph = debate_to_rdf(debate)
    parsed = _reparse(graph, fmt)
    assert isomorphic(parsed, graph), fmt
    again = debate_to_rdf(_read_yaml_text(formats()["yaml"].write(parsed)))
    assert to_isomorphic(again) == to_isomorphic(graph), fmt


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(debates())
def test_every_readable_debate_builds_a_graph_that_validates(debate: Debate) -> None:
    report = validate(debate_to_rdf(debate))
    assert report.conforms, format_report(report)


def test_flagship_round_trips_through_every_format(flagship: Path) -> None:
    debate = aliases_as_sets(read_debate_yaml(flagship)[0])
    graph = load(flagship)
    assert rdf_to_debate(graph) == debate
    for fmt in RDF_FORMATS:
        parsed = _reparse(graph, fmt)
        assert isomorphic(parsed, graph), fmt
        assert rdf_to_debate(parsed) == debate, fmt
    yaml_again = formats()["yaml"].write(graph)
    assert _read_yaml_text(yaml_again) == debate
    assert isomorphic(debate_to_rdf(_read_yaml_text(yaml_again)), graph)


@pytest.mark.parametrize("middle", ["ttl", "jsonld", "nt", "rdf"])
def test_convert_command_round_trips_the_flagship(flagship: Path, tmp_path: Path, middle: str) -> None:
    rdf_file, yaml_file, rdf_again = tmp_path / f"debate.{middle}", tmp_path / "again.yaml", tmp_path / f"again.{middle}"
    runner = CliRunner()
    for source, target in ((flagship, rdf_file), (rdf_file, yaml_file), (yaml_file, rdf_again)):
        result = runner.invoke(main, ["convert", str(source), "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert f"wrote {target}" in result.stderr
    assert read_debate_yaml(yaml_file)[0] == aliases_as_sets(read_debate_yaml(flagship)[0])
    assert isomorphic(load(rdf_again), load(rdf_file))
    assert isomorphic(load(rdf_file), load(flagship))


def test_convert_command_fails_cleanly_on_a_graph_with_two_debates(mini: Path, flagship: Path, tmp_path: Path) -> None:
    both = tmp_path / "both.nt"
    both.write_text(formats()["nt"].write(load([mini, flagship])), encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(main, ["convert", str(both), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "holds 2 (hollywood-ai, mini)" in result.stderr and "Traceback" not in result.output


def test_jsonld_export_of_an_analysed_debate_reads_back_the_same(flagship: Path) -> None:
    from argmap import analysis

    graph = analysis.annotate(load(flagship), ("grounded", "preferred", "stable"))
    text = formats()["jsonld"].write(graph)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)
    assert '"am:' not in text.split('"@graph"', 1)[1], "every term has a plain JSON key"


def test_jsonld_export_of_real_aif_dialogues_reads_back_the_same(shared: Path) -> None:
    folder = shared / "data" / "aif-qt30" / "knowcomp" / "data" / "train" / "my_train"
    files = sorted(folder.glob("*.json"))[:3]
    if not files:
        pytest.skip(f"{folder} is absent")
    for paths in ([files[0]], files):
        graph = load(paths)
        text = formats()["jsonld"].write(graph)
        assert isomorphic(Graph().parse(data=text, format="json-ld"), graph)
        assert '"am:' not in text.split('"@graph"', 1)[1]
