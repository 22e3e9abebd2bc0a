"""Hostile input (issue 17): one test per defect argmap had, each failing on the code before the fix.

Defects 3, 4, 6, 7, 9, 10, 11, 12 and 14 of the issue; the endpoint's (1, 2, 13), the remote store
client's (5) and the quote extractor's (15) are tested with those parts. Nothing here touches
``/dev/null`` or the network: a FIFO stands for a device, a loopback listener for a web server.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from argmap.cli import main
from argmap.errors import InputError, OutputError
from argmap.graph.formats import read_files
from argmap.graph.formats.aif import read_aif
from argmap.graph.formats.argdown import read_argdown
from argmap.graph.formats.rdf import CONTEXT_URLS
from argmap.graph.formats.yaml import read_debate_yaml
from argmap.graph.rdf import AM, sorted_ntriples
from argmap.io import write_atomic

ROOT = Path(__file__).resolve().parents[1]

DEBATE = """argmap: 1
id: hostile
title: Hostile
sources: [{id: s, title: S}]
speakers: [{id: a, name: Alpha}]
claims:
  - id: c1
    text: TEXT
    locutions: [{speaker: a, source: s, quote: q}]
"""


def debate(tmp_path: Path, text: str = "plain", name: str = "debate.yaml", body: str = DEBATE) -> Path:
    path = tmp_path / name
    path.write_text(body.replace("TEXT", json.dumps(text)), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    """Run the CLI; a traceback (an exception other than exit) fails the test."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


# ----------------------------------------------------------------- 3: JSON-LD contexts not fetched


class Listener:
    """A loopback TCP listener that records whether anyone connected."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.socket.close()


def test_a_jsonld_context_url_is_never_fetched(tmp_path: Path) -> None:
    listener = Listener()
    try:
        doc = tmp_path / "remote.jsonld"
        doc.write_text(json.dumps({"@context": f"http://127.0.0.1:{listener.port}/context.jsonld",
                                   "@id": "http://example.org/a", "name": "x"}), encoding="utf-8")
        with pytest.raises(InputError, match="fetches nothing") as error:
            read_files([doc])
        assert error.value.field == "@context"
        code, output = run("validate", str(doc))
        assert code != 0 and "fetches nothing" in output
        nested = tmp_path / "nested.jsonld"
        nested.write_text(json.dumps({"@context": [{"@import": f"http://127.0.0.1:{listener.port}/x"}], "@id": "http://example.org/a"}))
        with pytest.raises(InputError, match="fetches nothing"):
            read_files([nested])
    finally:
        listener.close()
    assert listener.connections == 0


def test_argmaps_own_context_comes_from_the_package(tmp_path: Path) -> None:
    doc = tmp_path / "ours.jsonld"
    doc.write_text(json.dumps({"@context": CONTEXT_URLS[0], "id": "http://example.org/c", "type": "Claim", "text": "offline"}))
    graph = read_files([doc])
    assert Literal("offline") in set(graph.objects(None, AM.text))


# ----------------------------------------------------------------- 4: -o writes through, keeps modes


def test_output_follows_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_new_output_honours_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_output_to_a_pipe_is_written_through(tmp_path: Path, mini: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _ = run("build", str(mini), "--format", "nt", "-o", str(fifo))
    reader.join(timeout=30)
    assert code == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].count(b"\n") > 100


def test_output_to_a_character_device_is_written_through(tmp_path: Path, mini: Path) -> None:
    device = tmp_path / "null"  # a private copy of /dev/null: the real one is never a test's target
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("creating a device node needs CAP_MKNOD")
    code, _ = run("build", str(mini), "--format", "nt", "-o", str(device))
    assert code == 0 and stat.S_ISCHR(device.stat().st_mode)


def test_a_link_to_standard_output_on_a_pipe_is_written_through(tmp_path: Path, mini: Path) -> None:
    stdout = tmp_path / "stdout"  # what /dev/stdout is; the real one is never a test's target
    stdout.symlink_to("/proc/self/fd/1")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "argmap", "build", str(mini), "--format", "nt", "-o", str(stdout)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") > 100 and stdout.is_symlink()


def test_dash_means_standard_output(tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("build", str(mini), "--format", "nt", "-o", "-")
    assert code == 0 and output.count("\n") > 100
    code, turtle = run("build", str(mini), "-o", "-")
    assert code == 0 and turtle.startswith("@prefix")
    assert not (tmp_path / "-").exists()


def _interrupted_write(tmp_path: Path, sig: int) -> list[str]:
    """Start a write that stalls before its rename, send ``sig``, and list what is left in the folder."""
    script = (
        "import os, sys, time\n"
        "from argmap import io\n"
        "os.fsync = lambda fd: (print('writing', flush=True), time.sleep(60))\n"
        "io.write_atomic(sys.argv[1], 'x' * 100000)\n"
    )
    target = tmp_path / "out.nt"
    target.write_text("old")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"writing"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert target.read_text() == "old"
    return sorted(p.name for p in tmp_path.iterdir())


def test_sigterm_mid_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    assert _interrupted_write(tmp_path, signal.SIGTERM) == ["out.nt"]


def test_sigkill_mid_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    from argmap.io import _replace_unnamed

    if not _replace_unnamed(tmp_path / "probe", b"", 0o600):
        pytest.skip("this file system has no unnamed temporary files (O_TMPFILE)")
    (tmp_path / "probe").unlink()
    assert _interrupted_write(tmp_path, signal.SIGKILL) == ["out.nt"]


def test_an_unwritable_output_is_a_message_not_a_traceback(tmp_path: Path, mini: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "out.nt", "x")
    code, output = run("build", str(mini), "-o", str(blocker / "out.nt"))
    assert code == 1 and "cannot write" in output


def test_an_unusable_store_folder_is_a_message_not_a_traceback(tmp_path: Path, mini: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    code, output = run("ingest", str(mini), "--store", str(blocker / "kg"))
    assert code == 1 and "cannot open or create the store" in output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_a_message_not_a_traceback(tmp_path: Path, mini: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, output = run("build", str(mini), "-o", str(locked / "out.ttl"))
        assert code == 1 and "cannot write" in output
        code, output = run("ingest", str(mini), "--store", str(locked / "kg"))
        assert code == 1 and "cannot open or create the store" in output
    finally:
        locked.chmod(0o700)


# ----------------------------------------------------------------- 6: CSV formula injection

FORMULAS = ("=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-2+3")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_outputs_neutralise_formulas(tmp_path: Path, formula: str) -> None:
    path = debate(tmp_path, formula)
    code, _ = run("export", str(path), "--to", "csv", "-o", str(tmp_path / "out.zip"))
    assert code == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        exported = _cells(archive.read("nodes.csv").decode("utf-8"))
    code, analysed = run("analyze", str(path), "--format", "csv")
    assert code == 0
    code, queried = run("query", str(path), "--format", "csv", "SELECT ?t WHERE { ?c <https://w3id.org/argmap/ns#text> ?t }")
    assert code == 0
    for cells in (exported, _cells(analysed), _cells(queried)):
        assert "'" + formula in cells and formula not in cells
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# ----------------------------------------------------------------- 7: no local files from untrusted input


def test_a_source_path_outside_the_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE and more", encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    body = DEBATE.replace("sources: [{id: s, title: S}]", f"sources: [{{id: s, title: S, path: {secret}}}]")
    body = body.replace("quote: q}", "quote: q, start: 0, end: 1}")
    path = debate(tmp_path / "inbox", "x", body=body)
    debate_read, _ = read_debate_yaml(path)  # not read, so the offsets are not checked against it
    assert debate_read.sources[0].path == str(secret)
    relative = debate(tmp_path / "inbox", "x", "relative.yaml", body.replace(str(secret), "../secret.txt"))
    read_debate_yaml(relative)
    inside = tmp_path / "inbox" / "text.txt"
    inside.write_text("TOP-SECRET-LINE")
    with pytest.raises(InputError, match="offsets 0-1"):
        read_debate_yaml(debate(tmp_path / "inbox", "x", "inside.yaml", body.replace(str(secret), "text.txt")))


def test_an_argdown_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.argdown"
    secret.write_text("[Secret]: TOP-SECRET-LINE\n", encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    for target in (str(secret), "../secret.argdown"):
        doc = tmp_path / "inbox" / "doc.argdown"
        doc.write_text(f"[A]: a claim.\n\n@include({target})\n", encoding="utf-8")
        with pytest.raises(InputError, match="outside the input's folder") as error:
            read_argdown(doc)
        assert "TOP-SECRET" not in str(error.value) and error.value.line == 3
    graph = read_argdown(doc, include_root=tmp_path)  # allowed explicitly
    assert Literal("TOP-SECRET-LINE") in set(graph.objects(None, AM.text))


# ----------------------------------------------------------------- 9: expansion bombs

YAML_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
                       f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)])


def test_yaml_alias_bombs_are_refused(tmp_path: Path) -> None:
    front = tmp_path / "bomb.argdown"
    front.write_text("===\n" + YAML_BOMB + "\ntitle: *i\n===\n\n[A]: a.\n", encoding="utf-8")
    assert front.stat().st_size < 600
    with pytest.raises(InputError, match="expand"):
        read_argdown(front)
    data = tmp_path / "data.argdown"
    data.write_text("[A]: a. {a: &a [x, x, x, x, x, x, x, x], b: &b [*a, *a, *a, *a, *a, *a, *a, *a], c: &c [*b, *b, *b, *b, *b, *b, *b, *b],"
                    " d: &d [*c, *c, *c, *c, *c, *c, *c, *c], e: [*d, *d, *d, *d, *d, *d, *d, *d]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="expand"):
        read_argdown(data)
    yaml_file = tmp_path / "bomb.yaml"
    yaml_file.write_text(YAML_BOMB + "\nargmap: 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="expand"):
        read_debate_yaml(yaml_file)


def test_xml_entity_bombs_are_refused(tmp_path: Path) -> None:
    entities = ['<!ENTITY e0 "' + "x" * 1000 + '">'] + [f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">' for i in range(1, 4)]
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(entities)}\n]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
                    '<rdf:Description rdf:about="http://example.org/a"><ex:p>' + "&e3;" * 20 + "</ex:p></rdf:Description></rdf:RDF>\n")
    with pytest.raises(InputError, match="entity bomb"):
        read_files([bomb])
    code, output = run("ingest", str(bomb), "--store", str(tmp_path / "kg"))
    assert code != 0 and "entity bomb" in output


def test_xml_abbreviation_entities_still_read(tmp_path: Path) -> None:
    owl = tmp_path / "owl.rdf"
    owl.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY ex "http://example.org/">\n]>\n'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="&ex;">'
                   '<rdf:Description rdf:about="&ex;a"><ex:p>v</ex:p></rdf:Description></rdf:RDF>\n')
    assert len(read_files([owl])) == 1


# ----------------------------------------------------------------- 10: readers in (near) linear time


def test_an_aif_node_with_many_premises_and_conclusions_stays_linear(tmp_path: Path) -> None:
    n = 12
    nodes = [{"nodeID": f"p{i}", "type": "I", "text": f"premise {i}"} for i in range(n)]
    nodes += [{"nodeID": f"c{i}", "type": "I", "text": f"conclusion {i}"} for i in range(n)] + [{"nodeID": "ra", "type": "RA", "text": "Default Inference"}]
    edges = [{"edgeID": f"e{i}", "fromID": f"p{i}", "toID": "ra"} for i in range(n)] + [{"edgeID": f"f{i}", "fromID": "ra", "toID": f"c{i}"} for i in range(n)]
    path = tmp_path / "wide.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}))
    graph, _ = read_aif(path)
    # premises are linked per conclusion (am:jointWith: "the two relations have the same target")
    assert len(list(graph.triples((None, AM.jointWith, None)))) == n * n * (n - 1)


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def test_argdown_emphasis_runs_and_many_statements_read_fast(tmp_path: Path) -> None:
    runs = tmp_path / "runs.argdown"
    runs.write_text("[T]: " + "_a " * 16000 + "\n", encoding="utf-8")
    many = tmp_path / "many.argdown"
    many.write_text("".join(f"[S{i}]: statement {i} #tag\n\n" for i in range(8000)), encoding="utf-8")
    assert _timed(read_argdown, runs) < 10  # took 27 s before; a generous budget, not a benchmark
    assert _timed(read_argdown, many) < 30  # took 45 s before


def test_yaml_is_read_with_libyaml_when_installed() -> None:
    from argmap.graph.formats import _common

    assert _common._SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ----------------------------------------------------------------- 11: text no export can hold


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\ufffe", "\ud800"])
def test_text_no_export_can_hold_is_refused_at_read_time(tmp_path: Path, character: str) -> None:
    aif = tmp_path / "bad.json"
    aif.write_text(json.dumps({"nodes": [{"nodeID": "1", "type": "I", "text": f"a{character}b"}], "edges": []}), encoding="utf-8")
    with pytest.raises(InputError, match=f"U\\+{ord(character):04X}") as error:
        read_files([aif])
    assert error.value.field and "text" in error.value.field
    escaped = json.dumps(f"a{character}b")  # YAML reads JSON escapes in double quotes
    with pytest.raises(InputError, match=f"U\\+{ord(character):04X}|invalid Unicode"):
        read_files([debate(tmp_path, "x", body=DEBATE.replace("TEXT", escaped))])


@pytest.mark.parametrize("character", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1c"])
def test_line_separators_survive_n_triples(tmp_path: Path, character: str) -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/c"), AM.text, Literal(f"one{character}two")))
    out = tmp_path / "out.nt"
    out.write_text(sorted_ntriples(graph), encoding="utf-8")
    again = Graph().parse(out, format="nt")
    assert Literal(f"one{character}two") in set(again.objects(None, AM.text))


# ----------------------------------------------------------------- 12: AIF ids stay distinct


def test_aif_node_ids_differing_in_punctuation_stay_distinct(tmp_path: Path) -> None:
    ids = ["a b", "a_b", "a.b", "5", "-5", "x/y"]
    nodes = [{"nodeID": i, "type": "I", "text": f"claim {n}"} for n, i in enumerate(ids)]
    path = tmp_path / "ids.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": []}))
    graph, _ = read_aif(path)
    assert len(set(graph.subjects(AM.text, None))) == len(ids)
    from argmap.graph.formats.aif import write_aif

    written = json.loads(write_aif(graph))
    assert sorted(n["nodeID"] for n in written["nodes"] if n["type"] == "I") == sorted(ids)


# ----------------------------------------------------------------- 14: messages, not tracebacks

BAD_VALUES = {
    "impossible date": ("sources: [{id: s, title: S}]", "sources: [{id: s, title: S, date: 2025-02-30}]", "sources[0].date"),
    "complex key": ("title: Hostile", "title: Hostile\n? [a, b]\n: c", "(top level)"),
    "5,000-digit number": ("quote: q}", "quote: q, start: " + "9" * 5000 + ", end: 1}", "start"),
    "bad !!int": ("quote: q}", "quote: q, start: !!int x, end: 1}", "start"),
    "bad !!timestamp": ("sources: [{id: s, title: S}]", "sources: [{id: s, title: S, date: !!timestamp x}]", "sources[0].date"),
    "argmap: true": ("argmap: 1", "argmap: true", "argmap"),
    "NaN confidence": ("quote: q}", "quote: q, confidence: .nan}", "confidence"),
    "confidence above 1": ("quote: q}", "quote: q, confidence: 7}", "confidence"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_yaml_values_are_reported_by_file_line_and_field(tmp_path: Path, case: str) -> None:
    old, new, field = BAD_VALUES[case]
    path = debate(tmp_path, "x", body=DEBATE.replace(old, new))
    with pytest.raises(InputError) as error:
        read_debate_yaml(path)
    assert error.value.line is not None and field in (error.value.field or ""), str(error.value)
    code, output = run("build", str(path))
    assert code == 1 and str(path) in output


def test_deep_nesting_is_reported(tmp_path: Path) -> None:
    deep = debate(tmp_path, "x", body=DEBATE.replace("title: Hostile", "title: Hostile\ndescription: " + "[" * 5000 + "]" * 5000))
    with pytest.raises(InputError, match="nest"):
        read_debate_yaml(deep)
    aif = tmp_path / "deep.json"
    aif.write_text('{"nodes": ' + "[" * 100000 + "]" * 100000 + ', "edges": []}')
    with pytest.raises(InputError, match="nested"):
        read_files([aif])


def test_long_include_chains_are_reported(tmp_path: Path) -> None:
    for i in range(1500):
        (tmp_path / f"f{i}.argdown").write_text(f"[S{i}]: statement {i}\n\n@include(f{i + 1}.argdown)\n" if i < 1499 else "[End]: end\n")
    with pytest.raises(InputError, match="nest more than"):
        read_argdown(tmp_path / "f0.argdown")


def test_markdown_report_escapes_html(tmp_path: Path) -> None:
    path = debate(tmp_path, "<script>alert(1)</script> & more")
    code, output = run("analyze", str(path), "--format", "md")
    assert code == 0 and "<script>" not in output and "&lt;script&gt;" in output
