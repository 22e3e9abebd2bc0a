"""Benchmark the store: ingest and named queries on ~1,000,000 generated triples, argmap's store
(embedded Oxigraph) against pyoxigraph's raw bulk load and rdflib's in-memory Graph, side by side;
then a bounded load test of `argmap serve` (8 concurrent SPARQLWrapper clients x 200 queries).

    .venv/bin/python bench/bench_store.py                 # writes bench/RESULTS-store.md
    .venv/bin/python bench/bench_store.py --claims 50     # a quick smoke run (small data)

The data is generated with argmap's own model and RDF builder (`debate_to_rdf`): debates of
`--claims` claims each (one locution per claim, 20 speakers, 10 issues, 0.6 relations per claim),
written as one N-Triples file per debate. rdflib queries run in a forked child that is stopped
after `--rdflib-limit` seconds.

Ingest: each way of loading runs `--ingest-runs` times, interleaved (so that other work on the
machine slows them alike), median reported. Queries: where the time goes, column by column: the
named query's own text in Oxigraph (rows iterated as pyoxigraph terms), its store plan
(derived from the query by argmap.sparql.plan), argmap's `run_query` (plan + result object), the same with
every row turned into rdflib terms (what `run_query` did before), with JSON output, and Oxigraph
in memory. The plan's rows are checked to be the named query's rows in the same order.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import gc
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argmap import sparql  # noqa: E402
from argmap.graph.model import Claim, Debate, Issue, Locution, Relation, Source, Speaker  # noqa: E402
from argmap.graph.rdf import debate_to_rdf  # noqa: E402
from argmap.server import ServerSettings, serve  # noqa: E402
from argmap.sparql.plan import store_plan  # noqa: E402
from argmap.store import PREFIX_IRIS, IngestReport, OxigraphStore, ingest, open_store  # noqa: E402


def synthetic_debate(index: int, claims: int, rng: random.Random) -> Debate:
    """A generated debate in argmap's shape (ids, speakers, issues, stances, relations)."""
    debate = Debate(id=f"gen-{index:03d}", title=f"Generated debate {index}")
    debate.sources.append(Source(id="transcript", title=f"Transcript {index}"))
    debate.speakers = [Speaker(id=f"s{i}", name=f"Speaker {index}-{i}", kind=rng.choice(["person", "person", "organisation", "group"]))
                       for i in range(20)]
    debate.issues = [Issue(id=f"i{i}", title=f"Issue {index}-{i}") for i in range(10)]
    for c in range(claims):
        debate.claims.append(Claim(
            id=f"c{c}", text=f"Claim {c} of debate {index} says something arguable.", issue=f"i{rng.randrange(10)}",
            stance=rng.choice(["pro", "con"]),
            locutions=[Locution(speaker=f"s{rng.randrange(20)}", source="transcript", quote=f"the words of claim {c}")]))
    seen = set()
    for _ in range(int(claims * 0.6)):
        a, b, kind = rng.randrange(claims), rng.randrange(claims), rng.choice(["supports", "attacks", "attacks", "undercuts", "rephrases"])
        if a != b and (a, b, kind) not in seen:
            seen.add((a, b, kind))
            debate.relations.append(Relation(source=f"c{a}", target=f"c{b}", type=kind))
    return debate


def generate(folder: Path, debates: int, claims: int) -> tuple[list[Path], int]:
    rng = random.Random(20260101)
    paths, total = [], 0
    for i in range(debates):
        graph = debate_to_rdf(synthetic_debate(i, claims, rng))
        total += len(graph)
        path = folder / f"gen-{i:03d}.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        paths.append(path)
    return paths, total


T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_time(fn: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(runs))


_RDFLIB: Graph | None = None


def _rdflib_child(name: str, pipe: Any) -> None:
    assert _RDFLIB is not None
    graph = _RDFLIB
    seconds, result = timed(lambda: len(sparql.run_query(graph, name)))
    pipe.send((seconds, result))


def rdflib_query(name: str, limit: float) -> tuple[float | None, int | None]:
    """Time one rdflib query in a forked child (sharing the loaded graph); None if over ``limit``."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_rdflib_child, args=(name, child))
    process.start()
    if parent.poll(limit):
        seconds, rows = parent.recv()
        process.join()
        return seconds, rows
    process.kill()
    process.join()
    return None, None


def load_test(clients: int, per_client: int) -> dict:
    """8 SPARQLWrapper clients x N queries against `argmap serve` on loopback, on the flagship store."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    folder = Path(tempfile.mkdtemp(prefix="argmap-load-"))
    try:
        with open_store(folder / "kg") as store:
            ingest(store, [ROOT / "examples" / "hollywood-ai.yaml", ROOT / "tests" / "fixtures" / "mini.yaml"])
        store = open_store(folder / "kg", read_only=True)
        httpd = serve(store, "127.0.0.1", 0, ServerSettings(workers=8))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        queries = [q.text for q in sparql.named_queries().values()]

        def client(n: int) -> tuple[int, list[float]]:
            errors, latencies = 0, []
            for i in range(per_client):
                wrapper = SPARQLWrapper(httpd.url + "sparql")
                wrapper.setQuery(queries[(n + i) % len(queries)])
                wrapper.setReturnFormat(JSON)
                wrapper.setMethod(POST)
                start = time.perf_counter()
                try:
                    answer = wrapper.query().convert()
                    if not isinstance(answer, dict) or "results" not in answer:
                        errors += 1
                except Exception:
                    errors += 1
                latencies.append(time.perf_counter() - start)
            return errors, latencies

        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            outcomes = list(pool.map(client, range(clients)))
        wall = time.perf_counter() - start
        httpd.shutdown()
        httpd.server_close()
        latencies = sorted(x for _, lat in outcomes for x in lat)
        return {"queries": len(latencies), "errors": sum(e for e, _ in outcomes), "wall": wall,
                "p50": latencies[len(latencies) // 2], "p95": latencies[int(len(latencies) * 0.95)], "max": latencies[-1]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:  # noqa: C901 (to split)
    global _RDFLIB
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--debates", type=int, default=100)
    parser.add_argument("--claims", type=int, default=500, help="claims per debate")
    parser.add_argument("--runs", type=int, default=5, help="runs per query on the store (median)")
    parser.add_argument("--ingest-runs", type=int, default=3, help="runs of each way of ingesting (median)")
    parser.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=200)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "RESULTS-store.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="argmap-bench-store-"))
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        generated: tuple[list[Path], int]
        seconds, generated = timed(lambda: generate(work, args.debates, args.claims))
        files, triples = generated
        claims = args.debates * args.claims
        print(f"generated {triples:,} triples ({claims:,} claims, {args.debates} debates) in {seconds:.1f} s", flush=True)

        def graph_of(path: Path) -> ox.NamedNode:
            return ox.NamedNode(path.resolve().as_uri())

        def raw_disk() -> ox.Store:
            store = ox.Store(str(work / "raw"))
            for path in files:
                store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, base_iri=path.resolve().as_uri(), to_graph=graph_of(path))
            store.flush()
            return store

        def raw_memory() -> ox.Store:
            store = ox.Store()
            for path in files:
                store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, base_iri=path.resolve().as_uri(), to_graph=graph_of(path))
            return store

        def ours_disk() -> IngestReport:
            return ingest(open_store(work / "kg"), files)

        def clean() -> None:
            """Before each timed step: no store left on disk, written pages synced, no rdflib graph alive."""
            global _RDFLIB
            _RDFLIB = None
            for folder in ("raw", "kg"):
                shutil.rmtree(work / folder, ignore_errors=True)
            gc.collect()
            os.sync()

        def rdflib_parse() -> Graph:
            graph = Graph()
            for path in files:
                graph.parse(path, format="nt")
            return graph

        steps: dict[str, Callable[[], Any]] = {"raw disk": raw_disk, "ours disk": ours_disk, "raw memory": raw_memory,
                 "ours memory": lambda: ingest(open_store(None), files), "rdflib": rdflib_parse}
        times: dict[str, list[float]] = {k: [] for k in steps}
        loads = [os.getloadavg()[0]]
        for _ in range(args.ingest_runs):
            for key, step in steps.items():
                clean()
                seconds, value = timed(step)
                times[key].append(seconds)
                if key in ("raw disk", "raw memory", "rdflib"):
                    assert len(value) == triples, (key, len(value), triples)
                else:
                    assert value.triples_after == triples, (key, value.triples_after, triples)
                value = None
                gc.collect()
            print({k: [round(x, 1) for x in v] for k, v in times.items()}, flush=True)
        loads.append(os.getloadavg()[0])
        raw_s, ours_s, mem_s, ours_mem_s, rdflib_s = (statistics.median(times[k]) for k in steps)
        _RDFLIB = rdflib_parse()  # the last runs removed their stores and graph: make them again, untimed
        report = ours_disk()
        again_s, again = timed(lambda: ingest(open_store(work / "kg"), files))
        assert report.triples_after == len(_RDFLIB) == triples, (report.triples_after, len(_RDFLIB), triples)
        assert report.triples_after == again.triples_after and len(again.unchanged) == len(files)

        say("# Store benchmark")
        say()
        say(f"Command: `{' '.join(['.venv/bin/python', 'bench/bench_store.py', *sys.argv[1:]])}`")
        say(f"Machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
            f"pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else '?'}; {time.strftime('%Y-%m-%d')}. Load average "
            f"(1 min) {loads[0]:.1f} before the ingest runs, {loads[1]:.1f} after: other work shares the 2 cores, "
            "so treat figures as +-30 %.")
        say(f"Data: {triples:,} triples generated with argmap's RDF builder: {args.debates} debates x {args.claims} claims "
            f"= {claims:,} claims, {sum(p.stat().st_size for p in files) / 1e6:.0f} MB in one N-Triples file and one named graph per debate.")
        say()
        say("## Ingest")
        say()
        say(f"Median of {args.ingest_runs} interleaved runs each; every file into its own named graph; before each run the "
            "stores of earlier runs are deleted and written pages synced (not timed).")
        say()
        say("| step | time | vs raw load, same place | rdflib / this |")
        say("|---|---|---|---|")
        say(f"| pyoxigraph raw `bulk_load(path=...)` per file, on disk (no transaction) | {raw_s:.1f} s | 1.00x | {rdflib_s / raw_s:.1f}x |")
        say(f"| `argmap ingest --store DIR` (on disk, one transaction) | {ours_s:.1f} s | {ours_s / raw_s:.2f}x (target <= 1.5x) | "
            f"{rdflib_s / ours_s:.1f}x (target >= 5x) |")
        say(f"| `argmap ingest` again (same files: unchanged, skipped) | {again_s:.2f} s | | |")
        say(f"| pyoxigraph raw `load(path=...)` per file, in memory | {mem_s:.1f} s | 1.00x | {rdflib_s / mem_s:.1f}x |")
        say(f"| argmap in-memory store (`open_store(None)` + `ingest`) | {ours_mem_s:.1f} s | {ours_mem_s / mem_s:.2f}x | "
            f"{rdflib_s / ours_mem_s:.1f}x |")
        say(f"| rdflib `Graph.parse` (memory) | {rdflib_s:.1f} s | | 1.0x |")
        say()
        say("## Named queries over the whole store")
        say()
        say(f"Median of {args.runs} runs, milliseconds, on the store on disk opened read-only. *named query*: its own text "
            "run by pyoxigraph, rows iterated as pyoxigraph terms (Oxigraph alone; what argmap ran before). *store plan*: "
            "the same for the plan argmap.sparql.plan derives from the named query, which gives the same rows in the same order (checked "
            "here). *run_query*: `argmap.sparql.run_query(store, name)`, the plan and argmap's result object. "
            "*+ rdflib terms*: and every row turned into rdflib terms (`.bindings`; the result object did this for every "
            "query before). *+ JSON*: run_query and `format_result(result, 'json')` (`argmap query --format json`, "
            "`argmap serve`). *memory*: the named query on Oxigraph in memory. *rdflib*: one run on the rdflib Graph, "
            f"stopped after {args.rdflib_limit:.0f} s. Target: run_query <= 100 ms.")
        say()
        say("| query | rows | named query | store plan | run_query | + rdflib terms | + JSON | memory | rdflib | <= 100 ms |")
        say("|---|---|---|---|---|---|---|---|---|---|")
        store = OxigraphStore(work / "kg", read_only=True)
        engine = store.engine
        memory: ox.Store | None = raw_memory()

        def evaluate(on: ox.Store | None, text: str) -> list[tuple[Any, ...]]:
            assert on is not None
            answer = on.query(text, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
            assert isinstance(answer, ox.QuerySolutions)
            return [tuple(solution) for solution in answer]

        for name, named in sparql.named_queries().items():
            plan = store_plan(named.text)
            rows = evaluate(engine, plan)
            assert rows == evaluate(engine, named.text), f"{name}: the store plan does not give the named query's rows"
            before = median_time(lambda: evaluate(engine, named.text), args.runs)
            planned = median_time(lambda: evaluate(engine, plan), args.runs)
            ours = median_time(lambda: sparql.run_query(store, name), args.runs)
            terms = median_time(lambda: sparql.run_query(store, name).bindings, args.runs)
            as_json = median_time(lambda: sparql.format_result(sparql.run_query(store, name), "json"), args.runs)
            in_memory = median_time(lambda: evaluate(memory, named.text), args.runs)
            theirs, their_rows = rdflib_query(name, args.rdflib_limit)
            if their_rows is not None:
                assert their_rows == len(rows), (name, their_rows, len(rows))
            rd = f"{theirs:.1f} s" if theirs is not None else f"> {args.rdflib_limit:.0f} s"
            say(f"| {name} | {len(rows):,} | {before * 1000:.0f} | {planned * 1000:.0f} | {ours * 1000:.0f} | {terms * 1000:.0f} | "
                f"{as_json * 1000:.0f} | {in_memory * 1000:.0f} | {rd} | {'yes' if ours <= 0.1 else 'no'} |")
        memory = None
        gc.collect()
        say()
        say("## Named queries scoped by a binding (one speaker, one issue)")
        say()
        say("| query | binding | rows | argmap store (Oxigraph) | <= 100 ms |")
        say("|---|---|---|---|---|")
        for name, variable, value in (("claims-by-speaker", "name", "Speaker 7-3"), ("attacks", "attacker", "Speaker 7-3"),
                                      ("claims-on-issue", "issue", "Issue 7-3")):
            bindings = sparql.parse_bindings([f"{variable}={value}"])
            found = len(sparql.run_query(store, name, bindings))
            ours = median_time(lambda: sparql.run_query(store, name, bindings), args.runs)
            say(f"| {name} | {variable}={value} | {found:,} | {ours * 1000:.0f} ms | {'yes' if ours <= 0.1 else 'no'} |")
        store.close()
        say()
        say("## Endpoint load test")
        say()
        figures = load_test(args.clients, args.per_client)
        say(f"`argmap serve` on loopback over the flagship debate + tests/fixtures/mini.yaml; {args.clients} concurrent "
            f"SPARQLWrapper clients x {args.per_client} queries each, cycling through the {len(sparql.named_queries())} named queries (POST, JSON).")
        say()
        say("| queries | errors | wall time | throughput | latency p50 | p95 | max |")
        say("|---|---|---|---|---|---|---|")
        say(f"| {figures['queries']} | {figures['errors']} | {figures['wall']:.1f} s | {figures['queries'] / figures['wall']:.0f} q/s | "
            f"{figures['p50'] * 1000:.0f} ms | {figures['p95'] * 1000:.0f} ms | {figures['max'] * 1000:.0f} ms |")
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
