"""The analysis report: JSON, Markdown, CSV and text, through the library and `argmap analyze`."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from argmap import load
from argmap.analysis import analyze
from argmap.cli import main
from argmap.exports.report import render, render_json, render_markdown
from argmap.graph.rdf import AM

CYCLE = """\
argmap: 1
id: cycle
title: Three claims in a ring
sources: [{id: s, title: notes}]
speakers: [{id: x, name: Xavier}, {id: y, name: Yolanda}, {id: z, name: Zoe}, {id: w, name: Walter}]
claims:
  - {id: a, text: A holds., locutions: [{speaker: x, quote: a, source: s}]}
  - {id: b, text: B holds., locutions: [{speaker: y, quote: b, source: s}]}
  - {id: c, text: C holds., locutions: [{speaker: z, quote: c, source: s}]}
  - {id: d, text: D holds., locutions: [{speaker: w, quote: d, source: s}]}
  - {id: e, text: E holds., locutions: [{speaker: w, quote: e, source: s}]}
relations:
  - {from: a, to: b, type: attacks}
  - {from: b, to: c, type: attacks}
  - {from: c, to: a, type: attacks}
  - {from: d, to: e, type: attacks}
  - {from: e, to: d, type: attacks}
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    path = tmp_path / "cycle.yaml"
    path.write_text(CYCLE, encoding="utf-8")
    return path


def test_json_names_each_semantics_per_claim(cycle: Path) -> None:
    # The odd ring a -> b -> c -> a has no stable extension and only the empty preferred one:
    # every ring claim is UNDEC everywhere. The mutual attack d <-> e has preferred and stable
    # extensions {d} and {e}: UNDEC sceptically. So: 1 preferred extension for the ring times 2
    # for the pair = 2 preferred; 0 stable for the whole framework.
    data = json.loads(render_json(analyze(load(cycle), ("grounded", "preferred", "stable"))))
    assert data["semantics"] == ["grounded", "preferred", "stable"]
    assert data["extensions"] == {"preferred": 2, "stable": 0}
    for claim in data["claims"]:
        assert (claim["grounded"], claim["preferred"], claim["stable"]) == ("UNDEC", "UNDEC", "UNDEC")
    # Xavier, Yolanda and Zoe only attack one another: three camps of one, no frustrated tie.
    # Walter only attacks himself, which ties him to nobody: he is in no camp.
    assert sorted(data["camps"]) == [["Xavier"], ["Yolanda"], ["Zoe"]] and data["unaligned"] == ["Walter"]
    assert data["balance"] == {"frustration": 0, "ties": 3, "index": 1.0}
    assert {s["name"]: s["camp"] for s in data["speakers"]}["Walter"] is None


def test_cli_json_report_on_the_flagship(flagship: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("analyze", str(flagship), "--format", "json", "--semantics", "grounded,preferred", "--semantics", "stable", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in data["claims"]}
    # The flagship's framework has no cycle: one extension, and the three semantics agree.
    assert claims["cameron-frees-artists"]["grounded"] == claims["cameron-frees-artists"]["stable"] == "OUT"
    assert claims["tung-crews-shrink"]["preferred"] == "IN"
    camp_of = {s["name"]: s["camp"] for s in data["speakers"]}
    assert [sorted(camp) for camp in data["camps"]] == [sorted(n for n, c in camp_of.items() if c == i)
                                                          for i in range(1, len(data["camps"]) + 1)]
    assert camp_of["Sam Tung"] == camp_of["Diego Mariscal"] != camp_of["Hal Watmough"]


def test_markdown_reads_as_prose_with_tables(flagship: Path) -> None:
    md = render_markdown(analyze(load(flagship)))
    assert md.startswith("# Who wins the argument\n")
    for heading in ("## The camps", "## Speakers", "## What the debate turns on", "## Claims that stand and claims that fall"):
        assert f"\n{heading}\n" in md
    paragraphs = [p for p in md.split("\n\n") if p and not p.startswith(("#", "|", "*"))]
    assert len(paragraphs) >= 4 and all(p.rstrip().endswith((".", ":", ")")) for p in paragraphs)
    tables = [p for p in md.split("\n\n") if p.startswith("|")]
    assert len(tables) >= 4
    for table in tables:
        rows = table.strip().splitlines()
        assert rows[1].startswith("|---") and len({row.count(" | ") for row in rows[2:]}) == 1, rows[:3]
    # The most contested claim is named in the prose with its speaker.
    assert "“AI will not replace people in film; it will free them to do other things.” (James Cameron)" in md


def test_csv_tables(flagship: Path) -> None:
    report = analyze(load(flagship), ("grounded", "stable"))
    claims = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(claims) == 80 and {"grounded", "stable", "strength", "controversy"} <= set(claims[0])
    speakers = list(csv.DictReader(io.StringIO(render(report, "csv", table="speakers"))))
    assert {s["name"] for s in speakers} >= {"James Cameron", "Sam Tung"} and all(s["camp"] for s in speakers)


def test_cli_text_is_the_default_and_keeps_top(mini: Path) -> None:
    result = run("analyze", str(mini), "--top", "2")
    assert result.exit_code == 0
    assert "Camps" in result.output and "Speakers" in result.output
    listed = result.output.split("by PageRank)")[1].split("Most contested")[0]
    assert sum(1 for line in listed.splitlines() if line[:4].strip().isdigit()) == 2


def test_cli_writes_annotated_rdf(mini: Path, tmp_path: Path) -> None:
    rdf = tmp_path / "annotated.ttl"
    result = run("analyze", str(mini), "--semantics", "all", "--rdf", str(rdf), "--format", "md", "-o", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(rdf)
    node = URIRef("https://w3id.org/argmap/id/mini/claim/ben-deliveries")
    assert [str(graph.value(node, p)) for p in (AM.groundedStatus, AM.preferredStatus, AM.stableStatus)] == ["OUT"] * 3


def test_cli_rejects_unknown_semantics_and_writes_nothing(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["analyze", str(mini), "--semantics", "grounded,ideal", "-o", str(out)])
    assert result.exit_code == 2 and "unknown semantics ideal" in result.output and not out.exists()
    missing = CliRunner().invoke(main, ["analyze", str(tmp_path / "nope.yaml"), "-o", str(out)])
    assert missing.exit_code != 0 and not out.exists()


def test_cli_analyzes_a_store(mini: Path, flagship: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("ingest", str(mini), str(flagship), "--store", str(store)).exit_code == 0
    result = run("analyze", str(store), "--format", "json", "--semantics", "grounded,preferred")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # Both debates, read back from the store: 80 flagship claims and 5 from mini, one set of camps.
    assert len(data["claims"]) == 85 and {"Ben Okafor", "Sam Tung"} <= {s["name"] for s in data["speakers"]}
    assert all(c["preferred"] in ("IN", "OUT", "UNDEC") for c in data["claims"])
    not_a_store = CliRunner().invoke(main, ["analyze", str(tmp_path)])
    assert not_a_store.exit_code == 1 and "not an argmap store" in not_a_store.output
