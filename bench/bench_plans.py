"""Store plans derived by argmap.sparql.plan against the hand-written plans they replaced
(argmap/ontology/queries/oxigraph/NAME.rq at commit 71e7b63), on one store on disk.

    .venv/bin/python bench/bench_plans.py --debates 100 --claims 500 --runs 3

Data as in bench_store.py (its generator). For each named query: the query's own text, the
hand-written plan and the derived plan, each run by pyoxigraph with rows iterated (median of
--runs), after checking that the derived plan gives the query's rows in its order. The named
queries are those of commit --before (the texts the hand plans were written for). Then today's
named query through `run_query` once (its plan, the answer kept by the store), and again as
`format_result(..., "json")` (what `argmap serve` does for a repeated query: the kept answer).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_store  # noqa: E402

from argmap.sparql import format_result, named_queries, run_query  # noqa: E402
from argmap.sparql.plan import store_plan  # noqa: E402
from argmap.store import PREFIX_IRIS, OxigraphStore, ingest, open_store  # noqa: E402


def at_commit(commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{path}"], check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--debates", type=int, default=100)
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="71e7b63", help="the commit holding the hand-written plans")
    parser.add_argument("--only", nargs="*", help="these named queries only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path) -> None:
    paths, total = bench_store.generate(work, args.debates, args.claims)
    with open_store(work / "kg") as store:
        ingest(store, list(paths))
    reader = OxigraphStore(work / "kg", read_only=True)
    engine = reader.engine

    def rows(text: str) -> list[tuple[Any, ...]]:
        answer = engine.query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
        assert isinstance(answer, ox.QuerySolutions)
        return [tuple(solution) for solution in answer]

    def median(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    names = args.only or sorted(p.stem for p in (ROOT / "argmap" / "ontology" / "queries").glob("*.rq"))
    print(f"{total:,} triples; median of {args.runs} runs, ms")
    print("| query | rows | named query | hand-written plan | derived plan | run_query, first | again, as JSON |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        text = at_commit(args.before, f"argmap/ontology/queries/{name}.rq")
        hand = at_commit(args.before, f"argmap/ontology/queries/oxigraph/{name}.rq")
        derived = store_plan(text.strip())
        found = rows(derived)
        assert found == rows(text), f"{name}: the derived plan does not give the query's rows"
        current = named_queries()[name].text  # today's text of the query (run_query runs its plan, then keeps the answer)
        start = time.perf_counter()
        run_query(reader, current)
        first = time.perf_counter() - start
        kept = median(lambda: format_result(run_query(reader, current), "json"))
        print(f"| {name} | {len(found):,} | {median(lambda: rows(text)) * 1000:.0f} | {median(lambda: rows(hand)) * 1000:.0f} | "
              f"{median(lambda: rows(derived)) * 1000:.0f} | {first * 1000:.0f} | {kept * 1000:.1f} |", flush=True)


if __name__ == "__main__":
    main()
