"""Positions computed ahead: deterministic, screen-shaped, and no two boxes overlapping."""
from __future__ import annotations

from itertools import combinations

import networkx as nx

from argmap.exports.layout import DENSE_LIMIT, force_layout, positions, principal_axes, snap_to_grid


def overlapping(points, sizes, gap: float = 0.0) -> list[tuple]:
    """Pairs of boxes closer than ``gap`` on both axes, checked pair by pair (independently of the sweep)."""
    bad = []
    for a, b in combinations(points, 2):
        (ax, ay), (bx, by) = points[a], points[b]
        (aw, ah), (bw, bh) = sizes[a], sizes[b]
        if abs(ax - bx) < (aw + bw) / 2 + gap - 1e-6 and abs(ay - by) < (ah + bh) / 2 + gap - 1e-6:
            bad.append((a, b))
    return bad


def karate() -> tuple[nx.Graph, dict]:
    """Zachary's karate club (shipped with networkx) with boxes of several sizes, like claims and speakers."""
    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    sizes = {n: (60.0 + 15 * (int(n) % 7), 30.0 + 10 * (int(n) % 3)) for n in graph}
    return graph, sizes


def test_same_graph_same_positions_and_seed_matters() -> None:
    graph, sizes = karate()
    assert positions(graph, sizes) == positions(graph, sizes)
    assert positions(graph, sizes, seed=1) != positions(graph, sizes, seed=2)


def test_no_two_boxes_overlap_after_layout() -> None:
    graph, sizes = karate()
    placed = positions(graph, sizes, gap=10.0)
    assert set(placed) == set(graph)
    # Rounding to 0.1 px may eat at most 0.2 px of the 10 px gap.
    assert overlapping(placed, sizes, gap=9.5) == []


def test_layout_is_wider_than_tall() -> None:
    graph, sizes = karate()
    placed = positions(graph, sizes)
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    assert (max(xs) - min(xs)) > (max(ys) - min(ys))


def test_snap_to_grid_gives_the_wanted_place_to_the_largest_and_room_to_all() -> None:
    points = {f"b{i}": (0.0, 0.0) for i in range(200)}
    sizes = {f"b{i}": (80.0 + i % 5 * 20, 30.0 + i % 3 * 10) for i in range(200)}
    sizes["big"], points["big"] = (300.0, 90.0), (0.0, 0.0)
    placed = snap_to_grid(points, sizes, gap=10.0)
    assert set(placed) == set(points)
    assert overlapping(placed, sizes, gap=10.0) == []
    # The largest box is placed first, in the block nearest its wanted centre.
    assert abs(placed["big"][0]) <= 100 and abs(placed["big"][1]) <= 40
    # Nobody is sent further than the crowd requires: all within a few box sizes.
    assert max(abs(x) for x, _ in placed.values()) < 3000


def test_large_maps_are_packed_looser_but_never_overlap() -> None:
    graph = nx.relabel_nodes(nx.random_labeled_tree(DENSE_LIMIT + 200, seed=3), str)
    sizes = {n: (180.0, 50.0) for n in graph}
    placed = positions(graph, sizes)
    cells = {(round(x / 95), round(y / 30)) for x, y in placed.values()}
    assert len(cells) == len(placed)  # each box's centre in a cell of its own (half a box wide)
    dense = positions(graph, sizes, density=0.7)
    assert _area(placed) > _area(dense)


def _area(placed) -> float:
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def test_principal_axes_turn_a_vertical_line_horizontal() -> None:
    turned = principal_axes({str(i): (0.0, float(i)) for i in range(5)})
    assert all(abs(y) < 1e-9 for _, y in turned.values())
    assert sorted(round(abs(x), 6) for x, _ in turned.values()) == [0.0, 1.0, 1.0, 2.0, 2.0]


def test_force_layout_keeps_neighbours_closer_than_strangers() -> None:
    # Two cliques joined by one edge: within-clique distances are shorter than across.
    graph = nx.relabel_nodes(nx.barbell_graph(6, 0), str)
    placed = force_layout(graph)
    dist = lambda a, b: ((placed[a][0] - placed[b][0]) ** 2 + (placed[a][1] - placed[b][1]) ** 2) ** 0.5  # noqa: E731
    inside = max(dist(a, b) for a, b in combinations([str(i) for i in range(6)], 2))
    across = min(dist(str(a), str(b)) for a in range(5) for b in range(7, 12))
    assert inside < across


def test_tiny_graphs() -> None:
    assert positions(nx.Graph()) == {}
    single = nx.Graph()
    single.add_node("only")
    assert set(positions(single)) == {"only"}
