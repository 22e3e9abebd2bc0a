"""The debate file reader: it accepts the documented format and rejects bad files precisely."""
from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.graph.formats.yaml import debate_to_yaml, read_debate_yaml


def test_mini_reads_every_section(mini: Path) -> None:
    debate, lines = read_debate_yaml(mini)
    assert debate.id == "mini"
    assert [s.id for s in debate.speakers] == ["ana", "ben", "council", "residents"]
    assert {s.kind for s in debate.speakers} == {"person", "organisation", "group"}
    assert debate.issues[1].parent == "car-free"
    quiet = next(c for c in debate.claims if c.id == "residents-quiet")
    assert [l.speaker for l in quiet.locutions] == ["residents", "ana"]
    assert {r.type for r in debate.relations} == {"attacks", "supports", "undercuts"}
    assert debate.sources[0].date.isoformat() == "2025-03-03"
    assert lines["claims[1].locutions[0].speaker"] > lines["claims[0].id"]


def test_yaml_round_trip_is_lossless(mini: Path, tmp_path: Path) -> None:
    debate, _ = read_debate_yaml(mini)
    again = tmp_path / "again.yaml"
    again.write_text(debate_to_yaml(debate), encoding="utf-8")
    assert read_debate_yaml(again)[0] == debate


def _broken(mini: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = mini.read_text(encoding="utf-8")
    assert old in text, old
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


def _line_of(path: Path, needle: str) -> int:
    """The line of the last occurrence of ``needle`` (a duplicate is the second one)."""
    return max(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "old, new, field, message, needle",
    [
        ("      - speaker: ben\n        quote: \"I can't", "      - speaker: benn\n        quote: \"I can't",
         "claims[1].locutions[0].speaker", "unknown speaker 'benn'", "speaker: benn"),
        ("  - from: council-loading", "  - from: council-loadingX", "relations[1].from", "missing claim 'council-loadingX'", "council-loadingX"),
        ("  - id: ben-deliveries", "  - id: ana-footfall", "claims[1].id", "duplicate claim id 'ana-footfall'", "id: ana-footfall"),
        ("    stance: con\n    locutions:\n      - speaker: ben\n        quote: \"I can't",
         "    stance: maybe\n    locutions:\n      - speaker: ben\n        quote: \"I can't",
         "claims[1].stance", "'maybe' is not one of: pro, con", "stance: maybe"),
        ("    type: supports", "    type: endorses", "relations[2].type", "'endorses' is not one of", "type: endorses"),
        ("  - id: trade\n", "  - id: trade\n    colour: red\n", "issues[1].colour", "unknown field", "colour: red"),
        ("    parent: car-free", "    parent: nowhere", "issues[1].parent", "unknown issue 'nowhere'", "parent: nowhere"),
        ("  - from: ben-noise-moves\n    to: residents-quiet", "  - from: ben-noise-moves\n    to: ben-noise-moves",
         "relations[3].to", "cannot undercut itself", "to: ben-noise-moves"),
    ],
)
def test_bad_files_name_file_line_and_field(mini, tmp_path, old, new, field, message, needle) -> None:
    bad = _broken(mini, tmp_path, old, new)
    with pytest.raises(InputError) as caught:
        read_debate_yaml(bad)
    error = caught.value
    assert error.path == str(bad)
    assert error.field == field
    assert message in error.message
    assert error.line == _line_of(bad, needle)
    assert str(error).startswith(f"{bad}:{error.line}: {field}: ")


def test_yaml_syntax_error_has_a_line(mini: Path, tmp_path: Path) -> None:
    bad = _broken(mini, tmp_path, "title: Should Main Street go car-free?", "title: [unclosed")
    with pytest.raises(InputError) as caught:
        read_debate_yaml(bad)
    assert "YAML syntax error" in caught.value.message and caught.value.line is not None


def test_quote_offsets_are_checked_against_the_local_source(tmp_path: Path) -> None:
    (tmp_path / "text.txt").write_text("Alpha says: beta is gamma.", encoding="utf-8")
    body = """argmap: 1
id: t
title: T
sources: [{id: s, title: S, path: text.txt}]
speakers: [{id: a, name: Alpha}]
claims:
  - id: c
    text: Beta is gamma.
    locutions: [{speaker: a, source: s, quote: "beta is gamma", start: START, end: END}]
"""
    good = tmp_path / "good.yaml"
    good.write_text(body.replace("START", "12").replace("END", "25"), encoding="utf-8")
    assert read_debate_yaml(good)[0].claims[0].locutions[0].start == 12
    bad = tmp_path / "bad.yaml"
    bad.write_text(body.replace("START", "11").replace("END", "24"), encoding="utf-8")
    with pytest.raises(InputError, match=r"offsets 11-24 of the source text read ' beta is gamm'"):
        read_debate_yaml(bad)


def test_non_utf8_and_empty_files_are_rejected(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caf\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_debate_yaml(latin)
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        read_debate_yaml(empty)


def test_relations_whose_ids_collide_are_rejected(tmp_path: Path) -> None:
    body = """argmap: 1
id: t
title: T
sources: [{id: s, title: S}]
speakers: [{id: a, name: A}]
claims:
"""
    for cid in ("a", "b", "c", "a.supports.b", "b.supports.c"):
        body += f"  - {{id: {cid}, text: Claim {cid}., locutions: [{{speaker: a, source: s, quote: q}}]}}\n"
    body += "relations:\n  - {from: a.supports.b, to: c, type: supports}\n  - {from: a, to: b.supports.c, type: supports}\n"
    bad = tmp_path / "collide.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_debate_yaml(bad)
    assert caught.value.field == "relations[1]" and "also the id of relations[0]" in caught.value.message


def test_a_debate_with_no_claims_round_trips(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("argmap: 1\nid: e\ntitle: E\nsources: [{id: s, title: S}]\nspeakers: []\nclaims: []\n", encoding="utf-8")
    debate, _ = read_debate_yaml(empty)
    again = tmp_path / "again.yaml"
    again.write_text(debate_to_yaml(debate), encoding="utf-8")
    assert read_debate_yaml(again)[0] == debate
