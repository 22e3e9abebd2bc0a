"""Hostile input at scale (issue 17): the reproductions of the hardening defects at their original
sizes, run through the command line, and a fuzzing run of every reader and writer.

1. Catalogue: each attack of the issue (expansion bombs, super-linear inputs, file leaks, formula
   and markup injection, values that used to end in a traceback, outputs onto pipes and links, a
   JSON-LD context on a loopback listener that must see no connection) as one ``argmap`` command
   in a subprocess, with a time limit. Outcome: ok, refused (exit 1-2 and a one-line message), a
   traceback, or a hang (killed at the limit); each case states the outcome it must have.
2. Fuzz: mutated copies of a debate in every readable format (as in tests/test_hostile_fuzz.py,
   many more of them), read in-process; then debates with arbitrary text written in every format
   and read back. Counted: inputs tried, refused, tracebacks, hangs (over the time budget) and
   data lost (an RDF or debate export that does not read back to the same graph).

    .venv/bin/python bench/bench_hostile.py [--fuzz N] [--yaml-mb 8]

Prints Markdown for bench/RESULTS-hostile.md; exits 1 when a case has the wrong outcome or the
fuzz run saw a traceback, a hang or lost data.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from rdflib.compare import isomorphic  # noqa: E402
from test_hostile_fuzz import BUDGET_BASE, BUDGET_PER_KB, LOSSLESS, NASTY, SEEDS, budget  # noqa: E402

from argmap.errors import ArgmapError  # noqa: E402
from argmap.graph.formats import format_named, read_files, readable_names, writable_names  # noqa: E402

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
LIMIT = 120  # seconds before a command counts as a hang
BIG_LIMIT = 900  # the same for the big debate YAML (linear, but rdflib builds ~90,000 triples per MB)
DEBATE = MINI.read_text(encoding="utf-8")


def big_yaml(megabytes: float) -> str:
    """A valid debate file of about ``megabytes`` MB: many claims, each with a locution and a relation."""
    n = int(megabytes * 1024 * 1024 / 260)
    head = "argmap: 1\nid: big\ntitle: Big\nsources: [{id: s, title: S}]\nspeakers: [{id: a, name: Alpha}, {id: b, name: Beta}]\nclaims:\n"
    claims = "".join(f"  - id: c{i}\n    text: Claim number {i} says something about the street and the shops.\n"
                     f"    locutions: [{{speaker: {'ab'[i % 2]}, source: s, quote: claim number {i}}}]\n" for i in range(n))
    relations = "relations:\n" + "".join(f"  - {{from: c{i}, to: c{i - 1}, type: {'supports' if i % 3 else 'attacks'}}}\n" for i in range(1, n))
    return head + claims + relations


def aif_wide(n: int) -> str:
    nodes = [{"nodeID": f"p{i}", "type": "I", "text": f"premise {i}"} for i in range(n)]
    nodes += [{"nodeID": f"c{i}", "type": "I", "text": f"conclusion {i}"} for i in range(n)] + [{"nodeID": "ra", "type": "RA", "text": "Default Inference"}]
    edges = [{"edgeID": f"e{i}", "fromID": f"p{i}", "toID": "ra"} for i in range(n)] + [{"edgeID": f"f{i}", "fromID": "ra", "toID": f"c{i}"} for i in range(n)]
    return json.dumps({"nodes": nodes, "edges": edges})


YAML_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)])
XML_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n'
            + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">\n' for i in range(8))
            + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&i;</ex:p></rdf:Description></rdf:RDF>\n')
BAD_YAML = {
    "date 2025-02-30": ("date: 2025-03-03", "date: 2025-02-30"),
    "complex key": ("title: Should", "? [a, b]\n: c\ntitle: Should"),
    "5,000-digit number": ("argmap: 1", "argmap: " + "9" * 5000),
    "bad !!int": ("argmap: 1", "argmap: !!int one"),
    "bad !!timestamp": ("date: 2025-03-03", "date: !!timestamp yesterday"),
    "deep nesting": ("description: A made-up", "description: " + "[" * 20000 + "]" * 20000 + "\nx: A made-up"),
    "argmap: true": ("argmap: 1", "argmap: true"),
    "NaN confidence": ("    locutions:\n      - speaker: ana", "    locutions:\n      - confidence: .nan\n        speaker: ana"),
    "NUL in a quoted text": ("title: Should Main Street go car-free?", 'title: "\\0 Should Main Street go car-free?"'),
}


class Listener:
    """A loopback listener counting connections (a JSON-LD context server that must not be called)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections, self.stop = 0, False
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


def cases(work: Path, yaml_mb: float, port: int) -> list[tuple[str, list[str], str, Path | None]]:
    """(name, argmap arguments, expected outcome, input file) for every catalogue case."""
    def file(name: str, text: str | bytes) -> Path:
        path = work / name
        path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        return path

    (work / "inbox").mkdir()
    out = str(work / "out.ttl")
    rows: list[tuple[str, list[str], str, Path | None]] = []
    add = rows.append
    bomb = file("bomb.argdown", "===\n" + YAML_BOMB + "\ntitle: *i\n===\n\n[A]: a.\n")
    add(("9: Argdown front-matter alias bomb", ["build", str(bomb), "-o", out], "refused", bomb))
    ybomb = file("bomb.yaml", YAML_BOMB + "\n" + DEBATE)
    add(("9: debate YAML alias bomb", ["build", str(ybomb), "-o", out], "refused", ybomb))
    xbomb = file("bomb.rdf", XML_BOMB)
    add(("9: RDF/XML entity bomb, build", ["build", str(xbomb), "-o", out], "refused", xbomb))
    add(("9: RDF/XML entity bomb, ingest", ["ingest", str(xbomb), "--store", str(work / "kg")], "refused", xbomb))
    wide = file("wide.json", aif_wide(40))
    add(("10: AIF RA node, 40 x 40 premises/conclusions", ["build", str(wide), "-o", out], "ok", wide))
    runs = file("runs.argdown", "[T]: " + "_a " * 16000 + "\n")
    add(("10: Argdown '_a ' x 16,000", ["build", str(runs), "-o", out], "ok", runs))
    many = file("many.argdown", "".join(f"[S{i}]: statement {i}\n\n" for i in range(8000)))
    add(("10: Argdown 8,000 statements", ["build", str(many), "-o", out], "ok", many))
    for megabytes in sorted({1, yaml_mb}):
        big = file(f"big{megabytes:g}.yaml", big_yaml(megabytes))
        add((f"10: {megabytes:g} MB debate YAML", ["build", str(big), "-o", str(work / "big.nt")], "ok", big))
    leak = file("inbox/leak.yaml", DEBATE.replace("url: https://example.org/minutes", "path: /etc/passwd")
                .replace("      - speaker: ana\n", "      - speaker: ana\n        start: 0\n        end: 4\n", 1))
    add(("7: sources[].path /etc/passwd", ["build", str(leak), "-o", out], "ok", leak))
    include = file("inbox/include.argdown", "[A]: a.\n\n@include(/etc/passwd)\n")
    add(("7: Argdown @include(/etc/passwd)", ["build", str(include), "-o", out], "refused", include))
    context = file("remote.jsonld", json.dumps({"@context": f"http://127.0.0.1:{port}/c.jsonld", "@id": "http://example.org/a", "name": "x"}))
    add(("3: JSON-LD @context on a loopback server", ["build", str(context), "-o", out], "refused", context))
    formula = file("formula.yaml", DEBATE.replace("A car-free street brings", "=cmd|' /C calc'!A0 brings"))
    add(("6: formula, export --to csv", ["export", str(formula), "--to", "csv", "-o", str(work / "f.zip")], "ok", formula))
    add(("6: formula, analyze --format csv", ["analyze", str(formula), "--format", "csv", "-o", str(work / "f.csv")], "ok", formula))
    add(("6: formula, query --format csv", ["query", str(formula), "--format", "csv", "-o", str(work / "q.csv"),
                                            "SELECT ?t WHERE { ?c <https://w3id.org/argmap/ns#text> ?t }"], "ok", formula))
    script = file("script.yaml", DEBATE.replace("A car-free street brings", "<script>alert(1)</script> brings"))
    add(("14: <script> in analyze --format md", ["analyze", str(script), "--format", "md", "-o", str(work / "r.md")], "ok", script))
    for name, (old, new) in BAD_YAML.items():
        bad = file(f"bad-{len(rows)}.yaml", DEBATE.replace(old, new, 1))
        add((f"14: {name}", ["build", str(bad), "-o", out], "refused", bad))
    for i in range(1500):
        file(f"chain{i}.argdown", f"[S{i}]: s{i}\n\n@include(chain{i + 1}.argdown)\n" if i < 1499 else "[End]: end\n")
    add(("14: 1,500-file include chain", ["build", str(work / "chain0.argdown"), "-o", out], "refused", work / "chain0.argdown"))
    blocker = file("blocker", "a file")
    add(("14: output folder is a file", ["build", str(MINI), "-o", str(blocker / "out.ttl")], "refused", MINI))
    add(("14: store folder under a file", ["ingest", str(MINI), "--store", str(blocker / "kg")], "refused", MINI))
    for ch in ("\x00", "\x1b", "\ufffe", "\ud800"):
        aif = file(f"char-{ord(ch):x}.json", json.dumps({"nodes": [{"nodeID": "1", "type": "I", "text": f"a{ch}b"}], "edges": []}))
        add((f"11: U+{ord(ch):04X} in AIF text", ["build", str(aif), "--format", "graphml", "-o", str(work / "x.graphml")], "refused", aif))
    link_target = file("target.ttl", "old")
    os.chmod(link_target, 0o600)
    (work / "link.ttl").symlink_to(link_target)
    add(("4: -o onto a symlink (target 0600)", ["build", str(MINI), "-o", str(work / "link.ttl")], "ok", MINI))
    add(("4: -o - (stdout)", ["build", str(MINI), "--format", "nt", "-o", "-"], "ok", MINI))
    return rows


def run_case(argv: list[str], cwd: Path) -> tuple[str, float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    limit = BIG_LIMIT if any(a.endswith("big.nt") for a in argv) else LIMIT
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "argmap", *argv], capture_output=True, text=True, timeout=limit, cwd=cwd, env=env,
                              errors="replace")
    except subprocess.TimeoutExpired:
        return "hang", time.perf_counter() - start, f"killed after {limit} s"
    seconds = time.perf_counter() - start
    message = (done.stderr.strip().splitlines() or [""])[-1]
    if "Traceback" in done.stderr:
        return "traceback", seconds, message
    return ("ok" if done.returncode == 0 else "refused"), seconds, message


def catalogue(yaml_mb: float) -> tuple[list[str], int]:
    listener = Listener()
    bad = 0
    lines = ["| case | input | seconds | outcome | message |", "|---|---:|---:|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, argv, expected, source in cases(work, yaml_mb, listener.port):
            outcome, seconds, message = run_case(argv, work)
            size = source.stat().st_size if source is not None else 0
            right = outcome == expected
            bad += not right
            message = message.replace(str(work) + "/", "").replace("|", "\\|")[:110]
            lines.append(f"| {name} | {size:,} B | {seconds:.1f} | {outcome}{'' if right else ' (expected ' + expected + ')'} | {message} |")
        target = work / "target.ttl"
        mode_kept = stat.S_IMODE(target.stat().st_mode) == 0o600 and (work / "link.ttl").is_symlink()
        leaked = any("root:" in line for line in lines)
    listener.close()
    bad += (not mode_kept) + leaked + (listener.connections > 0)
    lines += ["", f"Symlink kept and its target's mode 0600 kept: {'yes' if mode_kept else 'NO'}; "
              f"connections seen by the loopback context server: {listener.connections}; "
              f"/etc/passwd content in any message: {'YES' if leaked else 'no'}."]
    return lines, bad


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        start = rng.randint(0, len(out))
        end = min(len(out), start + rng.randint(0, 40))
        roll = rng.random()
        if roll < 0.3:
            piece = bytes(rng.randrange(256) for _ in range(rng.randint(0, 30)))
        elif roll < 0.6:
            piece = rng.choice(NASTY) * rng.choice([1, 1, 10, 400])
        else:
            piece = bytes(out[start:end]) * rng.randint(2, 50)
        out[start:end] = piece
    return bytes(out)


def fuzz(n: int) -> tuple[list[str], int]:
    """Read ``n`` mutated files per readable format; write ``n`` hostile debates in every format."""
    rng = random.Random(17)
    counts: Counter = Counter()
    examples: dict[str, str] = {}
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for fmt in readable_names():
            path = work / f"input{format_named(fmt).extension}"
            for _ in range(n):
                path.write_bytes(mutate(rng, SEEDS[fmt]))
                counts["inputs"] += 1
                start = time.perf_counter()
                try:
                    read_files([path], fmt)
                    counts["read"] += 1
                except ArgmapError:
                    counts["refused"] += 1
                except Exception:  # noqa: BLE001  (what the run counts)
                    counts["tracebacks"] += 1
                    examples.setdefault(f"traceback in {fmt}", traceback.format_exc().strip().splitlines()[-1])
                elapsed = time.perf_counter() - start
                slowest = max(slowest, elapsed / (BUDGET_BASE + BUDGET_PER_KB * path.stat().st_size / 1024))
                if elapsed > budget(path.stat().st_size):
                    counts["hangs"] += 1
        lost = writers(rng, n, work, counts, examples)
    lines = ["| inputs tried | read | refused (message) | tracebacks | hangs (over budget) | debates written | exports written | data lost |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {counts['inputs']:,} | {counts['read']:,} | {counts['refused']:,} | {counts['tracebacks']} | {counts['hangs']} | "
             f"{counts['debates']:,} | {counts['exports']:,} | {lost} |", "",
             f"Slowest read: {100 * slowest:.1f} % of its budget ({BUDGET_BASE:g} s + {BUDGET_PER_KB:g} s per KB)."]
    lines += [f"- {k}: {v}" for k, v in examples.items()]
    return lines, counts["tracebacks"] + counts["hangs"] + lost


HOSTILE = ["=1+1", "@SUM(1)", "<script>alert(1)</script>", "x\u2028y", "x\x85y", "[A]: <B> #t {x: 1}", "_a " * 50, "-5", "&lt;", "]]>", "\\",
           "\"'", "é ü ß 中文 🙂", "a\tb\nc", "*", "#(tag)", "+> x", "// c", "<!-- c"]


def writers(rng: random.Random, n: int, work: Path, counts: Counter, examples: dict[str, str]) -> int:
    import yaml

    lost = 0
    for i in range(n):
        texts = ["".join(rng.choice(HOSTILE) if rng.random() < 0.5 else chr(rng.choice([rng.randint(32, 0x2FFF), rng.randint(0x1F300, 0x1F6FF)]))
                         for _ in range(rng.randint(1, 6))) for _ in range(6)]
        document = {"argmap": 1, "id": "fuzz", "title": texts[0], "sources": [{"id": "s", "title": texts[1]}],
                    "speakers": [{"id": "a", "name": texts[2]}, {"id": "b", "name": texts[3]}],
                    "claims": [{"id": "c1", "text": texts[4], "locutions": [{"speaker": "a", "source": "s", "quote": texts[4]}]},
                               {"id": "c2", "text": texts[5], "locutions": [{"speaker": "b", "source": "s", "quote": texts[5]}]}],
                    "relations": [{"from": "c2", "to": "c1", "type": rng.choice(["supports", "attacks", "undercuts"])}]}
        source = work / f"debate{i}.yaml"
        source.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            graph = read_files([source])
        except ArgmapError:
            counts["refused debates"] += 1
            continue
        counts["debates"] += 1
        for fmt in writable_names():
            try:
                written = format_named(fmt, reading=False).write(graph)
                counts["exports"] += 1
                if fmt not in readable_names():
                    continue
                again = work / f"again{format_named(fmt).extension}"
                again.write_bytes(written.encode("utf-8") if isinstance(written, str) else written)
                back = read_files([again], fmt)
                if fmt in LOSSLESS and not isomorphic(back, graph):
                    lost += 1
                    examples.setdefault(f"lost in {fmt}", repr(texts))
            except Exception as exc:  # noqa: BLE001  (what the run counts)
                counts["tracebacks"] += 1
                examples.setdefault(f"{type(exc).__name__} writing {fmt}", f"{' '.join(str(exc).split())[:120]} for {texts!r}"[:200])
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=500, help="mutated inputs per reader, and debates written (default 500)")
    parser.add_argument("--yaml-mb", type=float, default=8, help="size of the big debate YAML (default 8 MB, as in the issue)")
    args = parser.parse_args()
    start = time.perf_counter()
    table, wrong = catalogue(args.yaml_mb)
    fuzzed, failures = fuzz(args.fuzz)
    peak = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN).ru_maxrss / 1024
    print("# Hostile input: the hardening defects at scale, and fuzzing\n")
    print("Command (from the repository root):\n")
    print(f"    .venv/bin/python bench/bench_hostile.py --fuzz {args.fuzz} --yaml-mb {args.yaml_mb:g}\n")
    print(f"One run on the 2-core development machine while other test suites ran; Python {platform.python_version()}, "
          f"{platform.machine()}; {time.perf_counter() - start:.0f} s in all, peak memory of a command {peak:,.0f} MB. "
          f"A command is a hang after {LIMIT} s ({BIG_LIMIT} s for the big debate YAML).\n")
    print("## The defects of issue 17, through the command line\n")
    print("\n".join(table) + "\n")
    print(f"Cases with the wrong outcome: {wrong}.\n")
    print("## Fuzzing every reader and writer\n")
    print(f"{args.fuzz} mutated copies of the mini debate per readable format ({', '.join(readable_names())}), read in-process; "
          f"then {args.fuzz} debates with hostile text (formula starts, markup, Argdown syntax, line separators, emoji) "
          f"written in every format ({', '.join(writable_names())}) and the readable ones read back; data lost counts RDF "
          "exports that do not read back to the same graph.\n")
    print("\n".join(fuzzed))
    return 1 if wrong or failures else 0


if __name__ == "__main__":
    sys.exit(main())
