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
from dataclasses import dataclass

import networkx as nx

from argmap.analysis.projection import ordered_subgraph

Size = tuple[float, float]
DENSE, SPARSE, DENSE_LIMIT = 0.7, 0.4, 2000
"""Share of the layout's area covered by boxes: small maps (up to DENSE_LIMIT nodes) are packed tighter."""


def force_layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman & Reingold (1991), "Graph drawing by force-directed placement", via igraph.

    igraph's ``layout_fruchterman_reingold`` (grid variant above 1,000 nodes), started from
    positions drawn from ``random.Random(seed)`` with igraph's own random numbers drawn from a
    generator seeded the same way. Edges are taken as undirected, parallel edges once. Returns
    unscaled coordinates keyed by node.

    A path a - b - c - d comes out as a line, in order, the same on every run:

    >>> placed = force_layout(nx.path_graph(["a", "b", "c", "d"]))
    >>> sorted(placed, key=lambda n: placed[n][0]), placed == force_layout(nx.path_graph(["a", "b", "c", "d"]))
    (['a', 'b', 'c', 'd'], True)
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


def snap_to_grid(points: Mapping[str, tuple[float, float]], sizes: Mapping[str, Size], gap: float = 10.0) -> dict[str, tuple[float, float]]:
    """Place every box on a grid, as near its position in ``points`` as a free place allows, none overlapping.

    The grid's cell is the median box plus ``gap``; a box larger than a cell takes a block of
    cells. Boxes are placed largest first (then by name), each in the free block nearest its
    wanted place, searched ring by ring around it (nearest first by Euclidean distance). This is
    the cell-occupancy idea of grid-based overlap removal (e.g. Gansner & Hu 2010, "Efficient,
    proximity-preserving node overlap removal", compare their grid baseline): no two boxes share a
    cell, so no two overlap, and every box moves as little as the free cells around it allow.
    Deterministic: the same input gives the same output.

    Two 40 x 20 boxes that want nearly the same place end up one above the other; one far away
    keeps its place:

    >>> snap_to_grid({"a": (0, 0), "b": (5, 0), "c": (200, 0)}, {n: (40.0, 20.0) for n in "abc"})
    {'a': (0.0, 0.0), 'b': (0.0, -30.0), 'c': (200.0, 0.0)}
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

    A vertical line of three points turns horizontal, centred on its middle point:

    >>> turned = principal_axes({"a": (0, 0), "b": (0, 2), "c": (0, 4)})
    >>> {n: (round(x, 6) + 0, round(y, 6) + 0) for n, (x, y) in turned.items()}
    {'a': (2.0, 0.0), 'b': (0.0, 0.0), 'c': (-2.0, 0.0)}
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

    >>> placed = positions(nx.path_graph(["a", "b", "c", "d"]))
    >>> sorted(placed, key=lambda n: placed[n][0]), len(set(placed.values()))
    (['a', 'b', 'c', 'd'], 4)
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


@dataclass(frozen=True)
class ClaimSlot:
    """Where a claim goes in the debate layout: its issue's band, its side and its rank (higher first)."""

    band: str
    side: str
    rank: float


@dataclass(frozen=True)
class SpeakerSlot:
    """Where a speaker goes in the debate layout: ``side`` ("pro" or "con"), its ``group`` (camp), rank, dot radius."""

    side: str
    group: str
    rank: float
    radius: float


SIDES = ("pro", "neutral", "con")


def _grid(items: list[str], sizes: Mapping[str, Size], columns: int, cell_w: float, gap: float,
          left: float, top: float) -> tuple[dict[str, tuple[float, float]], float]:
    """``items`` in ``columns`` columns of width ``cell_w`` from (left, top), each box in turn put at the
    foot of the shortest column (leftmost on ties: a masonry layout); returns the centres and the bottom."""
    placed: dict[str, tuple[float, float]] = {}
    feet = [top] * columns
    for n in items:
        i = feet.index(min(feet))
        placed[n] = (left + (i + 0.5) * cell_w, feet[i] + sizes[n][1] / 2)
        feet[i] += sizes[n][1] + gap
    return placed, max(feet)


def debate_layout(claims: Mapping[str, ClaimSlot], bands: list[tuple[str, str]], speakers: Mapping[str, SpeakerSlot],
                  groups: Mapping[str, str], sizes: Mapping[str, Size], aspect: float = 1.6, gap: float = 10.0,
                  heading: float = 48.0) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """A debate drawn as Kialo draws one (pros in a column on the left, cons on the right) in bands,
    one per issue, top down in the order of ``bands`` (``(id, title)``), the way Argdown's map reads.

    Within a band, claims are placed by ``rank`` (highest first, each at the foot of the shortest
    column of its block, so the most central claims of each issue are on top): pro claims in the left block, claims without stance in the middle,
    con claims in the right block. Speakers stand beside their side (``side`` "pro" on the far left,
    "con" on the far right), grouped under their ``group``'s title (``groups``), highest rank first.
    Every block has the same number of columns; that number is chosen so that the whole drawing
    fits a screen of ``aspect`` (width / height) at the largest scale. Boxes never overlap.

    Returns the positions (rounded to 0.1 px) and the headings to draw: dicts with ``text``, ``x``,
    ``y`` (centre of the text), ``size`` (font px) and ``role`` ("side", "band" or "group").

    >>> pos, heads = debate_layout({"a": ClaimSlot("q", "pro", 1), "b": ClaimSlot("q", "con", 1)},
    ...     [("q", "Should we?")], {}, {}, {"a": (100, 40), "b": (100, 40)})
    >>> pos["a"][0] < pos["b"][0], [h["text"] for h in heads]
    (True, ['for (pro)', 'against (con)', 'Should we?'])
    """
    if not claims and not speakers:
        return {}, []
    best: tuple[float, dict, list] | None = None
    for columns in range(1, 9):
        placed, heads = _debate_layout(claims, bands, speakers, groups, sizes, columns, gap, heading)
        xs = [x for x, _ in placed.values()]
        ys = [y for _, y in placed.values()]
        boxes = [(x - sizes[n][0] / 2, y - sizes[n][1] / 2, x + sizes[n][0] / 2, y + sizes[n][1] / 2) for n, (x, y) in placed.items()]
        width = max(b[2] for b in boxes) - min(b[0] for b in boxes) if xs else 1.0
        height = max(max(b[3] for b in boxes), max(h["y"] + h["size"] for h in heads)) - min(min(b[1] for b in boxes), min(h["y"] - h["size"] for h in heads)) if ys else 1.0
        scale = min(aspect / width, 1 / height)
        if best is None or scale > best[0] * 1.001:
            best = (scale, placed, heads)
    assert best is not None
    _, placed, heads = best
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in placed.items()}, heads


def _debate_layout(claims: Mapping[str, ClaimSlot], bands: list[tuple[str, str]], speakers: Mapping[str, SpeakerSlot],
                   groups: Mapping[str, str], sizes: Mapping[str, Size], columns: int, gap: float,
                   heading: float) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """:func:`debate_layout` with ``columns`` columns per side."""
    cell = max((sizes[c][0] for c in claims), default=0.0) + gap
    neutral_columns = max(1, (columns + 1) // 2) if any(s.side not in ("pro", "con") for s in claims.values()) else 0
    widths = {"pro": columns * cell, "neutral": neutral_columns * cell, "con": columns * cell}
    lefts = {"pro": 0.0, "neutral": widths["pro"] + 4 * gap * bool(neutral_columns)}
    lefts["con"] = lefts["neutral"] + widths["neutral"] + 4 * gap
    right = lefts["con"] + widths["con"]
    placed: dict[str, tuple[float, float]] = {}
    heads: list[dict] = []
    order = {band: i for i, (band, _) in enumerate(bands)}
    titles = dict(bands)
    in_band: dict[str, list[str]] = {}
    for c in sorted(claims, key=lambda c: (order.get(claims[c].band, len(order)), -claims[c].rank, c)):
        in_band.setdefault(claims[c].band, []).append(c)
    y = 0.0
    if claims:
        for side, text in (("pro", "for (pro)"), ("con", "against (con)")):
            heads.append({"text": text, "x": lefts[side] + widths[side] / 2, "y": y + heading / 2, "size": round(heading * 0.8), "role": "side"})
        y += heading + gap
    for band, members in in_band.items():
        heads.append({"text": titles.get(band, "other claims"), "x": right / 2, "y": y + heading / 3, "size": round(heading * 0.6), "role": "band"})
        y += heading * 2 / 3 + gap
        bottom = y
        for side in SIDES:
            items = [c for c in members if (claims[c].side if claims[c].side in ("pro", "con") else "neutral") == side]
            if items:
                cols = neutral_columns if side == "neutral" else columns
                got, end = _grid(items, sizes, cols, widths[side] / cols, gap, lefts[side], y)
                placed.update(got)
                bottom = max(bottom, end)
        y = bottom + gap
    claims_bottom = max(y, 1.0)
    # Speakers: one column (or more, to stay about as tall as the claims) on each side, by group.
    for side, sign in (("pro", -1), ("con", 1)):
        members = sorted((s for s in speakers if speakers[s].side == side),
                         key=lambda s: (speakers[s].group, -speakers[s].rank, s))
        if not members:
            continue
        total = sum(sizes[s][1] / 2 + speakers[s].radius + gap for s in members)
        span = max(1, -int(-total // claims_bottom)) if claims else 1
        width = max(sizes[s][0] for s in members) + gap
        edge = (lefts["pro"] - 4 * gap) if sign < 0 else (right + 4 * gap)
        left = edge - span * width if sign < 0 else edge
        sy = heading + gap if claims else 0.0
        for group in sorted({speakers[s].group for s in members}):
            heads.append({"text": groups.get(group, group), "x": left + span * width / 2, "y": sy + heading / 4,
                          "size": round(heading * 0.7), "role": "group"})
            sy += heading * 0.7 + gap
            in_group = [s for s in members if speakers[s].group == group]
            for start in range(0, len(in_group), span):
                row = in_group[start:start + span]
                tall = max(sizes[s][1] / 2 + speakers[s].radius for s in row)
                for i, s in enumerate(row):
                    placed[s] = (left + (i + 0.5) * width, sy + speakers[s].radius)
                sy += tall + 3 * gap  # room between one speaker's name and the next one's symbol
            sy += gap
    return placed, heads


def pack_tiles(tiles: Mapping[str, Size], aspect: float = 1.6, gap: float = 60.0) -> dict[str, tuple[float, float]]:
    """The top-left corners of rectangles ``tiles`` (width, height) packed in rows, tallest first, the
    rows as wide as makes the whole about ``aspect`` times as wide as tall (shelf packing, Coffman
    et al. 1980, "Performance bounds for level-oriented two-dimensional packing algorithms").
    Linear after the sort.

    >>> pack_tiles({"a": (100, 50), "b": (100, 40), "c": (100, 30)}, aspect=4.0, gap=0)
    {'a': (0.0, 0.0), 'b': (100.0, 0.0), 'c': (0.0, 50.0)}
    """
    if not tiles:
        return {}
    area = sum((w + gap) * (h + gap) for w, h in tiles.values())
    row_width = max(max(w for w, _ in tiles.values()), (area * aspect) ** 0.5)
    corners: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for name in sorted(tiles, key=lambda n: (-tiles[n][1], n)):
        w, h = tiles[name]
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        corners[name] = (x, y)
        x += w + gap
        row_height = max(row_height, h)
    return corners


def _bounds(placed: Mapping[str, tuple[float, float]], sizes: Mapping[str, Size]) -> tuple[float, float, float, float]:
    """The bounding box (left, top, right, bottom) of boxes of ``sizes`` centred at ``placed``."""
    return (min(x - sizes[n][0] / 2 for n, (x, _) in placed.items()), min(y - sizes[n][1] / 2 for n, (_, y) in placed.items()),
            max(x + sizes[n][0] / 2 for n, (x, _) in placed.items()), max(y + sizes[n][1] / 2 for n, (_, y) in placed.items()))


def grouped_layout(graph: nx.Graph, groups: Mapping[str, str], sizes: Mapping[str, Size], aspect: float = 1.6,
                   gap: float = 10.0, seed: int = 7, rank: Mapping[str, float] | None = None) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float, float, float]]]:
    """Positions for a graph made of many small groups (the debates of a corpus): each group laid out
    on its own by :func:`positions` (so the cost is the sum of small layouts, near-linear in nodes,
    where one force layout and grid snapping of 27,000 nodes took minutes), the groups then packed
    side by side by :func:`pack_tiles`. Nodes without a group (``groups`` has no entry: people who
    speak in several debates) stand in rows above, highest ``rank`` first (then in the order of
    ``graph``'s nodes).

    Returns the positions (rounded to 0.1 px) and each group's box (left, top, right, bottom).

    >>> g = nx.Graph([("a1", "a2"), ("b1", "b2")])
    >>> g.add_node("s")
    >>> pos, boxes = grouped_layout(g, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}, {n: (40.0, 40.0) for n in g})
    >>> sorted(boxes), pos["s"][1] < min(pos[n][1] for n in ("a1", "a2", "b1", "b2"))
    (['A', 'B'], True)
    """
    members: dict[str, list[str]] = {}
    for node in graph.nodes:
        if node in groups:
            members.setdefault(groups[node], []).append(node)
    local: dict[str, dict[str, tuple[float, float]]] = {}
    tiles: dict[str, Size] = {}
    for group, nodes in members.items():
        placed = positions(ordered_subgraph(graph, nodes), {n: sizes[n] for n in nodes}, seed, gap)
        left, top, right, bottom = _bounds(placed, sizes)
        local[group] = {n: (x - left, y - top) for n, (x, y) in placed.items()}
        tiles[group] = (right - left, bottom - top)
    corners = pack_tiles(tiles, aspect, gap=6 * gap)
    result: dict[str, tuple[float, float]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for group, (cx, cy) in corners.items():
        boxes[group] = (cx, cy, cx + tiles[group][0], cy + tiles[group][1])
        result.update((n, (cx + x, cy + y)) for n, (x, y) in local[group].items())
    width = max((b[2] for b in boxes.values()), default=1000.0)
    order = {n: i for i, n in enumerate(graph.nodes)}
    alone = sorted((n for n in graph.nodes if n not in groups), key=lambda n: (-(rank or {}).get(n, 0.0), order[n]))
    result.update(rows_above(alone, sizes, width, -6 * gap, gap))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in result.items()}, boxes


def rows_above(names: list[str], sizes: Mapping[str, Size], width: float, bottom: float, gap: float = 10.0) -> dict[str, tuple[float, float]]:
    """Centres for boxes ``names`` in rows of equal cells across ``width`` from x = 0, the rows ending
    at ``bottom`` (y grows downwards), the first names in the top row.

    >>> rows_above(["a", "b", "c"], {n: (80.0, 20.0) for n in "abc"}, 200, 0, gap=10)
    {'a': (50.0, -60.0), 'b': (150.0, -60.0), 'c': (50.0, -20.0)}
    """
    cell = max((sizes[n][0] for n in names), default=0.0) + 2 * gap
    per_row = max(1, int(width // cell)) if cell else 1
    rows = -(-len(names) // per_row)
    row_height = max((sizes[n][1] for n in names), default=0.0) + 2 * gap
    placed = {}
    for i, node in enumerate(names):
        row, column = divmod(i, per_row)
        placed[node] = ((column + 0.5) * cell, bottom - (rows - row) * row_height + row_height / 2)
    return placed
