"""Which claims the debate turns on: PageRank, betweenness and controversy over the argument graph."""
from __future__ import annotations

import networkx as nx

from argmap.analysis.semantics import ATTACK_TYPES


def claim_pagerank(argument: nx.MultiDiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank of each claim on the argument graph, relations pointing at the claims they target.

    A claim ranks high when many (highly ranked) claims support, attack or rephrase it: it is
    what the debate argues about. Parallel relations between two claims count once each.

    Parameters
    ----------
    argument : networkx.MultiDiGraph
        The argument graph (:func:`argmap.analysis.projection.argument_graph`): claims as nodes,
        relations as edges from the claim that relates to the claim it targets.
    alpha : float, default 0.85
        The damping factor: the probability of following a relation rather than jumping to a
        claim at random.

    Returns
    -------
    dict of str to float
        The PageRank of each claim, by IRI, summing to 1 (empty for a graph without claims).

    See Also
    --------
    claim_betweenness : The claims that hold the argument together.
    claim_controversy : How contested each claim is.

    Notes
    -----
    PageRank as defined by Page, Brin, Motwani & Winograd (1999), "The PageRank citation ranking:
    bringing order to the web"; computed by ``networkx.pagerank`` with damping factor ``alpha``,
    the parallel relations between two claims as the weight of one edge.

    Examples
    --------
    In the small town-meeting debate, the claim that is attacked and supported ranks first:

    >>> from pathlib import Path
    >>> from argmap.analysis.projection import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> ranks = claim_pagerank(argument)
    >>> [(c.rsplit("/", 1)[1], round(r, 3)) for c, r in sorted(ranks.items(), key=lambda cr: -cr[1])][:3]
    [('ana-footfall', 0.421), ('ben-deliveries', 0.188), ('residents-quiet', 0.188)]
    """
    if argument.number_of_nodes() == 0:
        return {}
    simple: nx.DiGraph[str] = nx.DiGraph()
    simple.add_nodes_from(argument.nodes)
    for u, v in argument.edges():
        simple.add_edge(u, v, weight=simple.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    return nx.pagerank(simple, alpha=alpha, weight="weight")



NETWORKX_PART_LIMIT = 300
"""Connected parts of at most this many claims get their exact betweenness from networkx, larger
ones from igraph (:func:`pair_betweenness`): the same values, ~100 times faster."""


def pair_betweenness(simple: nx.Graph) -> dict:
    """Unnormalised betweenness of each node of an undirected simple graph, computed by igraph.

    The value of ``networkx.betweenness_centrality(simple, normalized=False)``, up to the order in
    which floating-point terms are summed (a relative difference below 1e-12), computed in
    igraph's C core: :func:`claim_betweenness` uses it for connected parts of more than
    :data:`NETWORKX_PART_LIMIT` claims.

    Parameters
    ----------
    simple : networkx.Graph
        An undirected graph without parallel edges; its nodes may be any hashable values.

    Returns
    -------
    dict
        The betweenness of each node of ``simple``, in the order of its nodes, not normalised.

    See Also
    --------
    claim_betweenness : The normalised betweenness of each claim of an argument graph.

    Notes
    -----
    For node v, the sum over unordered pairs {s, t} of other nodes of sigma_st(v) / sigma_st,
    sigma_st being the number of shortest s-t paths and sigma_st(v) those through v (Freeman
    1977, "A set of measures of centrality based on betweenness"), by Brandes' algorithm (2001,
    "A faster algorithm for betweenness centrality").

    Examples
    --------
    On the path a - b - c - d, b lies on the shortest paths a-c and a-d, c on a-d and b-d:

    >>> pair_betweenness(nx.path_graph(["a", "b", "c", "d"]))
    {'a': 0.0, 'b': 2.0, 'c': 2.0, 'd': 0.0}
    """
    import igraph

    nodes = list(simple)
    index = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in simple.edges()], directed=False)
    return dict(zip(nodes, g.betweenness(directed=False)))


def claim_betweenness(argument: nx.MultiDiGraph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality of each claim in the argument graph, direction and type ignored.

    The share of shortest paths between two other claims that pass through a claim, normalised by
    (n - 1)(n - 2) / 2 for the whole graph of n claims: the claims that hold the rest of the
    argument together, the ones the debate turns on. No path leaves a connected part, so each part
    is computed on its own (the same values as on the whole graph, without the cost of visiting
    every claim from every source). The values are exact: a part of up to
    :data:`NETWORKX_PART_LIMIT` claims is computed by networkx, a larger one by igraph
    (:func:`pair_betweenness`; networkx's pure-Python Brandes takes 6 minutes on a part of 10,000
    claims, igraph 4 s). With ``k``, a part of more than ``k`` claims is instead
    estimated from ``k`` seeded random source claims (Brandes & Pich 2007) by networkx.

    Parameters
    ----------
    argument : networkx.MultiDiGraph
        The argument graph (:func:`argmap.analysis.projection.argument_graph`); relations from a
        claim to itself are ignored.
    k : int or None, optional
        Estimate the betweenness of a connected part of more than ``k`` claims from ``k`` random
        source claims; exact when None.
    seed : int, default 0
        The seed of the random choice of source claims, so that an estimate is the same every run.

    Returns
    -------
    dict of str to float
        The betweenness of each claim, by IRI, normalised as above: between 0 and 1 when exact,
        0 for every claim of a graph of fewer than three claims.

    See Also
    --------
    pair_betweenness : The unnormalised betweenness that igraph computes for large parts.
    claim_pagerank : The claims the debate argues about.

    Notes
    -----
    Betweenness as defined by Freeman (1977), "A set of measures of centrality based on
    betweenness", computed by Brandes' algorithm (2001), "A faster algorithm for betweenness
    centrality"; the estimate from ``k`` sources is Brandes & Pich (2007), "Centrality estimation
    in large networks".

    Examples
    --------
    In the small town-meeting debate, Ana's claim joins the two chains of replies:

    >>> from pathlib import Path
    >>> from argmap.analysis.projection import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> {c.rsplit("/", 1)[1]: round(b, 3) for c, b in sorted(claim_betweenness(argument).items())}
    {'ana-footfall': 0.667, 'ben-deliveries': 0.5, 'ben-noise-moves': 0.0, 'council-loading': 0.0, 'residents-quiet': 0.5}
    """
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(argument.nodes)
    simple.add_edges_from((u, v) for u, v in argument.edges() if u != v)
    n = simple.number_of_nodes()
    scores = dict.fromkeys(simple, 0.0)
    if n < 3:
        return scores
    scale = 2.0 / ((n - 1) * (n - 2))
    for part in nx.connected_components(simple):
        if len(part) < 3:
            continue
        sub = simple.subgraph(part).copy()
        if k is not None and k < len(part):
            pairs = nx.betweenness_centrality(sub, k=k, seed=seed, normalized=False)
        elif len(part) > NETWORKX_PART_LIMIT:
            pairs = pair_betweenness(sub)
        else:
            pairs = nx.betweenness_centrality(sub, normalized=False)
        scores.update((c, v * scale) for c, v in pairs.items())
    return scores


def claim_sides(argument: nx.MultiDiGraph, claim: str) -> tuple[set[str], set[str]]:
    """The speakers for and against a claim.

    For: who asserts ``claim`` or a claim supporting it; against: who asserts a claim attacking or
    undercutting it. A speaker can be on both sides.

    Parameters
    ----------
    argument : networkx.MultiDiGraph
        The argument graph (:func:`argmap.analysis.projection.argument_graph` or
        :func:`argmap.analysis.projection.merged_argument`).
    claim : str
        The claim's IRI, a node of ``argument``.

    Returns
    -------
    tuple of (set of str, set of str)
        The IRIs of the speakers for the claim and of those against it.

    Raises
    ------
    KeyError
        When ``claim`` is not a node of ``argument``.

    See Also
    --------
    claim_controversy : How many pairs of speakers the sides oppose.

    Examples
    --------
    Ana's claim that a car-free street brings people past the shops is asserted by Ana, supported
    by the residents' claim and attacked by Ben's:

    >>> from pathlib import Path
    >>> from argmap.analysis.projection import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> pro, con = claim_sides(argument, "https://w3id.org/argmap/id/mini/claim/ana-footfall")
    >>> sorted(s.rsplit("/", 1)[1] for s in pro), sorted(s.rsplit("/", 1)[1] for s in con)
    (['ana', 'residents'], ['ben'])
    """
    pro = set(argument.nodes[claim]["speakers"])
    con: set[str] = set()
    incoming: list[tuple[str, str, str]] = list(argument.in_edges(claim, data="type"))
    for u, _, rtype in incoming:
        side = pro if rtype == "supports" else con if rtype in ATTACK_TYPES else None
        if side is not None:
            side.update(argument.nodes[u]["speakers"])
    return pro, con


def claim_controversy(argument: nx.MultiDiGraph) -> dict[str, int]:
    """How contested each claim is: the number of pairs of different speakers on opposite sides.

    With F the speakers for the claim and A those against it (:func:`claim_sides`), the score is
    the number of pairs (f, a), f in F, a in A, f != a: 0 when nobody attacks it or nobody
    defends it, growing with the number of speakers on each side and largest when they are even.

    Parameters
    ----------
    argument : networkx.MultiDiGraph
        The argument graph (:func:`argmap.analysis.projection.argument_graph`).

    Returns
    -------
    dict of str to int
        The number of opposed pairs of speakers of each claim, by IRI.

    See Also
    --------
    claim_sides : The speakers for and against one claim.

    Examples
    --------
    Ana's claim is defended by Ana and the residents and attacked by Ben: two pairs.

    >>> from pathlib import Path
    >>> from argmap.analysis.projection import argument_graph
    >>> from argmap.graph.formats import read_files
    >>> argument = argument_graph(read_files([Path("tests/fixtures/mini.yaml")]))
    >>> {c.rsplit("/", 1)[1]: n for c, n in sorted(claim_controversy(argument).items())}
    {'ana-footfall': 2, 'ben-deliveries': 1, 'ben-noise-moves': 0, 'council-loading': 0, 'residents-quiet': 2}
    """
    scores = {}
    for claim in argument.nodes:
        pro, con = claim_sides(argument, claim)
        scores[claim] = len(pro) * len(con) - len(pro & con)
    return scores

