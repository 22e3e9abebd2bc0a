"""One set of speakers across documents: merges by name, alias and surname with reasons,
owl:sameAs links, generic names kept apart, hand-made overrides, and the `argmap speakers` command."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, URIRef
from rdflib.namespace import SKOS

from argmap import load
from argmap.analysis.speakers import Overrides, link_identical_claims, merge_speakers, read_overrides
from argmap.cli import main
from argmap.errors import InputError
from argmap.graph.names import normalise_name, speaker_id
from argmap.graph.rdf import AM, ID_BASE

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
PANELS = [FIXTURES / "panel-a.yaml", FIXTURES / "panel-b.yaml"]


def sp(short: str) -> URIRef:
    return URIRef(ID_BASE + short)


def people(report) -> set[frozenset[str]]:
    return {frozenset(s.short for s in p.speakers) for p in report.people}


def test_names_are_normalised_and_made_into_ids() -> None:
    assert normalise_name("  ANA  RUÍZ ") == normalise_name("Ana Ruiz") == "ana ruiz"
    assert speaker_id("José O'Neill") == "jose-o-neill" and speaker_id("20 Questions") == "s-20-questions"


def test_merges_by_name_alias_and_surname_with_reasons() -> None:
    graph = load(PANELS)
    report = merge_speakers(graph)
    reasons = {frozenset((m.a.short, m.b.short)): m.reason for m in report.merges}
    assert reasons[frozenset(("panel-a/speaker/ana", "panel-b/speaker/ana"))] == "name"
    assert reasons[frozenset(("panel-a/speaker/cameron", "panel-b/speaker/cameron"))] == "surname of 'James Cameron'"
    assert reasons[frozenset(("panel-b/speaker/jim", "panel-a/speaker/chris"))] == "alias 'Chris'"
    assert len(report.merges) == 3
    # generic names are one person only within a document; the Chrises of panel B stay apart
    assert frozenset({"panel-a/speaker/crowd"}) in people(report) and frozenset({"panel-b/speaker/crowd"}) in people(report)
    assert frozenset({"panel-b/speaker/chris-evans"}) in people(report)
    # owl:sameAs from each merged speaker to the first of its person; claims untouched
    assert (sp("panel-b/speaker/ana"), OWL.sameAs, sp("panel-a/speaker/ana")) in graph
    assert (sp("panel-b/speaker/cameron"), OWL.sameAs, sp("panel-a/speaker/cameron")) in graph
    assert len(list(graph.triples((None, OWL.sameAs, None)))) == 3
    assert len(set(graph.subjects(RDF.type, AM.Claim))) == 4
    cameron = next(p for p in report.people if p.name == "James Cameron")
    assert cameron.names == ["James Cameron", "Cameron"] and cameron.debates == ["panel-a", "panel-b"] and cameron.claims == 2


def test_overrides_merge_and_keep_apart(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    path.write_text("same:\n  - [Chris Evans, panel-b/speaker/chris-martin]\ndifferent:\n  - Ana Ruiz\n", encoding="utf-8")
    report = merge_speakers(load(PANELS), read_overrides(path))
    assert frozenset({"panel-b/speaker/chris-evans", "panel-b/speaker/chris-martin"}) in people(report)
    assert frozenset({"panel-a/speaker/ana"}) in people(report) and frozenset({"panel-b/speaker/ana"}) in people(report)
    assert any(m.reason == "overrides file" for m in report.merges)


@pytest.mark.parametrize("text,problem", [("same: [a, b]\n", "two or more names"), ("merge: []\n", "only 'same' and 'different'"),
                                          ("same: [[a\n", "cannot read speaker overrides")])
def test_bad_overrides_files_are_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_overrides(path)


def test_identical_claims_of_different_documents_are_linked_not_merged() -> None:
    graph = load(PANELS)
    assert link_identical_claims(graph) == 4
    a, b = sp("panel-a/claim/tools"), sp("panel-b/claim/tools")
    assert (a, SKOS.exactMatch, b) in graph and (b, SKOS.exactMatch, a) in graph
    assert len(set(graph.subjects(RDF.type, AM.Claim))) == 4


def test_speakers_command_prints_people_and_merges(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["speakers", *map(str, PANELS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {p["name"] for p in data["people"]} >= {"James Cameron", "Ana Ruiz", "Jim Smith"}
    assert len(data["merges"]) == 3
    text = CliRunner().invoke(main, ["speakers", *map(str, PANELS)]).output
    assert "merged panel-b/speaker/cameron (Cameron) = panel-a/speaker/cameron (James Cameron): surname of 'James Cameron'" in text


def test_qt30_presenter_is_one_person_across_maps_and_unknowns_are_not(shared: Path) -> None:
    files = sorted((shared / "data" / "aif-qt30" / "knowcomp" / "data" / "test" / "my_test").glob("*.json"))[:12]
    graph = load(files)
    report = merge_speakers(graph, Overrides())
    bruce = [p for p in report.people if normalise_name(p.name) == "fiona bruce"]
    assert len(bruce) == 1 and len(bruce[0].debates) == sum(1 for d in bruce[0].debates) >= 6
    unknown = [p for p in report.people if p.name == "Unknown"]
    assert all(len(p.speakers) == 1 for p in unknown)
