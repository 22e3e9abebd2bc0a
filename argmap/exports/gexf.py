"""GEXF out: Gephi's own format, the tabular projection with node and edge attributes and colours."""
from __future__ import annotations

import re

import networkx as nx
from rdflib import Graph

from argmap.exports.tabular import project, to_networkx


def write_gexf(graph: Graph) -> str:
    """The graph as GEXF 1.2 (https://gexf.net), attributes declared per class and ``viz:color``.

    The ``<meta>`` block networkx writes (with today's date) is replaced by a fixed one, so the same
    graph always gives the same text.

    >>> from argmap import load
    >>> gexf = write_gexf(load("tests/fixtures/mini.yaml"))
    >>> gexf.count("<node "), gexf.count("<edge "), "<creator>argmap</creator>" in gexf
    (11, 15, True)
    """
    text = "\n".join(nx.generate_gexf(to_networkx(project(graph), colour="viz"), version="1.2draft")) + "\n"
    return _META.sub('<meta>\n    <creator>argmap</creator>\n  </meta>', text, count=1)


# networkx stamps today's date and its own name; the same graph should give the same file.
_META = re.compile(r"<meta [^>]*>.*?</meta>", re.DOTALL)


