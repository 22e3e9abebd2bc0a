"""Node positions computed ahead of the browser, so that a map opens laid out and stays still.

vis-network's physics needs minutes to settle a few thousand nodes in a browser (pyvis issue
#204; ~126 s for 2,000 nodes measured here), and its overlap avoidance treats a box as a circle
and is only a soft force, so labelled boxes pile up. argmap therefore lays every map out in
Python: igraph's Fruchterman-Reingold (a C implementation with a grid approximation on large
graphs: ~1 s for 10,000 nodes and 30,000 edges, where networkx's ``spring_layout`` takes ~2
minutes), seeded so the same graph always gets the same positions, then places every box in a
free cell of a grid near where the force layout put it, so no two labels overlap.
"""
from __future__ import annotations

import random
from collections.abc import Mapping

import networkx as nx

Size = tuple[float, float]
DENSE, SPARSE, DENSE_LIMIT = 0.7, 0.4, 2000
"""Share of the layout's area covered by boxes: small maps (up to DENSE_LIMIT nodes) are packed tighter."""


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
    half = len(nodes) ** 0.5 / 2  # igraph's own starting square; a smaller one defeats its grid
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
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


def snap_to_grid(points: Mapping[str, tuple[float, float]], sizes: Mapping[str, Size], gap: float = 10.0) -> dict[str, tuple[float, float]]:
    """Place every box on a grid, as near its position in ``points`` as a free place allows, none overlapping.

    The grid's cell is the median box plus ``gap``; a box larger than a cell takes a block of
    cells. Boxes are placed largest first (then by name), each in the free block nearest its
    wanted place, searched ring by ring around it (nearest first by Euclidean distance). This is
    the cell-occupancy idea of grid-based overlap removal (e.g. Gansner & Hu 2010, "Efficient,
    proximity-preserving node overlap removal", compare their grid baseline): no two boxes share a
    cell, so no two overlap, and every box moves as little as the free cells around it allow.
    Deterministic: the same input gives the same output.
    """
    if not points:
        return {}
    widths, heights = sorted(w for w, _ in sizes.values()), sorted(h for _, h in sizes.values())
    cw, ch = (widths[len(widths) // 2] + gap) / 2, (heights[len(heights) // 2] + gap) / 2
    taken: set[tuple[int, int]] = set()
    placed: dict[str, tuple[float, float]] = {}
    offsets = _offsets_by_distance(8, cw, ch)
    # Cells only fill up, so a later box wanting the same cell (with the same span) can resume the
    # search where the previous one found its place: crowded spots cost linear, not quadratic, time.
    resume: dict[tuple[int, int, int, int], int] = {}
    for name in sorted(points, key=lambda n: (-sizes[n][0] * sizes[n][1], n)):
        w, h = sizes[name]
        span_x, span_y = max(1, -int(-(w + gap) // cw)), max(1, -int(-(h + gap) // ch))
        x, y = points[name]
        want_i, want_j = round(x / cw - span_x / 2), round(y / ch - span_y / 2)
        block = [(a, b) for a in range(span_x) for b in range(span_y)]
        key = (want_i, want_j, span_x, span_y)
        tried = resume.get(key, 0)
        while name not in placed:
            if tried == len(offsets):
                offsets = _offsets_by_distance(2 * int(offsets[-1][2]) + 2, cw, ch)
            for di, dj, _ in offsets[tried:]:
                tried += 1
                i, j = want_i + di, want_j + dj
                if not any((i + a, j + b) in taken for a, b in block):
                    taken.update((i + a, j + b) for a, b in block)
                    placed[name] = ((i + span_x / 2) * cw, (j + span_y / 2) * ch)
                    resume[key] = tried - 1
                    break
    return placed


def _offsets_by_distance(radius: int, cw: float, ch: float) -> list[tuple[int, int, int]]:
    """Grid offsets within ``radius`` cells (Chebyshev), nearest first in pixels, ties broken by (dy, dx);
    the third item is each offset's ring number."""
    cells = [(i, j) for i in range(-radius, radius + 1) for j in range(-radius, radius + 1)]
    cells.sort(key=lambda c: ((c[0] * cw) ** 2 + (c[1] * ch) ** 2, c[1], c[0]))
    return [(i, j, max(abs(i), abs(j))) for i, j in cells]


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


def _spread(values: list[float]) -> float:
    """The extent of ``values`` between their 2nd and 98th percentiles (all of them below 50 values):
    a few far-flung nodes do not squeeze the rest together."""
    values = sorted(values)
    cut = len(values) // 50 if len(values) >= 50 else 0
    return values[len(values) - 1 - cut] - values[cut]


def positions(graph: nx.Graph, sizes: Mapping[str, Size] | None = None, seed: int = 7, gap: float = 10.0,
              aspect: float = 1.4, density: float | None = None) -> dict[str, tuple[float, float]]:
    """Deterministic positions (in pixels) for the nodes of ``graph``, boxes of ``sizes`` not overlapping.

    :func:`force_layout`, turned by :func:`principal_axes` so that it is wider than tall, then
    scaled along each axis so that its bounding box has the ``aspect`` (width / height) of a
    screen and the boxes cover about ``density`` of it, then :func:`snap_to_grid`; rounded to
    0.1 px so that it serialises identically. Without ``sizes``, every node is a 40 x 40 px box.
    ``density`` defaults to :data:`DENSE` up to :data:`DENSE_LIMIT` nodes (labels readable when the
    whole map is in view) and :data:`SPARSE` above, where labels are read zoomed in anyway and
    tighter packing would push boxes far from their places (and take minutes to find them room).
    """
    if density is None:
        density = DENSE if graph.number_of_nodes() <= DENSE_LIMIT else SPARSE
    base = force_layout(graph, seed)
    if not base:
        return {}
    base = principal_axes(base)
    sizes = sizes if sizes is not None else {n: (40.0, 40.0) for n in base}
    area = sum((sizes[n][0] + gap) * (sizes[n][1] + gap) for n in base) / density
    height = (area / aspect) ** 0.5
    sx = aspect * height / (_spread([x for x, _ in base.values()]) or 1.0)
    sy = height / (_spread([y for _, y in base.values()]) or 1.0)
    placed = snap_to_grid({n: (x * sx, y * sy) for n, (x, y) in base.items()}, sizes, gap)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in placed.items()}
