"""The command line as a user meets it: outputs, formats, exit codes, messages, nothing half-written."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from rdflib.compare import isomorphic

from argmap import load
from argmap.cli import main
from argmap.graph.formats.yaml import read_debate_yaml


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_each_rdf_format(mini: Path, tmp_path: Path) -> None:
    for fmt, ext in (("turtle", "ttl"), ("nt", "nt"), ("jsonld", "jsonld"), ("xml", "rdf")):
        out = tmp_path / f"m.{ext}"
        result = run("build", str(mini), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert f"wrote {out}" in result.stderr and "5 claims" in result.stderr
        assert isomorphic(load(out), load(mini)), fmt
    stdout = run("build", str(mini), "--format", "nt")
    assert stdout.exit_code == 0 and stdout.stdout.count("\n") == len(load(mini))


def test_query_named_and_raw_with_formats(mini: Path) -> None:
    table = run("query", str(mini), "who-attacks-whom")
    assert table.exit_code == 0 and "Ben Okafor" in table.stdout and "(3 rows)" in table.stdout
    raw = run("query", str(mini), "SELECT ?s WHERE { ?s a am:Speaker }", "--format", "csv")
    rows = list(csv.reader(io.StringIO(raw.stdout)))
    debate, _ = read_debate_yaml(mini)
    assert rows[0] == ["s"] and len(rows) == 1 + len(debate.speakers)
    bound = run("query", str(mini), "claims-by-speaker", "--bind", "name=Ben Okafor", "--format", "tsv")
    assert len(bound.stdout.splitlines()) == 1 + sum(1 for c in debate.claims for l in c.locutions if l.speaker == "ben")


def test_malformed_query_exits_2(mini: Path) -> None:
    result = run("query", str(mini), "SELECT ?x WHERE {")
    assert result.exit_code == 2 and "does not parse" in result.stderr


def test_analyze_ranks_speakers_and_claims(mini: Path) -> None:
    result = run("analyze", str(mini))
    assert result.exit_code == 0
    for name in ("Ana Ruiz", "Ben Okafor", "Town Council", "Some residents"):
        assert name in result.stdout


def test_map_writes_one_html_file(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = run("map", str(mini), "-o", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_bad_input_names_file_line_field_and_writes_nothing(mini: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini.read_text(encoding="utf-8").replace("  - from: council-loading", "  - from: nowhere"), encoding="utf-8")
    out = tmp_path / "out.ttl"
    out.write_text("previous content", encoding="utf-8")
    for command in (["build", str(bad), "-o", str(out)], ["map", str(bad), "-o", str(out)]):
        result = run(*command)
        assert result.exit_code == 1
        assert f"{bad}:" in result.stderr and "relations[1].from: relation to a missing claim 'nowhere'" in result.stderr
        assert out.read_text(encoding="utf-8") == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.ttl"]


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "debate.txt"
    odd.write_text("x", encoding="utf-8")
    assert "cannot tell the format" in run("build", str(odd)).stderr
    missing = run("build", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_console_script_exits_non_zero_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\nid: x\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "argmap.cli", "build", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{bad}:1: (top level): missing required field 'title'" in proc.stderr
