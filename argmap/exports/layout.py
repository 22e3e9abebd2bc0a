"""Node positions computed ahead of the browser, so that a map opens laid out and stays still.

vis-network's physics needs minutes to settle a few thousand nodes in a browser (pyvis issue
#204; ~126 s for 2,000 nodes measured here), and its overlap avoidance treats a box as a circle
and is only a soft force, so labelled boxes pile up. argmap therefore lays every map out in
Python: igraph's Fruchterman-Reingold (a C implementation with a grid approximation on large
graphs: ~1 s for 10,000 nodes and 30,000 edges, where networkx's ``spring_layout`` takes ~2
minutes), seeded so the same graph always gets the same positions, then moves boxes apart until
no two labels overlap.
"""
from __future__ import annotations

import random
from collections.abc import Mapping

import networkx as nx

Size = tuple[float, float]


def force_layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman & Reingold (1991), "Graph drawing by force-directed placement", via igraph.

    igraph's ``layout_fruchterman_reingold`` (grid variant above 1,000 nodes), started from
    positions drawn from ``random.Random(seed)`` with igraph's own random numbers drawn from a
    generator seeded the same way. Edges are taken as undirected, parallel edges once. Returns
    unscaled coordinates keyed by node.
    """
    import igraph

    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v})
    rng = random.Random(seed)
    start = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in nodes]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(seed=start, niter=500)
    finally:
        igraph.set_random_number_generator(random)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, layout.coords)}


def median_nearest_distance(coords: list[tuple[float, float]]) -> float:
    """The median distance from each point to its nearest other point (0 for fewer than 2 points)."""
    if len(coords) < 2:
        return 0.0
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(coords).query(coords, k=2)
    return float(sorted(d[1] for d in distances)[len(coords) // 2])


def remove_overlaps(points: dict[str, list[float]], sizes: Mapping[str, Size], gap: float = 10.0, rounds: int = 60) -> int:
    """Move boxes (centre ``points[n]``, width and height ``sizes[n]``) apart until none overlap.

    Sweep and prune over x finds the overlapping pairs; each pair is pushed apart, half each,
    along the axis where the overlap is smaller (the move that disturbs the layout least), as
    in the force-scan family of overlap removal (Misue et al. 1995, "Layout adjustment and the
    mental map"). Repeats up to ``rounds`` times; returns the number of overlaps left (0 when done).
    Processing order is fixed (sorted by x, then node), so the result is deterministic.
    """
    overlaps = 0
    for _ in range(rounds):
        order = sorted(points, key=lambda n: (points[n][0] - sizes[n][0] / 2, n))
        active: list[str] = []
        overlaps = 0
        for node in order:
            x, y = points[node]
            w, h = sizes[node]
            left = x - w / 2
            active = [m for m in active if points[m][0] + sizes[m][0] / 2 + gap > left]
            for other in active:
                ox, oy = points[other]
                ow, oh = sizes[other]
                dx = (w + ow) / 2 + gap - abs(x - ox)
                dy = (h + oh) / 2 + gap - abs(y - oy)
                if dx <= 0 or dy <= 0:
                    continue
                overlaps += 1
                if dx < dy:
                    step = dx / 2 if x >= ox else -dx / 2
                    points[node][0] += step
                    points[other][0] -= step
                else:
                    step = dy / 2 if y >= oy else -dy / 2
                    points[node][1] += step
                    points[other][1] -= step
                x, y = points[node]
            active.append(node)
        if overlaps == 0:
            break
    return overlaps


def principal_axes(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """``points`` centred and rotated so that their direction of greatest spread is the x axis.

    Principal component analysis of the 2-D point cloud (Pearson 1901); the sign of each axis is
    fixed (the point farthest along it lies on its positive side) so the result is deterministic.
    """
    import numpy as np

    names = list(points)
    coords = np.array([points[n] for n in names], dtype=float)
    coords -= coords.mean(axis=0)
    if len(names) < 2:
        return {n: (0.0, 0.0) for n in names}
    _, vectors = np.linalg.eigh(np.cov(coords.T))
    rotated = coords @ vectors[:, ::-1]
    for axis in range(2):
        far = int(np.argmax(np.abs(rotated[:, axis])))
        if rotated[far, axis] < 0:
            rotated[:, axis] *= -1
    return {n: (float(x), float(y)) for n, (x, y) in zip(names, rotated)}


def positions(graph: nx.Graph, sizes: Mapping[str, Size] | None = None, seed: int = 7, gap: float = 10.0,
              aspect: float = 1.4, density: float = 0.6) -> dict[str, tuple[float, float]]:
    """Deterministic positions (in pixels) for the nodes of ``graph``, boxes of ``sizes`` not overlapping.

    :func:`force_layout`, turned by :func:`principal_axes` so that it is wider than tall, then
    scaled along each axis so that its bounding box has the ``aspect`` (width / height) of a
    screen and the boxes cover about ``density`` of it, then :func:`remove_overlaps`; rounded to
    0.1 px so that it serialises identically. Without ``sizes``, every node is a 40 x 40 px box.
    """
    base = force_layout(graph, seed)
    if not base:
        return {}
    base = principal_axes(base)
    sizes = sizes if sizes is not None else {n: (40.0, 40.0) for n in base}
    area = sum((sizes[n][0] + gap) * (sizes[n][1] + gap) for n in base) / density
    height = (area / aspect) ** 0.5
    xs, ys = [x for x, _ in base.values()], [y for _, y in base.values()]
    sx = aspect * height / ((max(xs) - min(xs)) or 1.0)
    sy = height / ((max(ys) - min(ys)) or 1.0)
    points = {n: [x * sx, y * sy] for n, (x, y) in base.items()}
    remove_overlaps(points, sizes, gap)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in points.items()}
