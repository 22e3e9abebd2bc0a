"""Benchmark: the whole analysis (Dung semantics, DF-QuAD, PageRank, betweenness, controversy,
camps) and its write-back to RDF, at the scale of all 1,478 QT30 maps merged.

Two inputs:
- ``generated``: a synthetic graph with QT30's counts (1,478 debates, 23,465 claims, 5,365
  supports, 1,181 attacks, 5,596 rephrases, 589 speakers shared across debates), always run;
- ``qt30``: the real maps in ../shared/data/aif-qt30/knowcomp/data/{train,test}, read with the
  ``aif`` reader, speakers linked across maps with ``argmap.analysis.speakers.merge_speakers``; run
  when the corpus is there.

    .venv/bin/python bench/bench_analysis.py [--only generated|qt30] [--semantics grounded,preferred,stable]

Prints a Markdown table (seconds per step, one run each); the target is analysis <= 30 s.
"""
from __future__ import annotations

import argparse
import logging
import platform
import random
import sys
import time
from pathlib import Path

from rdflib import OWL, Graph, URIRef

from argmap import analysis, load
from argmap.analysis.camps import partition_camps, signed_speaker_network
from argmap.analysis.semantics import attack_framework, claim_labels, dfquad_strength
from argmap.analysis.speakers import merge_speakers
from argmap.graph.formats import formats
from argmap.graph.model import Claim, Debate, Locution, Relation, Source, Speaker
from argmap.graph.rdf import debate_to_rdf, item_iri, new_graph

ROOT = Path(__file__).resolve().parents[1]
QT30 = ROOT.parent / "shared" / "data" / "aif-qt30" / "knowcomp" / "data"
QT30_COUNTS = {"debates": 1478, "claims": 23465, "supports": 5365, "attacks": 1181, "rephrases": 5596, "speakers": 589}


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` random non-negative counts."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def generated_graph(seed: int = 30) -> Graph:
    """A merged graph with QT30's counts: each debate has a handful of speakers from a shared pool
    of 589 (Question Time panellists and audience), claims asserted by one of them (one in ten
    also by a second), and relations between claims of the same debate."""
    rng = random.Random(seed)
    c = QT30_COUNTS
    pool = [f"speaker-{i:03d}" for i in range(c["speakers"])]
    claims = _spread(c["claims"] - 2 * c["debates"], c["debates"], rng)
    relations = {kind: _spread(c[kind], c["debates"], rng) for kind in ("supports", "attacks", "rephrases")}
    graph = new_graph()
    first: dict[str, URIRef] = {}
    for d in range(c["debates"]):
        n = claims[d] + 2
        cast = rng.sample(pool, rng.randint(3, 9))
        debate = Debate(id=f"qt-{d:04d}", title=f"Generated debate {d}", sources=[Source(id="transcript", title="transcript")])
        debate.speakers = [Speaker(id=s, name=s.replace("-", " ").title()) for s in cast]
        for k in range(n):
            said_by = rng.sample(cast, 2 if rng.random() < 0.1 else 1)
            debate.claims.append(Claim(id=f"c{k}", text=f"claim {k} of debate {d}",
                                       locutions=[Locution(speaker=s, source="transcript", quote="…") for s in said_by]))
        seen = set()
        for kind, per_debate in relations.items():
            for _ in range(per_debate[d]):
                a, b = rng.sample(range(n), 2)
                if (a, b, kind) not in seen:
                    seen.add((a, b, kind))
                    debate.relations.append(Relation(source=f"c{a}", target=f"c{b}", type=kind))
        debate_to_rdf(debate, graph)
        for s in cast:  # one person across maps, linked as argmap.analysis.speakers links them
            first.setdefault(s, item_iri(debate.id, "speaker", s))
            if first[s] != item_iri(debate.id, "speaker", s):
                graph.add((item_iri(debate.id, "speaker", s), OWL.sameAs, first[s]))
    return graph


def qt30_graph() -> Graph:
    paths = sorted(QT30.glob("*/**/*.json"))
    return load(paths, "aif")


def timed(rows: list, step: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    rows.append((step, time.perf_counter() - start))
    print(f"  {step}: {rows[-1][1]:.2f} s", file=sys.stderr, flush=True)
    return result


def bench(name: str, make_graph, semantics: tuple[str, ...], link_speakers: bool = False, repeat: int = 3) -> list:
    rows: list[tuple[str, float]] = []
    graph = timed(rows, "build / load the RDF graph", make_graph)
    if link_speakers:
        people = timed(rows, "link speakers across maps (speakers.merge_speakers, owl:sameAs)", merge_speakers, graph)
        print(f"  {len(people.people):,} people", file=sys.stderr, flush=True)
    counts = analysis.summary(graph)
    print(f"\n### {name}: {len(graph):,} triples; " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)
    argument = timed(rows, "project the argument graph (networkx)", analysis.argument_graph, graph)
    af = attack_framework(argument)
    for s in semantics:
        timed(rows, f"{s} labels", claim_labels, af, s)
    timed(rows, "DF-QuAD strength", dfquad_strength, argument)
    timed(rows, "PageRank", analysis.claim_pagerank, argument)
    timed(rows, "betweenness (exact)", analysis.claim_betweenness, argument)
    timed(rows, "controversy", analysis.claim_controversy, argument)
    identity = analysis.speaker_identities(graph)
    for _, data in argument.nodes(data=True):
        data["speakers"] = sorted({identity.get(s, s) for s in data["speakers"]})
    network = timed(rows, "signed speaker network", signed_speaker_network, argument)
    camps = timed(rows, "camps (20 restarts)", partition_camps, network)
    totals = []
    for _ in range(repeat):
        report = timed(totals, "analyze()", analysis.analyze, graph, semantics)
    seconds = sorted(t for _, t in totals)
    rows.append((f"**analyze() total** ({', '.join(semantics)}): best / median of {repeat}",
                 f"**{seconds[0]:.2f}** / {seconds[len(seconds) // 2]:.2f}"))
    before = len(graph)
    timed(rows, "annotate() write-back (reusing the report)", analysis.annotate, graph, semantics, report)
    print(f"{len(argument):,} claims, {argument.number_of_edges():,} relations, {network.number_of_nodes():,} speakers, "
          f"{len(camps.camps)} camps (balance {camps.balance:.2f}), {len(graph) - before:,} triples added", flush=True)
    print("\n| step | seconds |\n|---|---|")
    for step, seconds in rows:
        print(f"| {step} | {seconds if isinstance(seconds, str) else f'{seconds:.2f}'} |", flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("generated", "qt30"))
    parser.add_argument("--semantics", default="grounded,preferred,stable")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole analyze() (best and median are shown)")
    args = parser.parse_args()
    logging.getLogger("argmap").setLevel(logging.ERROR)  # the AIF reader reports every skipped edge
    semantics = tuple(args.semantics.split(","))
    print(f"argmap analysis benchmark — Python {platform.python_version()}, {platform.machine()}, "
          f"{__import__('os').cpu_count()} cores")
    if args.only in (None, "generated"):
        bench("generated graph with QT30's counts", generated_graph, semantics, repeat=args.repeat)
    if args.only in (None, "qt30"):
        if "aif" not in formats():
            print("\n### qt30: skipped — no 'aif' reader is registered in this checkout")
        elif not QT30.is_dir():
            print(f"\n### qt30: skipped — {QT30} is absent")
        else:
            bench(f"all QT30 maps merged ({len(list(QT30.glob('*/**/*.json')))} files, aif reader)", qt30_graph, semantics,
                  link_speakers=True, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
