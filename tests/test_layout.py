"""Positions computed ahead: deterministic, screen-shaped, and no two boxes overlapping."""
from __future__ import annotations

import random
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


def test_debate_layout_puts_pro_left_con_right_bands_top_down_without_overlap() -> None:
    from argmap.exports.layout import ClaimSlot, SpeakerSlot, debate_layout

    rng = random.Random(3)
    claims = {f"c{i}": ClaimSlot(rng.choice(["a", "b", "c"]), rng.choice(["pro", "con", "neutral"]), rng.random()) for i in range(60)}
    speakers = {f"s{i}": SpeakerSlot("pro" if i % 3 else "con", f"g{i % 2}", i, 15.0) for i in range(9)}
    sizes = {n: (rng.uniform(120, 260), rng.uniform(40, 120)) for n in claims} | {s: (150.0, 110.0) for s in speakers}
    placed, heads = debate_layout(claims, [("a", "A?"), ("b", "B?"), ("c", "C?")], speakers, {"g0": "G0", "g1": "G1"}, sizes)
    assert set(placed) == set(claims) | set(speakers)
    boxes = {n: (x - sizes[n][0] / 2, y - sizes[n][1] / 2, x + sizes[n][0] / 2, y + sizes[n][1] / 2) for n, (x, y) in placed.items()}
    claim_boxes = [boxes[c] for c in claims]
    for a, b in combinations(claim_boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    pro = [boxes[c] for c, s in claims.items() if s.side == "pro"]
    con = [boxes[c] for c, s in claims.items() if s.side == "con"]
    neutral = [boxes[c] for c, s in claims.items() if s.side == "neutral"]
    assert max(b[2] for b in pro) < min(b[0] for b in neutral) and max(b[2] for b in neutral) < min(b[0] for b in con)
    assert max(placed[s][0] for s, v in speakers.items() if v.side == "pro") < min(b[0] for b in pro)
    assert min(placed[s][0] for s, v in speakers.items() if v.side == "con") > max(b[2] for b in con)
    band_y = {h["text"]: h["y"] for h in heads if h["role"] == "band"}
    assert band_y["A?"] < band_y["B?"] < band_y["C?"]
    for band, next_band in (("a", "B?"), ("b", "C?")):
        assert max(boxes[c][3] for c, s in claims.items() if s.band == band) < band_y[next_band]
    # Within a band and side, higher rank sits higher.
    a_pro = sorted((c for c, s in claims.items() if s.band == "a" and s.side == "pro"), key=lambda c: -claims[c].rank)
    assert placed[a_pro[0]][1] == min(placed[c][1] for c in a_pro)
    assert {h["text"] for h in heads if h["role"] == "group"} == {"G0", "G1"}
