"""`argmap analyze STORE` on all of QT30: through SPARQL projections vs reading the store into rdflib.

    .venv/bin/python bench/bench_store_analysis.py --store /tmp/qt30kg     # made once with:
    .venv/bin/argmap ingest ../shared/data/aif-qt30/knowcomp/data/*/*/*.json --store /tmp/qt30kg

Each way runs in a fresh process; the table gives its wall time, CPU time (user + system) and peak
memory (maximum resident set size), and what it found (claims, speakers after merging people,
camps). "projections" is what `argmap analyze STORE` does (analysis.triples: a few SELECTs, no
rdflib graph); "whole graph" is the way before (`analyze(load(STORE))`).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAYS = {
    "projections (argmap analyze STORE)": "from argmap.store import open_store; s = open_store(STORE, read_only=True); r = analyze(s)",
    "whole graph (analyze(load(STORE)), before)": "from argmap import load; r = analyze(load(STORE))",
}
PROBE = """
import json, logging, resource, sys
logging.disable(logging.WARNING)
from argmap.analysis import analyze
STORE = sys.argv[1]
{way}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"claims": len(r.claims), "speakers": len(r.speakers), "camps": len(r.camps), "rss_mb": peak}}))
"""


def run(way: str, store: str) -> dict[str, float | int]:
    """Run one way in a fresh interpreter; its wall and CPU seconds, peak RSS and findings."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE.format(way=way), store], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, **json.loads(done.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="a store holding all of QT30 (see the module doc)")
    args = parser.parse_args()
    print("| way | wall | CPU | peak memory | claims | speakers (people) | camps |")
    print("|---|---|---|---|---|---|---|")
    for name, way in WAYS.items():
        r = run(way, args.store)
        print(f"| {name} | {r['wall']:.1f} s | {r['cpu']:.1f} s | {r['rss_mb']:.0f} MB | {r['claims']:,} | {r['speakers']:,} | {r['camps']} |")


if __name__ == "__main__":
    main()
