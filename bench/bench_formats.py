"""Benchmark and whole-corpus check of the format readers and writers.

1. AIF: every file of ../shared/data/aif-qt30 and aif-moral-maze-6064 (1,491) is read, and its
   counts by node and edge type are checked against a direct count of its JSON (the same check
   ``tests/test_formats_aif.py`` runs on a sample); noise edges are totalled.
2. Scale: all 1,478 QT30 maps (knowcomp/) loaded into one graph, speakers merged across them,
   analysed (argmap.analysis) and exported to every graph format and to AIF.
3. Kialo: every shared export read; Argdown: every shared file read (when the reader is there).

    .venv/bin/python bench/bench_formats.py [--skip-scale]

Prints Markdown (seconds per step, one run each) for bench/RESULTS-formats.md; exits non-zero
when a count does not match.
"""
from __future__ import annotations

import argparse
import logging
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from test_formats_aif import direct_counts, graph_counts  # noqa: E402  (the test's independent count)

from argmap import analysis, load  # noqa: E402
from argmap.analysis.speakers import merge_speakers  # noqa: E402
from argmap.graph.formats import formats, readable_names  # noqa: E402
from argmap.graph.formats.aif import read_aif  # noqa: E402


def timed(label: str, rows: list[tuple[str, float, str]], fn, note=lambda result: ""):
    start = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - start, note(result)))
    print(f"  {label}: {rows[-1][1]:.1f} s {rows[-1][2]}", file=sys.stderr)
    return result


def aif_corpus(rows: list) -> int:
    files = sorted(p for d in ("aif-qt30", "aif-moral-maze-6064") for p in (SHARED / d).rglob("*.json") if p.name != "PROVENANCE.json")
    mismatches, noise, totals = [], Counter(), Counter()

    def run() -> None:
        for path in files:
            graph, report = read_aif(path)
            expected = direct_counts(path)
            got = graph_counts(graph)
            totals.update(got)
            if got != Counter({k: v for k, v in expected.items() if k != "noise"}) or sum(report.noise_edges.values()) != expected["noise"]:
                mismatches.append(path.name)
            noise.update(report.noise_edges)

    timed(f"AIF: read and count-check {len(files)} files", rows, run,
          lambda _: f"{len(files) - len(mismatches)}/{len(files)} match; " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
          + f"; noise edges skipped {sum(noise.values())} ({', '.join(f'{k} {v}' for k, v in noise.most_common(4))}, ...)")
    for name in mismatches:
        print(f"MISMATCH {name}", file=sys.stderr)
    return len(mismatches)


def scale(rows: list) -> None:
    files = sorted((SHARED / "aif-qt30" / "knowcomp").rglob("*.json"))
    graph = timed(f"load {len(files)} QT30 maps into one graph", rows, lambda: load(files), lambda g: f"{len(g):,} triples")
    report = timed("merge speakers across the maps", rows, lambda: merge_speakers(graph),
                   lambda r: f"{sum(len(p.speakers) for p in r.people):,} speakers -> {len(r.people):,} people, {len(r.merges):,} merges")
    timed("analyse (grounded, DF-QuAD, PageRank, betweenness k=200, camps)", rows,
          lambda: analysis.analyze(graph, betweenness_sample=200), lambda r: f"{len(r.claims):,} claims, {len(r.speakers):,} speakers")
    for name in ("graphml", "gexf", "csv", "dot", "aif"):
        timed(f"export {name}", rows, lambda n=name: formats()[n].write(graph), lambda out: f"{len(out) / 1e6:.1f} MB")
    del report


def others(rows: list) -> None:
    kialo = sorted(p for p in (SHARED / "kialo").rglob("*.txt") if not p.name.startswith("LICENSE"))
    timed(f"Kialo: read {len(kialo)} exports", rows, lambda: [load(p, "kialo") for p in kialo],
          lambda gs: f"{sum(len(g) for g in gs):,} triples")
    if "argdown" in readable_names():
        files = sorted((SHARED / "argdown").rglob("*.argdown"))

        def read_all() -> Counter:
            outcome = Counter()
            for p in files:
                try:
                    load(p, "argdown")
                    outcome["read"] += 1
                except Exception:  # noqa: BLE001  (counted: the reference rejects some files too)
                    outcome["rejected"] += 1
            return outcome

        timed(f"Argdown: read {len(files)} files", rows, read_all, lambda c: ", ".join(f"{k} {v}" for k, v in sorted(c.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-scale", action="store_true", help="skip loading all QT30 maps into one graph")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: nothing to benchmark", file=sys.stderr)
        return 0
    logging.disable(logging.WARNING)
    rows: list[tuple[str, float, str]] = []
    mismatches = aif_corpus(rows)
    if not args.skip_scale:
        scale(rows)
    others(rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Python {platform.python_version()}, {platform.machine()}, peak memory {peak:,.0f} MB\n")
    print("| step | seconds | result |\n|---|---:|---|")
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.1f} | {note} |")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
