"""Camps: the signed speaker network and its balance partition, on planted and exhaustively solved
networks, and on the flagship debate (camps a reader of the article recognises)."""
from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from argmap import load
from argmap.analysis import analyze, argument_graph
from argmap.analysis.camps import frustration, issue_leanings, partition_camps, signed_speaker_network


def signed(edges: list[tuple[str, str, int, int]]) -> nx.Graph:
    g = nx.Graph()
    for s, t, pos, neg in edges:
        g.add_edge(s, t, positive=pos, negative=neg, weight=pos - neg)
    return g


def all_partitions(items: list):
    """Every partition of ``items`` into non-empty blocks (Bell(n) of them)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in all_partitions(rest):
        for i in range(len(partition)):
            yield partition[:i] + [[first] + partition[i]] + partition[i + 1:]
        yield [[first]] + partition


def least_frustration(network: nx.Graph) -> int:
    nodes = sorted(network)
    return min(
        frustration(network, {s: n for n, block in enumerate(p) for s in block}) for p in all_partitions(nodes)
    )


def test_signed_network_counts_each_kind_of_tie() -> None:
    argument = nx.MultiDiGraph()
    argument.add_node("c1", speakers=["ann", "bob"], issue="q", stance="pro")  # co-asserted: ann+bob
    argument.add_node("c2", speakers=["cat"], issue="q", stance="con")
    argument.add_node("c3", speakers=["ann"], issue=None, stance=None)
    argument.add_edge("c2", "c1", type="attacks")      # cat against ann and bob
    argument.add_edge("c3", "c2", type="undercuts")    # ann against cat
    argument.add_edge("c2", "c3", type="rephrases")    # cat restates ann: agreement
    argument.add_edge("c1", "c3", type="supports")     # ann and bob for ann (self-ties are dropped)
    # Stances on issue q: ann and bob pro, cat con.
    assert issue_leanings(argument) == {"q": {"ann": 1, "bob": 1, "cat": -1}}
    net = signed_speaker_network(argument)
    ties = {tuple(sorted((s, t))): (d["positive"], d["negative"]) for s, t, d in net.edges(data=True)}
    # ann-bob: co-assertion, bob's c1 supports ann's c3, same side of q: 3 positive.
    # ann-cat: attack c2->c1, undercut c3->c2, opposite sides of q (negative 3); rephrase (positive 1).
    # bob-cat: attack c2->c1, opposite sides of q: negative 2.
    assert ties == {("ann", "bob"): (3, 0), ("ann", "cat"): (1, 3), ("bob", "cat"): (0, 2)}
    assert signed_speaker_network(argument, stances=False)["ann"]["bob"]["positive"] == 2


def test_a_balanced_network_is_split_into_its_planted_camps() -> None:
    # Harary's structure theorem (Cartwright & Harary 1956): a signed graph is balanced exactly
    # when it splits into camps with every positive tie inside and every negative tie across;
    # Davis (1967) for more than two camps. Plant 2-4 camps, a positive spanning path inside
    # each (so it is connected) plus random ties of the right sign: the partition must be the
    # planted one with zero frustration.
    rng = random.Random(7)
    for _ in range(40):
        k, nodes = rng.randint(2, 4), [f"s{i:02d}" for i in range(rng.randint(6, 18))]
        rng.shuffle(nodes)
        planted = [sorted(nodes[i::k]) for i in range(k)]
        camp_of = {s: n for n, camp in enumerate(planted) for s in camp}
        edges = [(a, b, 1, 0) for camp in planted for a, b in zip(camp, camp[1:])]
        for a in nodes:
            for b in nodes:
                if a < b and rng.random() < 0.3:
                    edges.append((a, b, 1, 0) if camp_of[a] == camp_of[b] else (a, b, 0, rng.randint(1, 3)))
        between = [(a, b) for a in nodes for b in nodes if camp_of[a] < camp_of[b]]
        edges += [(a, b, 0, 1) for a, b in rng.sample(between, 1)]  # at least one negative tie
        result = partition_camps(signed(edges))
        assert result.frustration == 0 and result.balance == 1.0
        assert sorted(map(sorted, result.camps)) == sorted(planted)


def test_partition_matches_the_exhaustive_optimum_on_small_networks() -> None:
    # Correlation clustering is NP-hard, so the search is a heuristic; on networks of up to 7
    # speakers every partition can be tried (Bell(7) = 877) and the search must find the minimum.
    rng = random.Random(11)
    for _ in range(120):
        n = rng.randint(3, 7)
        nodes = [f"p{i}" for i in range(n)]
        edges = []
        for a in nodes:
            for b in nodes:
                if a < b and rng.random() < 0.6:
                    edges.append((a, b, rng.randint(0, 3), rng.randint(0, 3)))
        network = signed([e for e in edges if e[2] + e[3]])
        if network.number_of_edges() == 0:
            continue
        assert partition_camps(network).frustration == least_frustration(network), sorted(network.edges(data=True))


def test_speakers_without_ties_are_unaligned() -> None:
    network = signed([("a", "b", 2, 0), ("b", "c", 0, 1)])
    network.add_node("loner")
    result = partition_camps(network)
    assert result.unaligned == ["loner"] and result.camps == [["a", "b"], ["c"]]
    assert result.camp_of() == {"a": 1, "b": 1, "c": 2}
    assert partition_camps(nx.Graph()).camps == []


def test_partition_is_deterministic(flagship: Path) -> None:
    network = signed_speaker_network(argument_graph(load(flagship)))
    assert partition_camps(network).camps == partition_camps(network).camps


def test_flagship_camps_are_the_articles_two_sides(flagship: Path) -> None:
    report = analyze(load(flagship))
    camp = {s.name: s.camp for s in report.speakers}
    # The feature's worried side: crew and craftspeople who say AI erases their work and lacks
    # taste or originality. Mariscal (dolly grip: the blue screens and the grips are gone), Tung
    # (storyboard artist: crews will shrink, AI work is forgettable), Marino (makeup artist: taste
    # and choice are human; "why have humans?") and Curtis (documentary maker: AI scrapes artists
    # and is stuck with the ghosts of the past).
    worried = {"Diego Mariscal", "Sam Tung", "Mike Marino", "Adam Curtis"}
    # Its enthusiastic side: people who make or build with AI and describe freedom, access and a
    # human-machine partnership. Watmough (editor who won an AI contest), Puhm (head of Luma AI's
    # studio), Carter (production designer working with Midjourney), Soto (AI helps kids without
    # cameras), Mack (Lightcraft CEO), Rus (MIT CSAIL: partnership) and Cameron (AI frees artists
    # from mundane work).
    enthusiastic = {"Hal Watmough", "Verena Puhm", "Rick Carter", "Ángel Manuel Soto", "Eliot Mack", "Daniela Rus", "James Cameron"}
    assert len({camp[s] for s in worried}) == 1, {s: camp[s] for s in worried}
    assert len({camp[s] for s in enthusiastic}) == 1, {s: camp[s] for s in enthusiastic}
    assert camp[next(iter(worried))] != camp[next(iter(enthusiastic))]
    # "Prompt and pray" critics are attacked by Puhm and Watmough: not in the enthusiasts' camp.
    assert camp["Critics of AI filmmaking"] != camp["Hal Watmough"]
    # The camps fit the signs far better than chance: most ties agree with them.
    assert report.balance > 0.75 and report.ties > 100
