"""DOT out (Graphviz): the tabular projection, one cluster per debate, nodes and edges coloured by kind."""
from __future__ import annotations

from collections import defaultdict

from rdflib import Graph

from argmap.exports.tabular import EDGE_COLOURS, Table, node_colour, project

SHAPES = {"speaker": "ellipse", "issue": "hexagon", "claim": "box", "argument": "box3d"}
STYLES = {"asserts": "dashed", "on-issue": "dotted"}


def quoted(text: object) -> str:
    r"""``text`` as a DOT double-quoted string (backslashes, quotes and line breaks escaped).

    >>> print(quoted('say "no"\nthen \\ leave'))
    "say \"no\"\nthen \\ leave"
    """
    body = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{body}"'


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def table_dot(table: Table, name: str = "argmap") -> str:
    """The table as a Graphviz digraph; nodes grouped in a ``cluster_<n>`` subgraph per debate.

    Node shapes follow :data:`SHAPES`, colours :func:`argmap.exports.tabular.node_colour` (the fill
    a quarter opaque); ``asserts`` edges are dashed and ``on-issue`` edges dotted.

    >>> from argmap.exports.tabular import Table
    >>> row = {"id": "d/claim/c", "label": "Cars out", "kind": "claim", "debate": "d", "stance": "pro"}
    >>> print(table_dot(Table([row], []), name="d"))
    digraph "d" {
      graph [rankdir=LR, overlap=false];
      node [style=filled, fontname="Helvetica"];
      subgraph cluster_0 {
        label="d";
        "d/claim/c" [label="Cars out", shape=box, fillcolor="#2ca02c40", color="#2ca02c"];
      }
    }
    <BLANKLINE>
    """
    lines = [f"digraph {quoted(name)} {{", '  graph [rankdir=LR, overlap=false];', '  node [style=filled, fontname="Helvetica"];']
    by_debate = defaultdict(list)
    for row in table.nodes:
        by_debate[row["debate"]].append(row)
    for n, (debate, rows) in enumerate(sorted(by_debate.items())):
        lines.append(f"  subgraph cluster_{n} {{")
        lines.append(f"    label={quoted(debate)};")
        for row in rows:
            lines.append(f"    {quoted(row['id'])} [label={quoted(row['label'])}, shape={SHAPES.get(str(row['kind']), 'box')}, "
                         f"fillcolor={quoted(_hex(node_colour(row)) + '40')}, color={quoted(_hex(node_colour(row)))}];")
        lines.append("  }")
    for row in table.edges:
        kind = str(row["kind"])
        lines.append(f"  {quoted(row['source'])} -> {quoted(row['target'])} [label={quoted(kind)}, color={quoted(_hex(EDGE_COLOURS[kind]))}, "
                     f"style={STYLES.get(kind, 'solid')}, id={quoted(row['id'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(graph: Graph) -> str:
    """The graph as Graphviz DOT (speakers, issues, claims and the edges between them).

    >>> from argmap import load
    >>> dot = write_dot(load("tests/fixtures/mini.yaml"))
    >>> dot.splitlines()[0], dot.count(" -> "), dot.count("shape=hexagon")
    ('digraph "argmap" {', 15, 2)
    """
    return table_dot(project(graph))


