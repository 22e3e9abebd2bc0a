"""Kialo exports in: both layouts, multi-line texts, cross-links kept as links, sources cited."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from argmap import load
from argmap.errors import InputError
from argmap.graph.formats.kialo import read_kialo
from argmap.graph.rdf import AM, item_iri, rdf_to_debate

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def _relations(graph) -> set[tuple[str, str, str]]:
    debate = rdf_to_debate(graph)
    return {(r.source, r.type, r.target) for r in debate.relations}


@pytest.mark.parametrize("name", ["kialo-2018.txt", "kialo-2023.txt"])
def test_both_layouts_give_the_same_map(name: str) -> None:
    graph = load(FIXTURES / name, "kialo")
    debate = rdf_to_debate(graph)
    assert debate.title == "Should Main Street go car-free?"
    assert [i.title for i in debate.issues] == ["Should Main Street go car-free?"]
    thesis = next(c for c in debate.claims if c.id == "c1")
    assert (thesis.text, thesis.issue, thesis.stance) == ("Main Street should go car-free.", "thesis", "pro")
    assert {c.id: c.stance for c in debate.claims if c.issue} == {"c1": "pro", "c1.1": "pro", "c1.2": "con"}
    # Pro supports and Con attacks the parent; the "-> See 1.1.1." node is a link, not a claim
    expected = {"c1", "c1.1", "c1.1.1", "c1.2"} | ({"c1.2.1"} if "2018" in name else set())
    assert {c.id for c in debate.claims} == expected
    assert ("c1.1", "supports", "c1") in _relations(graph) and ("c1.2", "attacks", "c1") in _relations(graph)
    assert ("c1.1.1", "attacks", "c1.1") in _relations(graph)
    assert ("c1.1.1", "supports", "c1.2") in _relations(graph), "the cross-link is kept as a relation from the linked claim"
    link = next(r for r in debate.relations if r.source == "c1.1.1" and r.target == "c1.2")
    assert link.note.startswith("Kialo cross-link at 1.2.")


def test_multi_line_texts_escapes_and_sources() -> None:
    old, new = load(FIXTURES / "kialo-2018.txt", "kialo"), load(FIXTURES / "kialo-2023.txt", "kialo")
    assert (item_iri("kialo-2018", "claim", "c1.1"), AM.text, Literal("More people walk past the shops (and stop).")) in old
    assert old.value(item_iri("kialo-2018", "claim", "c1.2.1"), AM.text).endswith("\nIt works in the next town already.")
    assert new.value(item_iri("kialo-2023", "claim", "c1.1.1"), AM.text) == Literal(
        "Footfall studies from other towns are mixed [2].\nSome show a drop in the first year.")
    ref1, ref2 = item_iri("kialo-2023", "source", "ref1"), item_iri("kialo-2023", "source", "ref2")
    assert (item_iri("kialo-2023", "claim", "c1.1"), AM.cites, ref1) in new
    assert (item_iri("kialo-2023", "claim", "c1.1.1"), AM.cites, ref2) in new
    assert str(new.value(ref1, AM.url)) == "https://example.org/footfall"
    assert str(new.value(ref2, RDFS.label)) == "A town council report, 2024" and new.value(ref2, AM.url) is None


@pytest.mark.parametrize("text,problem", [
    ("Some notes\n1. A thesis\n", "not a Kialo export"),
    ("Discussion Title: T\n\n1. A thesis\n1.1. Pro: -> See 1.9.\n", "points to no claim"),
    ("Discussion Title: T\n\n1. A thesis\n1.1. Maybe: hm\n", "should be Pro or Con"),
    ("Discussion Title: T\n\nno thesis here\n", "text before the thesis"),
])
def test_bad_exports_are_rejected_with_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_kialo(path)
    assert problem in str(error.value) and str(path) in str(error.value)


def test_non_utf8_export_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Discussion Title: Caf\u00e9?\n\n1. Oui\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_kialo(path)


def kialo_files(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "data" / "kialo").rglob("*.txt") if not p.name.startswith("LICENSE"))


def test_every_shared_export_reads_to_the_counts_of_its_headers(shared: Path) -> None:
    files = kialo_files(shared)
    assert len(files) == 15
    header = re.compile(r"^\s*(?:\d+\.)+\s*(?:(?:Thesis|Pro|Con):|(?=\S))")
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        body = lines[: lines.index("Sources:")] if "Sources:" in lines else lines
        nodes = [i for i, line in enumerate(body) if re.match(r"^\s*(?:\d+\.)+\s*(Thesis|Pro|Con):", line) or re.match(r"^1\. \S", line)]
        links = sum(1 for i in nodes if "-> See " in body[i] or (i + 1 < len(body) and body[i + 1].strip().startswith("-> See ")))
        graph = read_kialo(path)
        claims = set(graph.subjects(RDF.type, AM.Claim))
        relations = set(graph.subjects(RDF.type, AM.Relation))
        assert len(claims) == len(nodes) - links, path
        assert len(relations) == len(nodes) - 1, path
        notes = {str(n) for n in graph.objects(None, AM.note)}
        assert len(notes) == links, path
        assert all(header.match(body[i]) for i in nodes)
        if "Sources:" in lines:
            cited = set(graph.objects(None, AM.cites))
            assert cited and cited <= set(graph.subjects(RDF.type, AM.Source)), path
