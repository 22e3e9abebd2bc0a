"""Betweenness on large parts: igraph's Brandes must give networkx's values.

``claim_betweenness`` computes parts of up to ``NETWORKX_PART_LIMIT`` claims with networkx and
larger ones with igraph (:func:`argmap.analysis.pair_betweenness`). These tests fail if the
fast path ever diverges from the exact networkx one beyond floating-point summation order.
"""
from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from argmap import load
from argmap.analysis import argument_graph, centrality, claim_betweenness, pair_betweenness

RELATIVE = 1e-12  # igraph sums the same terms in another order


def random_graphs() -> list[nx.Graph]:
    graphs = [
        nx.path_graph(7), nx.star_graph(9), nx.complete_graph(8), nx.cycle_graph(11),
        nx.convert_node_labels_to_integers(nx.grid_2d_graph(9, 7)),
        nx.barbell_graph(6, 3), nx.random_labeled_tree(60, seed=3),
    ]
    for seed in range(12):
        rng = random.Random(seed)
        n = rng.randint(5, 250)
        graphs.append(nx.gnm_random_graph(n, rng.randint(n // 2, 3 * n), seed=seed))  # often disconnected
    graphs.append(nx.relabel_nodes(nx.gnm_random_graph(40, 70, seed=99), lambda i: f"claim-{i}"))
    return graphs


@pytest.mark.parametrize("index", range(len(random_graphs())))
def test_igraph_betweenness_equals_networkx(index: int) -> None:
    graph = random_graphs()[index]
    exact = nx.betweenness_centrality(graph, normalized=False)
    fast = pair_betweenness(graph)
    assert fast.keys() == exact.keys()
    assert fast == pytest.approx(exact, rel=RELATIVE, abs=1e-12)


def random_argument(n: int, seed: int) -> nx.MultiDiGraph:
    """An argument graph shaped like a debate: each claim answers an earlier one, some cross-links,
    parallel relations, self-relations and a few claims on their own."""
    rng = random.Random(seed)
    argument = nx.MultiDiGraph()
    argument.add_nodes_from(f"c{i}" for i in range(n))
    types = ("supports", "attacks", "undercuts", "rephrases")
    for i in range(1, n):
        if rng.random() < 0.05:
            continue  # starts a new connected part
        argument.add_edge(f"c{i}", f"c{rng.randrange(max(0, i - 30), i)}", type=rng.choice(types))
        if rng.random() < 0.2:
            argument.add_edge(f"c{i}", f"c{rng.randrange(n)}", type=rng.choice(types))
    argument.add_edge("c1", "c1", type="attacks")
    argument.add_edge("c2", "c0", type="supports")
    argument.add_edge("c2", "c0", type="attacks")
    return argument


def both_paths(argument: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:
    monkeypatch.setattr(centrality, "NETWORKX_PART_LIMIT", 10**9)
    exact = claim_betweenness(argument)
    monkeypatch.setattr(centrality, "NETWORKX_PART_LIMIT", 0)
    fast = claim_betweenness(argument)
    return exact, fast


@pytest.mark.parametrize("n, seed", [(60, 1), (400, 2), (900, 3)])
def test_fast_and_exact_claim_betweenness_agree(n: int, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    exact, fast = both_paths(random_argument(n, seed), monkeypatch)
    assert fast == pytest.approx(exact, rel=RELATIVE, abs=1e-15)
    assert max(exact.values()) > 0


def test_flagship_betweenness_is_the_same_bits_either_way(flagship: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exact, fast = both_paths(argument_graph(load(flagship)), monkeypatch)
    assert fast == exact


def test_parts_above_the_limit_use_igraph(monkeypatch: pytest.MonkeyPatch) -> None:
    argument = random_argument(200, 4)
    calls: list[int] = []

    def spy(simple: nx.Graph) -> dict:
        calls.append(simple.number_of_nodes())
        return pair_betweenness(simple)

    monkeypatch.setattr(centrality, "pair_betweenness", spy)
    monkeypatch.setattr(centrality, "NETWORKX_PART_LIMIT", 50)
    claim_betweenness(argument)
    assert calls and min(calls) > 50
    calls.clear()
    claim_betweenness(argument, k=20, seed=1)  # sampling stays networkx's estimate
    assert calls == []
