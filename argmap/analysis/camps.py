"""Camps: a signed network of speakers and its partition into camps that respects the signs.

Two speakers are tied positively when one supports or rephrases a claim the other asserts, or
when both assert the same claim; negatively when one attacks or undercuts a claim the other
asserts (the speakers of a relation are those who assert its ``from`` claim). Where claims carry
an issue and a stance, two speakers who lean the same way on an issue are also tied positively
once, and negatively when they lean opposite ways: the curator's stances say who is on which
side even where no relation links the two. Each such event counts once; a pair keeps its
positive and negative counts apart (:func:`signed_speaker_network`).

A partition into camps is judged by structural balance (Heider 1946; Cartwright & Harary 1956;
Davis 1967, "Clustering and structural balance in graphs", for any number of camps): a tie is
*frustrated* when it is negative inside a camp or positive across camps. :func:`partition_camps`
looks for the partition with the least frustration, the criterion P(C) of Doreian & Mrvar (1996),
"A partitioning approach to structural balance", Social Networks 18, with alpha = 1/2 (up to a
factor of 2), also known as correlation clustering (Bansal, Blum & Chawla 2004). Finding the
optimum is NP-hard; the search is Doreian & Mrvar's relocation heuristic (move one speaker to the
camp that lowers frustration most, or to a camp of its own) with merges of camps whose ties are
positive on balance, from several seeded random orders, keeping the best. Speakers with no tie
to anyone are in no camp.
"""
from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from argmap.analysis.projection import typed_edges

POSITIVE_TYPES = frozenset({"supports", "rephrases"})
NEGATIVE_TYPES = frozenset({"attacks", "undercuts"})


def issue_leanings(argument: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Per issue, each speaker's side: +1 when more of their claims on it are pro than con, -1
    when more are con, absent when even or without stance.

    In ``tests/fixtures/mini.yaml`` Ben argues con on both issues, the others pro:

    >>> from pathlib import Path
    >>> from argmap.analysis import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> trade = issue_leanings(argument)["https://w3id.org/argmap/id/mini/issue/trade"]
    >>> {speaker.rsplit("/", 1)[1]: side for speaker, side in trade.items()}
    {'ana': 1, 'ben': -1, 'council': 1}
    """
    lean: dict[tuple[str, str], int] = defaultdict(int)
    for _, issue, stance, speakers in _claims_with(argument, "issue", "stance", "speakers"):
        if issue is not None and stance in ("pro", "con"):
            for s in speakers:
                lean[(issue, s)] += 1 if stance == "pro" else -1
    sides: dict[str, dict[str, int]] = defaultdict(dict)
    for (issue, s), net in sorted(lean.items()):
        if net:
            sides[issue][s] = 1 if net > 0 else -1
    return dict(sides)


def _claims_with(argument: nx.MultiDiGraph, *keys: str):
    for claim, data in argument.nodes(data=True):
        yield (claim, *(data.get(k) for k in keys))


def signed_speaker_network(argument: nx.MultiDiGraph, stances: bool = True) -> nx.Graph:
    """The signed speaker network of an argument graph (:func:`argmap.analysis.argument_graph`).

    Nodes are speaker IRIs; an edge between two different speakers carries ``positive`` (times one
    supported, rephrased or co-asserted the other's claims, plus, with ``stances``, issues on
    which both lean the same way, see :func:`issue_leanings`), ``negative`` (times one attacked or
    undercut the other's claims, plus issues on which they lean opposite ways) and
    ``weight`` = positive - negative.

    In ``tests/fixtures/mini.yaml`` Ben attacks Ana's claim and undercuts the residents' claim
    she also asserts (2 negative), and they lean opposite ways on both issues (2 more); Ana and
    the residents share a claim, whose support of Ana's claim ties them again, and lean the same
    way on one issue (3 positive):

    >>> from pathlib import Path
    >>> from argmap.analysis import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> network = signed_speaker_network(argument)
    >>> sorted((u.rsplit("/", 1)[1], v.rsplit("/", 1)[1], d["positive"], d["negative"]) for u, v, d in network.edges(data=True))[:3]
    [('ana', 'ben', 0, 4), ('ana', 'council', 1, 0), ('ana', 'residents', 3, 0)]
    """
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def tie(s: str, t: str, sign: int) -> None:
        if s != t:
            counts[tuple(sorted((s, t)))][0 if sign > 0 else 1] += 1

    network: nx.Graph[str] = nx.Graph()
    for _, speakers in _claims_with(argument, "speakers"):
        network.add_nodes_from(speakers)
        for s, t in combinations(speakers, 2):
            tie(s, t, +1)
    for u, v, rtype in typed_edges(argument):
        sign = +1 if rtype in POSITIVE_TYPES else -1 if rtype in NEGATIVE_TYPES else 0
        if sign:
            for s in argument.nodes[u]["speakers"]:
                for t in argument.nodes[v]["speakers"]:
                    tie(s, t, sign)
    if stances:
        for sides in issue_leanings(argument).values():
            for s, t in combinations(sorted(sides), 2):
                tie(s, t, sides[s] * sides[t])
    for (s, t), (pos, neg) in sorted(counts.items()):
        network.add_edge(s, t, positive=pos, negative=neg, weight=pos - neg)
    return network


@dataclass
class Camps:
    """A partition of speakers into camps, with how well it fits the signs.

    ``camps`` are lists of speakers, largest first; ``frustration`` is the number of frustrated
    ties (negative within a camp, positive across); ``balance`` is 1 - frustration / all ties
    (1 when the network is perfectly balanced under this partition); ``unaligned`` are the
    speakers with no tie, in no camp.
    """

    camps: list[list[Hashable]]
    frustration: int
    ties: int
    unaligned: list[Hashable]

    @property
    def balance(self) -> float:
        return 1.0 - self.frustration / self.ties if self.ties else 1.0

    def camp_of(self) -> dict[Hashable, int]:
        """Each aligned speaker's camp number, counting from 1."""
        return {s: n for n, camp in enumerate(self.camps, start=1) for s in camp}


def frustration(network: nx.Graph, camp_of: dict[Hashable, int]) -> int:
    """Frustrated ties: negative ones inside a camp plus positive ones across camps.

    The frustration of a partition in structural balance theory (Doreian & Mrvar 1996, P(C)
    with alpha = 1/2, up to a factor of 2), counted over the signed ties of ``network``.

    >>> network = nx.Graph()
    >>> network.add_edge("ana", "ben", positive=0, negative=4)
    >>> network.add_edge("ana", "cy", positive=3, negative=1)
    >>> frustration(network, {"ana": 1, "ben": 2, "cy": 1}), frustration(network, {"ana": 1, "ben": 1, "cy": 1})
    (1, 5)
    """
    return sum(d["negative"] if camp_of[s] == camp_of[t] else d["positive"] for s, t, d in network.edges(data=True))


Adjacency = dict[Hashable, dict[Hashable, int]]


def _relocate(adjacency: Adjacency, camp_of: dict, order: list) -> bool:
    """One pass of Doreian & Mrvar's relocation: move each speaker where its net ties are strongest."""
    moved = False
    next_camp = max(camp_of.values(), default=0) + 1
    for s in order:
        pull: dict[int, int] = defaultdict(int)
        for t, w in adjacency[s].items():
            pull[camp_of[t]] += w
        here = camp_of[s]
        best, gain = here, 0
        for camp, w in sorted(pull.items()):
            if camp != here and w - pull[here] > gain:
                best, gain = camp, w - pull[here]
        if best == here and pull[here] < 0:
            best, next_camp = next_camp, next_camp + 1
        if best != here:
            camp_of[s] = best
            moved = True
    return moved


def _merge(edges: list[tuple[Hashable, Hashable, int]], camp_of: dict) -> bool:
    """Merge camps whose ties to each other are positive on balance, strongest first, each camp
    at most once per call (so every merge lowers the frustration by its net weight)."""
    between: dict[tuple[int, int], int] = defaultdict(int)
    for s, t, w in edges:
        a, b = sorted((camp_of[s], camp_of[t]))
        if a != b:
            between[(a, b)] += w
    into: dict[int, int] = {}
    for (a, b), w in sorted(between.items(), key=lambda kv: (-kv[1], kv[0])):
        if w <= 0:
            break
        if a not in into and b not in into:
            into[a], into[b] = a, a
    if not into:
        return False
    for s, camp in camp_of.items():
        camp_of[s] = into.get(camp, camp)
    return True


def _local_search(adjacency: Adjacency, edges: list, order: list) -> dict:
    camp_of = {s: n for n, s in enumerate(order)}
    while _relocate(adjacency, camp_of, order) or _merge(edges, camp_of):
        pass
    return camp_of


def _canonical(camp_of: dict) -> list[list]:
    groups: dict[int, list] = defaultdict(list)
    for s, camp in camp_of.items():
        groups[camp].append(s)
    camps = [sorted(g, key=str) for g in groups.values()]
    return sorted(camps, key=lambda c: (-len(c), str(c[0])))


def partition_camps(network: nx.Graph, restarts: int = 20, seed: int = 0) -> Camps:
    """Partition the speakers of a signed network into camps with few frustrated ties.

    ``network`` has ``positive``, ``negative`` and ``weight`` on its edges (see
    :func:`signed_speaker_network`). Runs the relocation-and-merge search from ``restarts``
    seeded random orders and keeps the least frustrated partition (ties broken by fewer camps,
    then by the speakers' order), so the answer is the same on every run.

    ``tests/fixtures/mini.yaml`` splits without a frustrated tie: Ben against the rest.

    >>> from pathlib import Path
    >>> from argmap.analysis import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> camps = partition_camps(signed_speaker_network(argument))
    >>> [[s.rsplit("/", 1)[1] for s in camp] for camp in camps.camps], camps.frustration, camps.ties
    ([['ana', 'council', 'residents'], ['ben']], 0, 12)
    """
    aligned = sorted((s for s in network if network.degree(s) > 0), key=str)
    unaligned = sorted((s for s in network if network.degree(s) == 0), key=str)
    ties = sum(d["positive"] + d["negative"] for _, _, d in network.edges(data=True))
    weighted: list[tuple[str, str, int]] = list(network.edges(data="weight"))
    edges = [(u, v, w) for u, v, w in weighted if u != v]
    adjacency: Adjacency = {s: {} for s in aligned}
    for u, v, w in edges:
        adjacency[u][v] = adjacency[v][u] = w
    signs = [(u, v, d["positive"], d["negative"]) for u, v, d in network.edges(data=True)]
    rng = random.Random(seed)
    best: tuple | None = None
    for attempt in range(max(1, restarts)):
        order = list(aligned)
        if attempt:
            rng.shuffle(order)
        camp_of = _local_search(adjacency, edges, order)
        camps = _canonical(camp_of)
        cost = sum(neg if camp_of[u] == camp_of[v] else pos for u, v, pos, neg in signs)
        key = (cost, len(camps), [list(map(str, c)) for c in camps])
        if best is None or key < best[0]:
            best = (key, camps)
    if best is None:
        return Camps(camps=[], frustration=0, ties=ties, unaligned=unaligned)
    (cost, _, _), camps = best
    return Camps(camps=camps, frustration=cost, ties=ties, unaligned=unaligned)

