"""Benchmark the named queries side by side: argmap's embedded store against Virtuoso 7 over HTTP,
on the same ~1,060,000 generated triples, in the same run (issue 19).

    .venv/bin/python bench/bench_virtuoso.py --write           # writes bench/RESULTS-virtuoso.md
    .venv/bin/python bench/bench_virtuoso.py --debates 10      # a quicker run on a tenth of the data

The data is bench/bench_store.py's (its generator, imported): `--debates` debates of `--claims`
claims, one N-Triples file per debate, or the `*.nt` files of `--data DIR` when given. The same
files are ingested into argmap's store on disk (`open_store(DIR)` + `ingest`, one named graph per
file) and bulk-loaded into a Virtuoso 7 that this script starts on loopback (both ports on
127.0.0.1, its own ini and database in a temporary folder, `ResultSetMaxRows` above the largest
answer so that answers are complete) with `ld_add` per file (the same graph names) and
`rdf_loader_run(); checkpoint;` through `isql-vt`; Virtuoso is stopped at the end, always.

The embedded ingest is `argmap ingest`'s: the files, then the named queries answered once
(:func:`argmap.sparql.prepare_answers`), each timed. Each named query is then timed `--runs` times,
the four ways alternating (so that other work on the machine slows them alike), median reported:
*embedded, prepared*: `run_query` on a store object just opened read-only (opening not timed), as
the next process after `argmap ingest` meets it: the answer saved by the ingest; *embedded,
computed*: the same with saved and kept answers switched off (`keeps_answers = False`), what the
engine itself takes; *embedded repeated*: `run_query` on a store object that has answered the
query before (kept in memory); *Virtuoso*: `run_query` on argmap's RemoteStore
(`open_store("http://127.0.0.1:PORT/sparql")`, JSON results over HTTP). Row counts come from both
engines; where they differ the row says so.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_store import generate, timed  # noqa: E402
from servers import ServerFailed, running_virtuoso  # noqa: E402

from argmap import sparql  # noqa: E402
from argmap.store import IngestReport, Store, ingest, open_store  # noqa: E402

#: Virtuoso's result cap here: above the largest answer on the benchmark data (50,000 rows).
MAX_ROWS = 1_000_000


@dataclass
class Timings:
    """One named query's timings (seconds) and row counts on both engines."""

    prepared: list[float] = field(default_factory=list)
    computed: list[float] = field(default_factory=list)
    repeated: list[float] = field(default_factory=list)
    virtuoso: list[float] = field(default_factory=list)
    rows: int = 0
    virtuoso_rows: int = 0


def first_answer(store_dir: Path, name: str, keep: bool) -> float:
    """Seconds of ``run_query`` on a store object just opened read-only (opening not timed); with
    ``keep`` off, its saved and kept answers are switched off."""
    fresh = open_store(store_dir, read_only=True)
    try:
        fresh.keeps_answers = keep
        return timed(lambda: sparql.run_query(fresh, name))[0]
    finally:
        fresh.close()


def time_queries(store_dir: Path, remote: Store, runs: int) -> dict[str, Timings]:
    """Each named query timed ``runs`` times, the four ways alternating."""
    names = list(sparql.named_queries())
    timings = {name: Timings() for name in names}
    warm = open_store(store_dir, read_only=True)
    try:
        for name in names:  # one answer each, so that the repeated runs find a kept answer
            timings[name].rows = len(sparql.run_query(warm, name))
        for run in range(runs):
            for name in names:
                timings[name].prepared.append(first_answer(store_dir, name, keep=True))
                timings[name].computed.append(first_answer(store_dir, name, keep=False))
                timings[name].repeated.append(timed(lambda: sparql.run_query(warm, name))[0])
                seconds, result = timed(lambda: sparql.run_query(remote, name))
                timings[name].virtuoso.append(seconds)
                timings[name].virtuoso_rows = len(result)
            print(f"run {run + 1}/{runs} done", flush=True)
    finally:
        warm.close()
    return timings


def ingest_into(folder: Path, files: list[Path]) -> tuple[IngestReport, dict[str, float]]:
    """``argmap ingest --store folder files``: the store on disk made, filled, its named queries
    answered (seconds each) and closed."""
    with open_store(folder) as store:
        return ingest(store, files), sparql.prepare_answers(store)


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def table(timings: dict[str, Timings]) -> list[str]:
    """The Markdown table: one row per named query, milliseconds, and which engine answers first."""
    lines = ["| query | rows | embedded, prepared ms | embedded, computed ms | embedded repeated ms | Virtuoso ms "
             "| faster (prepared) | faster (computed) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, t in timings.items():
        prepared, computed, repeated, theirs = (statistics.median(x) * 1000 for x in (t.prepared, t.computed, t.repeated, t.virtuoso))
        rows = f"{t.rows:,}" if t.rows == t.virtuoso_rows else f"**{t.rows:,} embedded / {t.virtuoso_rows:,} Virtuoso: differ**"
        lines.append(f"| {name} | {rows} | {prepared:.1f} | {computed:.0f} | {repeated:.1f} | {theirs:.0f} "
                     f"| {faster(prepared, theirs)} | {faster(computed, theirs)} |")
    return lines


def faster(ours: float, theirs: float) -> str:
    """Which engine answered first, and by how much."""
    return f"embedded ({theirs / ours:.1f}x)" if ours < theirs else f"Virtuoso ({ours / theirs:.1f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--debates", type=int, default=100)
    parser.add_argument("--claims", type=int, default=500, help="claims per debate")
    parser.add_argument("--data", type=Path, help="use the *.nt files of this folder instead of generating them")
    parser.add_argument("--runs", type=int, default=5, help="runs per query and engine (median)")
    parser.add_argument("--write", action="store_true", help="write the results to --output")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "RESULTS-virtuoso.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="argmap-bench-virtuoso-"))
    try:
        if args.data:
            files = sorted(args.data.resolve().glob("*.nt"))
            data = args.data.resolve()
        else:
            data = work / "data"
            data.mkdir()
            files, _ = generate(data, args.debates, args.claims)
        load_before = os.getloadavg()[0]
        ingest_s, (report, prepared) = timed(lambda: ingest_into(work / "kg", files))
        triples = report.triples_after
        print(f"{triples:,} triples in {len(files)} files; embedded ingest {ingest_s:.1f} s "
              f"(of which {sum(prepared.values()):.1f} s answering the named queries)", flush=True)
        (work / "virtuoso").mkdir()
        with running_virtuoso(work / "virtuoso", MAX_ROWS, readable=(data,), buffers=100_000, max_seconds=600) as server:
            load_s, _ = timed(lambda: server.bulk_load(files))
            remote = open_store(server.sparql_url)
            assert len(remote) == triples, f"Virtuoso holds {len(remote):,} triples, the embedded store {triples:,}"
            print(f"Virtuoso bulk load {load_s:.1f} s", flush=True)
            timings = time_queries(work / "kg", remote, args.runs)
            virtuoso_bytes = folder_size(work / "virtuoso")
        load_after = os.getloadavg()[0]
        lines = report_lines(args, triples, len(files), (ingest_s, sum(prepared.values()), load_s),
                             (folder_size(work / "kg"), virtuoso_bytes), (load_before, load_after), timings)
        print("\n".join(lines))
        if args.write:
            args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"wrote {args.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_lines(args: argparse.Namespace, triples: int, files: int, loads: tuple[float, float, float], sizes: tuple[int, int],
                 machine_load: tuple[float, float], timings: dict[str, Timings]) -> list[str]:
    """The results file: command, machine, data, loading, and the table."""
    virtuoso = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
    version = next((line.strip() for line in (virtuoso.stdout + virtuoso.stderr).splitlines() if "Version" in line), "Virtuoso 7")
    slower = {way: [name for name, t in timings.items() if statistics.median(getattr(t, way)) > statistics.median(t.virtuoso)]
              for way in ("prepared", "computed")}
    over = [name for name, t in timings.items() if statistics.median(t.prepared) > 0.1]
    return [
        "# Named queries: embedded store vs Virtuoso 7 (bench/bench_virtuoso.py)",
        "",
        f"Command: `{' '.join(['.venv/bin/python', 'bench/bench_virtuoso.py', *sys.argv[1:]])}`",
        f"Machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
        f"{version}; {time.strftime('%Y-%m-%d %H:%M')}. Load average (1 min) {machine_load[0]:.1f} before loading, "
        f"{machine_load[1]:.1f} after the queries: other work shares the cores, so treat figures as +-30 %.",
        f"Data: {triples:,} triples (bench/bench_store.py's generator) in {files} N-Triples files, one named graph each, "
        "the same files in both engines.",
        f"Loading: `argmap ingest` into the store on disk {loads[0]:.1f} s, of which {loads[1]:.1f} s answering the named "
        f"queries ({sizes[0] / 1e6:.0f} MB on disk); Virtuoso bulk load (`ld_add` per file, `rdf_loader_run(); checkpoint;`) "
        f"{loads[2]:.1f} s (its folder: {sizes[1] / 1e6:.0f} MB).",
        "",
        f"Median of {args.runs} alternating runs, milliseconds. *embedded, prepared*: `run_query` on a store object just "
        "opened read-only (opening not timed), as the next process after `argmap ingest` meets it (the answer the ingest "
        "saved); *embedded, computed*: the same with saved and kept answers off, the engine's own time; *embedded "
        "repeated*: `run_query` again on a store object that answered it before (kept in memory); *Virtuoso*: `run_query` "
        "on argmap's RemoteStore, JSON over HTTP on loopback.",
        "",
        *table(timings),
        "",
        f"Embedded, prepared over 100 ms: {', '.join(over) if over else 'none'}. Slower than Virtuoso, prepared: "
        f"{', '.join(slower['prepared']) or 'none'} ({len(slower['prepared'])} of {len(timings)}); computed: "
        f"{', '.join(slower['computed']) or 'none'} ({len(slower['computed'])} of {len(timings)}).",
        "",
        "Reading: *prepared* is what a user meets after `argmap ingest` (the default): the named queries' answers were "
        "computed once at the ingest (the time on the Loading line) and are read back, unparsed, as Virtuoso's are read "
        "from its socket; *computed* is the engine's own work, for a query that is not a named one or a store ingested "
        "with `--no-prepare`.",
    ]


if __name__ == "__main__":
    try:
        main()
    except ServerFailed as exc:
        raise SystemExit(f"Virtuoso: {exc}") from None
