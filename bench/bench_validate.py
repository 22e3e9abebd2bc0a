"""Benchmark: SHACL validation (`argmap validate`) and lossless round trips at growing sizes on real data.

Inputs:
- the flagship debate (examples/hollywood-ai.yaml), always;
- the real QT30 maps in ../shared/data/aif-qt30/knowcomp/data/train, merged ``n`` at a time, read
  with the ``aif`` reader, when that reader is registered and the corpus is there.

    .venv/bin/python bench/bench_validate.py [--sizes 10,100,400,1400]

Prints a Markdown table: triples, seconds to load, to validate, violations by shape, and seconds
for RDF -> JSON-LD -> RDF (the compacted export read back, checked isomorphic).
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from argmap import load
from argmap.graph.formats import formats
from argmap.graph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
QT30_TRAIN = ROOT.parent / "shared" / "data" / "aif-qt30" / "knowcomp" / "data" / "train"


def measure(name: str, paths: list[Path]) -> str:
    start = time.perf_counter()
    graph = load(paths)
    loaded = time.perf_counter()
    report = validate(graph)
    validated = time.perf_counter()
    again = Graph().parse(data=formats()["jsonld"].write(graph), format="json-ld")
    same = isomorphic(again, graph)
    round_trip = time.perf_counter()
    shapes = Counter(v.shape.removeprefix("amsh:") for v in report.violations)
    top = ", ".join(f"{s} {n}" for s, n in shapes.most_common(3)) or "none"
    return (f"| {name} | {len(graph):,} | {loaded - start:.1f} | {validated - loaded:.1f} | {len(report.violations):,} ({top}) "
            f"| {round_trip - validated:.1f} ({'same graph' if same else 'DIFFERENT GRAPH'}) |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,400,1400", help="how many QT30 train maps to merge, comma-separated")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print()
    print("| input | triples | load s | validate s | violations (top shapes) | RDF -> JSON-LD -> RDF s |")
    print("|---|---|---|---|---|---|")
    print(measure("flagship (hollywood-ai.yaml)", [ROOT / "examples" / "hollywood-ai.yaml"]), flush=True)
    files = sorted(QT30_TRAIN.rglob("*.json")) if QT30_TRAIN.is_dir() else []
    if "aif" not in formats() or not files:
        print("\n(QT30 rows skipped: the aif reader or ../shared/data/aif-qt30 is missing)")
        return 0
    for n in (int(s) for s in args.sizes.split(",")):
        print(measure(f"QT30 train, {min(n, len(files))} maps merged", files[:n]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
